#!/usr/bin/env python3
"""Writes the linker's dynamic list of the program: every symbol the media module's objects use
and do not define themselves, so that the program exports (for the module) just those of its own
functions and data, not all of them (src/mod/mod.h). Usage: dynlist.py NM OUT ARCHIVE..."""
import subprocess
import sys


def symbols(nm, path, flag):
    out = subprocess.run([nm, flag, '--format=just-symbols', path], check=True,
                         capture_output=True, text=True).stdout
    return {s for s in out.split() if not s.endswith(':')}


def main():
    nm, out, archives = sys.argv[1], sys.argv[2], sys.argv[3:]
    used, defined = set(), set()
    for a in archives:
        used |= symbols(nm, a, '--undefined-only')
        defined |= symbols(nm, a, '--defined-only')
    with open(out, 'w') as f:
        f.write('{\n')
        for s in sorted(used - defined):
            f.write('  %s;\n' % s)
        f.write('};\n')


main()
