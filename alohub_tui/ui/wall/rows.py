"""Keep a table's rows equal to a wanted list, touching only what changed.

A wall refreshes many times a second under load; clearing and refilling its tables each
time would redraw every cell (and cost the terminal the bytes), and even comparing every
cell of every row cost a busy wall a tenth of its time. :class:`TableSync` remembers a
*token* per row (the row's frozen model, which compares by value): a row whose token is
unchanged is not looked at again; rows no longer wanted are removed, new ones added
(their cells built only then), changed ones updated cell by cell, and the table is
re-ordered only when the order changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from alohub_tui.ui.plain import literal
from alohub_tui.ui.widgets.plain_table import PlainTable

Row = tuple[str, Hashable, Callable[[], Sequence[Any]]]  # (key, token, cells in column order)


class TableSync:
    """Shows lists of rows in ``table``; see the module docstring."""

    def __init__(self, table: PlainTable) -> None:
        self.table = table
        self._tokens: dict[str, Hashable] = {}

    def reset(self) -> None:
        """The table was cleared (new columns): every row is new again."""
        self._tokens.clear()

    def show(self, rows: Sequence[Row]) -> bool:
        """Make the table show ``rows`` in this order; returns whether anything changed."""
        table = self.table
        wanted = [key for key, _token, _cells in rows]
        keep = set(wanted)
        changed = False
        for row in list(table.ordered_rows):
            if row.key.value not in keep:
                table.remove_row(row.key)
                self._tokens.pop(str(row.key.value), None)
                changed = True
        columns = [column.key for column in table.ordered_columns]
        for key, token, cells in rows:
            if key not in table.rows:
                table.add_row(*cells(), key=key)
            elif self._tokens.get(key) != token:
                for column, old, new in zip(columns, table.get_row(key), cells(), strict=True):
                    if old != literal(new):
                        table.update_cell(key, column, new)
            else:
                continue
            self._tokens[key] = token
            changed = True
        if [row.key.value for row in table.ordered_rows] != wanted:
            # DataTable sorts by cell values only: rank each row by its first cell's identity.
            rank = {id(table.get_cell(key, columns[0])): i for i, key in enumerate(wanted)}
            table.sort(key=lambda values: rank[id(values[0])])
            changed = True
        return changed
