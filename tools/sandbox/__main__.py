"""``python -m palaestra.tools.sandbox serve|check``."""

import sys

from palaestra.tools.sandbox.server import main

sys.exit(main())
