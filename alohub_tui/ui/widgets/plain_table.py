"""A DataTable that shows text cells as they are (see :mod:`alohub_tui.ui.plain`).

Every table in the app that shows data from the API, the webhook, the config or the
user is a :class:`PlainTable`.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from alohub_tui.ui.plain import literal


class PlainTable(DataTable[Any]):
    """:class:`DataTable` whose cells are never read as markup."""

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        return super().add_row(*map(literal, cells), height=height, key=key, label=label)

    def update_cell(self, row_key: RowKey | str, column_key: ColumnKey | str, value: Any, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, literal(value), update_width=update_width)
