"""Text for the wall's widgets: a line written only when it changes, and level colours.

A wall over SSH should cost nothing when nothing happens: Textual redraws a Static on
every ``update`` even with the same text, so the wall's lines remember what they show.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.color import Color as ColorParser
from textual.color import ColorParseError
from textual.widgets import Static

from alohub_tui.wallboard.views import Cell

#: A level's colour when the theme does not define it.
FALLBACK_COLOURS = {"success": "green", "warning": "yellow", "error": "red",
                    "text-muted": "bright_black", "primary": "blue"}


class Line(Static):
    """A Static that redraws only when :meth:`put` gets different text, and re-lays out
    the screen only when it must: its width is ``auto`` and the text's width changed
    (a full layout per update cost an idle-looking wall a quarter of a core under load)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)  # text from outside: shown as it is
        super().__init__(*args, **kwargs)
        self._shown: str | Text | None = None

    def put(self, text: str | Text) -> bool:
        """Show ``text``; returns whether it changed."""
        if text == self._shown:
            return False
        old, self._shown = self._shown, text
        width = self.styles.width
        resize = (width is None or width.is_auto) and cell_len(str(old or "")) != cell_len(
            str(text))
        self.update(text, layout=resize)
        return True

    @property
    def shown(self) -> str:
        return "" if self._shown is None else str(self._shown)


def colour_of(app: Any, name: str) -> str:
    """A theme colour (``success``, ``warning``, ...) as a Rich colour (a theme may give
    an expression such as ``auto 60%``, which only CSS can resolve: then the fallback)."""
    value = (getattr(app, "theme_variables", {}) or {}).get(name, "")
    try:
        return ColorParser.parse(value).hex if value else FALLBACK_COLOURS.get(name, "default")
    except ColorParseError:
        return FALLBACK_COLOURS.get(name, "default")


def styled(app: Any, cell: Cell) -> str | Text:
    """A table cell: plain text, or coloured by its level (whose glyph it carries)."""
    if cell.look is None or not cell.look.colour:
        return cell.text
    return Text(cell.text, style=Style(color=colour_of(app, cell.look.colour)))
