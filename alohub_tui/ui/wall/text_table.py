"""A table drawn as one block of text: the wall's hotline, agent and missed-call rows.

A wall is read, never scrolled or clicked, so its tables need none of DataTable's
machinery: a DataTable re-measures itself and redraws over two or three frames after a
change (a third of the time from a webhook post to the screen), and compares or moves
rows one by one. Here a change is one widget update, drawn in the next frame: the rows
that fit under a header, each cell cut or padded to its column's width (with ``…`` when
cut), two spaces between columns. A row's line is built again only when its *token*
(the row's frozen model, which compares by value) changed, and the widget is redrawn
only when the text did, so an idle wall redraws nothing here. Rows that do not fit are
counted on the last line (``… 3 more not shown``): a wall never scrolls, so a list cut
without a word (21 missed calls, 18 on screen) read as complete.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

#: (key, label, width) of each column.
Columns = Sequence[tuple[str, str, int]]
#: (key, token, cells): one row; ``cells`` is called only when the token is new.
Row = tuple[str, Hashable, Callable[[], Sequence[str | Text]]]


def row_text(cells: Sequence[str | Text], columns: Columns) -> Text:
    """One line: a margin, then each cell cut or padded to its column, 2 spaces apart."""
    out = Text(" ")
    for n, (cell, (_key, _label, width)) in enumerate(zip(cells, columns, strict=True)):
        piece = cell.copy() if isinstance(cell, Text) else Text(cell)
        piece.truncate(width, overflow="ellipsis", pad=True)
        if n:
            out.append("  ")
        out.append_text(piece)
    return out


def header_text(columns: Columns) -> Text:
    return row_text([Text(label, style="bold") for _key, label, _width in columns], columns)


class TextTable(Static):
    """A header and the rows that fit below it; see the module docstring."""

    DEFAULT_CSS = "TextTable { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }"

    def __init__(self, columns: Columns, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.columns: Columns = tuple(columns)
        self._rows: list[Row] = []
        self._lines: dict[str, tuple[Hashable, Text]] = {}  # key -> (token, its line)
        self._shown: Text | None = None

    def set_columns(self, columns: Columns) -> None:
        """New columns: the rows go (their cells were for the old ones) until the next
        :meth:`show`."""
        if tuple(columns) == self.columns:
            return
        self.columns = tuple(columns)
        self._rows = []
        self._lines.clear()
        self._draw()

    def show(self, rows: Sequence[Row]) -> None:
        """Show ``rows`` in this order (as many as fit)."""
        self._rows = list(rows)
        self._draw()

    def on_resize(self, event: Resize) -> None:
        self._draw()

    def _visible(self) -> list[Row]:
        """The rows on screen: all that fit under the header, less one line for the count
        of the others when some do not fit."""
        room = self.size.height - 1
        if not self.size.height or len(self._rows) <= room:
            return self._rows
        return self._rows[:max(0, room - 1)]

    def _line(self, row: Row) -> Text:
        key, token, cells = row
        known = self._lines.get(key)
        if known is None or known[0] != token:
            known = (token, row_text(cells(), self.columns))
            self._lines[key] = known
        return known[1]

    def _draw(self) -> None:
        visible = self._visible()
        lines = [header_text(self.columns), *(self._line(row) for row in visible)]
        if len(visible) < len(self._rows):
            lines.append(Text(f" … {len(self._rows) - len(visible)} more not shown",
                              style="dim"))
        wanted = {key for key, _token, _cells in visible}
        for key in [k for k in self._lines if k not in wanted]:
            del self._lines[key]
        text = Text("\n").join(lines)
        if text == self._shown:
            return
        self._shown = text
        self.update(text)

    # ---------------------------------------------------------------- for tests

    @property
    def keys(self) -> list[str]:
        """The keys of the rows on screen, top first."""
        return [key for key, _token, _cells in self._visible()]

    def cells(self, key: str) -> list[str]:
        """The cells of row ``key`` as plain text (it must be on screen)."""
        row = next(row for row in self._visible() if row[0] == key)
        return [str(cell) for cell in row[2]()]
