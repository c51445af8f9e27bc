"""The wall screen (``alohub-tui --wall``, and each page of ``alohub-tui serve``).

- :mod:`.app`: :class:`WallApp`, pages, keys, rotation, header and notes;
- :mod:`.refresh`: the one refresh loop and the check that it is alive;
- :mod:`.overview`, :mod:`.agents_page`, :mod:`.missed_page`: the pages;
- :mod:`.alerting`: bell, banner, ``on_alert``, acknowledging;
- :mod:`.cells`, :mod:`.rows`: lines and tables that redraw only what changed.

What the wall says is decided in :mod:`alohub_tui.wallboard` (no Textual).
"""

from alohub_tui.ui.wall.app import WallApp

__all__ = ["WallApp"]
