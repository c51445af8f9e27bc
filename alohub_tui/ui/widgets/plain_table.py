"""A DataTable that shows text cells as they are.

Textual reads a ``str`` cell holding ``[`` as console markup: vendor text such as an
agent called ``[/x]`` raised MarkupError while the table was drawn (a crash), and
``[red]`` would have restyled the cell. Every table in the app that shows data from
the API, the webhook, the config or the user is a :class:`PlainTable`.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey


def literal(value: Any) -> Any:
    """``value``, with a ``str`` that markup could read turned into plain :class:`Text`.

    Other strings stay ``str`` (cheaper, and :meth:`DataTable.sort` compares them)."""
    if isinstance(value, str) and "[" in value:
        return Text(value)
    return value


class PlainTable(DataTable[Any]):
    """:class:`DataTable` whose cells are never read as markup (see module docstring)."""

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        return super().add_row(*map(literal, cells), height=height, key=key, label=label)

    def update_cell(self, row_key: RowKey | str, column_key: ColumnKey | str, value: Any, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, literal(value), update_width=update_width)
