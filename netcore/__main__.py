"""``python -m netcore``: see :mod:`netcore.cli`."""

import sys

from netcore.cli import main

sys.exit(main())
