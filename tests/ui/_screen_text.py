"""What the terminal shows, as lines of plain text (for "is it visible in full" tests)."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.app import App


def screen_lines(app: App[Any]) -> list[str]:
    """The screen as the user sees it (dialogs over the screens below), one str a row."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system=None, record=True, legacy_windows=False, safe_box=False)
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text(styles=False).splitlines()[:height]


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))
