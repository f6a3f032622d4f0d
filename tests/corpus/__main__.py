"""``python -m tests.corpus [FILTER]``: judge every corpus program and print a summary."""

import collections
import sys

from .case import judge, load_all


def main(argv):
    wanted = argv[1] if len(argv) > 1 else ''
    counts = collections.Counter()
    for c in load_all():
        if wanted not in c.name:
            continue
        out = judge(c)
        counts[out.kind] += 1
        expected = out.kind == c.expect
        if not expected or '-v' in argv:
            print(f'{out.kind:8} {c.name} [{out.mode}] (expected {c.expect}) {out.detail}')
    print(dict(counts), 'programs:', sum(counts.values()))


if __name__ == '__main__':
    main(sys.argv)
