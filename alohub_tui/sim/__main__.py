"""``python -m alohub_tui.sim``: the simulator without the app's CLI."""

import sys

from .cli import main

sys.exit(main())
