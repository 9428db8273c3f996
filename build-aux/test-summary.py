#!/usr/bin/env python3
# test-summary.py - summarize meson's testlog.json for CI.
#
#   test-summary.py --label LABEL build/meson-logs/testlog.json
#       prints one line per test (with the reason of each skip) and, last,
#       "LABEL: N passed, N failed, N skipped"
#   test-summary.py --total summary.txt
#       adds up those last lines, repeats every skip with its reason, prints
#       "N passed, N failed, N skipped" and exits 1 when anything failed or
#       nothing ran at all.
import json
import re
import sys

GOOD = {'OK', 'EXPECTEDFAIL'}
SKIPPED = {'SKIP'}
TOTAL_RE = re.compile(r'^(\S+): (\d+) passed, (\d+) failed, (\d+) skipped$')


def skip_reason(entry):
    for stream in ('stdout', 'stderr'):
        for line in (entry.get(stream) or '').splitlines():
            if line.startswith('SKIP:'):
                return line[5:].strip()
    return 'no reason printed'


def summarize(label, path):
    passed = failed = skipped = 0
    try:
        with open(path, encoding='utf-8') as f:
            entries = [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        entries = []
    if not entries:
        # meson test stopped before it ran anything (or this build has no
        # test): a build whose tests did not run is a failure, not zero.
        failed += 1
        print(f'FAILED {label}: no test ran ({path} missing or empty)')
    for e in entries:
        name = f"{label}/{e['name']}"
        if e['result'] in GOOD:
            passed += 1
        elif e['result'] in SKIPPED:
            skipped += 1
            print(f'skipped {name}: {skip_reason(e)}')
        else:
            failed += 1
            print(f"FAILED {name}: {e['result']}")
    print(f'{label}: {passed} passed, {failed} failed, {skipped} skipped')


def total(path):
    passed = failed = skipped = 0
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    for line in lines:
        m = TOTAL_RE.match(line)
        if m:
            passed += int(m.group(2))
            failed += int(m.group(3))
            skipped += int(m.group(4))
        print(line)
    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return 1 if failed or passed == 0 else 0


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--label':
        summarize(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == '--total':
        sys.exit(total(sys.argv[2]))
    else:
        sys.exit('usage: test-summary.py --label LABEL testlog.json | --total summary.txt')
