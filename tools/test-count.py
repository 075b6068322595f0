#!/usr/bin/env python3
"""Counts test cases in a meson test log (testlog.json): each suite's own "N passed, M failed"
line or cmocka's summary when it printed one, else the suite itself as one case.
Prints "PASSED FAILED" and the names of failed suites on following lines."""
import json
import re
import sys

passed = failed = 0
bad = []
with open(sys.argv[1], encoding='utf-8', errors='replace') as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        t = json.loads(line)
        out = t.get('stdout') or ''
        ok = t.get('result') in ('OK', 'EXPECTEDFAIL')
        skipped = t.get('result') == 'SKIP'
        m = re.findall(r'^(\d+) passed, (\d+) failed', out, re.M)
        run = re.findall(r'^\[=+\] (\d+) test\(s\) run\.', out, re.M)
        cfail = re.findall(r'^\[  FAILED  \] (\d+) test\(s\)', out, re.M)
        if m:
            p, q = (int(x) for x in m[-1])
        elif run:
            q = sum(int(x) for x in cfail)
            p = sum(int(x) for x in run) - q
        elif skipped:
            p = q = 0
        else:
            p, q = (1, 0) if ok else (0, 1)
        if not ok and not skipped and q == 0:
            q = 1  # the suite failed (crash, timeout) without saying which case
        passed += p
        failed += q
        if not ok and not skipped:
            bad.append(t.get('name', '?'))
print(passed, failed)
for name in bad:
    print(name)
