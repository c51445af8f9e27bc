"""``python -m alohub_tui.webhook``: the standalone receiver (same as ``alohub-tui webhook``)."""

from .cli import main

raise SystemExit(main())
