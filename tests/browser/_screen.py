"""Reading the served wall from the page: xterm's accessibility tree, row by row.

The page turns on xterm's screen-reader mode (``alohub-serve.js``), so every terminal row
is also a DOM element with the row's text. The counters are drawn with Textual's 3x3
``Digits`` glyphs; :func:`tile_value` reads them back.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from textual.renderables.digits import Digits

ROWS = ".xterm-accessibility-tree > div"


def screen_rows(page: Any) -> list[str]:
    rows: list[str] = page.locator(ROWS).all_text_contents()
    return rows


def screen_text(page: Any) -> str:
    return "\n".join(screen_rows(page))


def _dedent(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    indent = min((len(line) - len(line.lstrip()) for line in lines if line), default=0)
    return [line[indent:] for line in lines]


def digit_rows(text: str) -> list[str]:
    """How Textual's Digits draws ``text``: three rows, each glyph 3 columns wide."""
    drawn = "".join(segment.text for segment in Digits(text).render(Style()))
    return drawn.split("\n")[:3]


def tile_rows(rows: list[str], title: str) -> list[str] | None:
    """The three digit rows inside the tile titled ``title``, or None if not on screen."""
    for index, row in enumerate(rows[:-3]):
        at = row.find(f" {title} ")
        if at < 0:
            continue
        left, right = row.rfind("╭", 0, at), row.find("╮", at)
        if left < 0 or right < 0:
            continue
        inside = [line[left + 1:right] for line in rows[index + 1:index + 4]]
        return _dedent(inside)
    return None


def tile_shows(page: Any, title: str, value: str) -> bool:
    return tile_value(page, title) == value


def tile_value(page: Any, title: str) -> str | None:
    """The digits the tile titled ``title`` shows ("-" before the first read), or None."""
    rows = tile_rows(screen_rows(page), title)
    if rows is None:
        return None
    width = max(len(row) for row in rows)
    rows = [row.ljust(width + 2) for row in rows]
    text = ""
    for column in range(0, width, 3):
        glyph = [row[column:column + 3] for row in rows]
        char = _GLYPHS.get(tuple(glyph))
        if char is None:
            return None
        text += char
    return text


_GLYPHS = {tuple(digit_rows(c)): c for c in "0123456789-"}
