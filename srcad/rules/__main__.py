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
    parser.add_argument('--parameters', action='store_true',
                        help='print how every parameter without an adjoint is classified: '
                             'constant (and why) or refused when differentiated')
    args = parser.parse_args(argv)
    if args.parameters:
        print(catalog.parameter_report())
        return
    print(catalog.markdown() if args.markdown else catalog.summary(), end='' if args.markdown else '\n')


if __name__ == '__main__':
    main()
