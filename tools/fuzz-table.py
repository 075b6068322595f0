#!/usr/bin/env python3
"""Tables for docs/SECURITY.md from build-fuzz/findings/summary.txt (written by tools/fuzz-long.sh).

    tools/fuzz-table.py [SUMMARY] [--run 'TIMESTAMP']

Prints, for the run whose header line contains TIMESTAMP (default: the last run), a Markdown table
(target, wall s, CPU s, runs, coverage, features, result) and its CPU total; then every target's CPU
seconds over all runs recorded with CPU time, with what is left to one CPU-hour each.
"""
import re
import sys

GOAL = 3600
LINE = re.compile(r'^(\S+)\s+(\d+)s\s+cpu\s+(\S+)s\s+runs\s+(\S+)\s+cov\s+(\S+)\s+ft\s+(\S+)\s+(.*)$')


def num(s):
    return '{:,}'.format(int(s)) if s.isdigit() else s


def main():
    args = sys.argv[1:]
    want = None
    if '--run' in args:
        i = args.index('--run')
        want = args[i + 1]
        del args[i:i + 2]
    path = args[0] if args else 'build-fuzz/findings/summary.txt'
    runs, cur = [], None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('=='):
            cur = (line, [])
            runs.append(cur)
            continue
        m = LINE.match(line)
        if m and cur:
            cur[1].append(m.groups())
    if not runs:
        sys.exit('fuzz-table: no run in %s' % path)
    run = runs[-1] if want is None else next((r for r in runs if want in r[0]), None)
    if run is None:
        sys.exit('fuzz-table: no run matches %r' % want)
    print(run[0])
    print()
    print('| target | wall s | CPU s | runs | coverage (edges) | features | result |')
    print('|---|---|---|---|---|---|---|')
    total = 0
    for name, wall, cpu, n, cov, ft, result in run[1]:
        total += int(cpu) if cpu.isdigit() else 0
        print('| %s | %s | %s | %s | %s | %s | %s |' % (name, wall, num(cpu), num(n), cov, ft, result))
    print()
    print('That run: {:,} CPU-seconds.'.format(total))
    print()
    per = {}
    for _, rows in runs:
        for name, _, cpu, *_ in rows:
            if cpu.isdigit():
                per[name] = per.get(name, 0) + int(cpu)
    print('| target | CPU s in all | left to one CPU-hour |')
    print('|---|---|---|')
    for name in sorted(per, key=lambda k: per[k]):
        print('| %s | {:,} | {:,} |'.format(per[name], max(0, GOAL - per[name])) % name)
    print()
    print('All runs: {:,} CPU-seconds ({:.1f} CPU-hours), {:,} left.'.format(
        sum(per.values()), sum(per.values()) / 3600,
        sum(max(0, GOAL - v) for v in per.values())))


if __name__ == '__main__':
    main()
