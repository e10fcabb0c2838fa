"""``python -m spacedip``: the same as the ``spacedip`` command."""

import sys

from spacedip.cli import main

sys.exit(main())
