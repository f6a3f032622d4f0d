"""``python -m srcad``: the command line (see :mod:`srcad.cli`)."""

import sys

from .cli import main

if __name__ == '__main__':
    sys.exit(main())
