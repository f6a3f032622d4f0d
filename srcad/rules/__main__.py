"""``python -m srcad.rules``: how many differentiable callables srcad knows.

``--markdown`` prints the generated list kept in ``docs/functions.md``::

    python -m srcad.rules --markdown > docs/functions.md
"""

import argparse

from . import catalog


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog='python -m srcad.rules', description=__doc__.split('\n')[0])
    parser.add_argument('--markdown', action='store_true',
                        help='print the Markdown list of differentiable functions')
    args = parser.parse_args(argv)
    print(catalog.markdown() if args.markdown else catalog.summary(), end='' if args.markdown else '\n')


if __name__ == '__main__':
    main()
