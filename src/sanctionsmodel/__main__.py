"""``python -m sanctionsmodel``: the same as the ``sanctionsmodel`` command."""

import sys

from sanctionsmodel.cli import main

sys.exit(main())
