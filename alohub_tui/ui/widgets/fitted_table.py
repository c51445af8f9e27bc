"""A table whose columns fit its width (:mod:`alohub_tui.ui.column_fit`).

It keeps every row's cells for every declared column, so it can show another set of
columns when the terminal is resized or a wider value arrives, without asking the owner
for the rows again. Rows are keyed; the cursor stays on its row across a refit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.coordinate import Coordinate

from alohub_tui.ui.column_fit import FitColumn, fit_columns
from alohub_tui.ui.widgets.plain_table import PlainTable


def _width(cell: Any) -> int:
    if isinstance(cell, Text):
        return cell.cell_len
    return cell_len(str(cell)) if cell is not None else 0


class FittedTable(PlainTable):
    """:class:`PlainTable` of keyed rows whose columns give way by rank, never cut."""

    def __init__(self, columns: Sequence[FitColumn] = (), **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)
        self.fit_spec = list(columns)
        self.labels: dict[str, str] = {}  # header overrides (a sort arrow)
        self._rows: dict[str, list[Any]] = {}
        self.shown: dict[str, int] = {}  # column key -> width, as drawn now

    @property
    def cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        return str(self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key.value)

    def cells(self, key: str) -> dict[str, Any]:
        """Every declared column's cell of row ``key`` (shown or not)."""
        return dict(zip((c.key for c in self.fit_spec), self._rows[key], strict=True))

    def fill(self, rows: Iterable[tuple[str, Sequence[Any]]], cursor: str | None = None) -> None:
        """Replace the rows (cells in declared column order); the cursor goes to row
        ``cursor`` if given and present, else to the first row."""
        self._rows = {key: list(cells) for key, cells in rows}
        self._redraw(cursor)

    def put(self, key: str, cells: Sequence[Any]) -> None:
        """Update row ``key`` in place (or append it)."""
        known = key in self._rows
        self._rows[key] = list(cells)
        if not known or self._fit() != self.shown:
            self._redraw(self.cursor_key)
            return
        for column_key, value in self.cells(key).items():
            if column_key in self.shown:
                self.update_cell(key, column_key, value)

    def relabel(self, labels: Mapping[str, str]) -> None:
        self.labels = dict(labels)
        self._redraw(self.cursor_key)

    def on_resize(self) -> None:
        if self._fit() != self.shown:
            self._redraw(self.cursor_key)

    def _available(self) -> int:
        """The width for cells: the table's, less the scrollbar if the rows need one."""
        width = self.size.width
        if len(self._rows) + (1 if self.show_header else 0) > self.size.height:
            width -= self.styles.scrollbar_size_vertical
        return width

    def _fit(self) -> dict[str, int]:
        needs = {}
        for index, column in enumerate(self.fit_spec):
            label = self.labels.get(column.key, column.label)
            needs[column.key] = max([cell_len(label), *(_width(row[index])
                                                        for row in self._rows.values())])
        if not self.size.width:  # not laid out yet: everything, refitted on the resize
            return needs
        return fit_columns(self.fit_spec, needs, self._available(), self.cell_padding)

    def _redraw(self, cursor: str | None) -> None:
        self.shown = self._fit()
        self.clear(columns=True)
        indexes = [i for i, c in enumerate(self.fit_spec) if c.key in self.shown]
        for index in indexes:
            column = self.fit_spec[index]
            self.add_column(self.labels.get(column.key, column.label), key=column.key,
                            width=self.shown[column.key])
        for key, row in self._rows.items():
            self.add_row(*(self._cell(row[i], self.fit_spec[i]) for i in indexes), key=key)
        if cursor is not None and cursor in self._rows:
            self.move_cursor(row=self.get_row_index(cursor))

    def _cell(self, value: Any, column: FitColumn) -> Any:
        """A grow column's cell ends with "…" when cut (DataTable would just crop it)."""
        if not column.grow:
            return value
        text = value.copy() if isinstance(value, Text) else Text(str(value))
        text.truncate(self.shown[column.key], overflow="ellipsis")
        return text
