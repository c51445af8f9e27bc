"""Keep a table's rows equal to a wanted list, touching only what changed.

A wall refreshes many times a minute; clearing and refilling its tables each time would
redraw every cell (and cost the terminal the bytes). :func:`sync_rows` removes rows no
longer wanted, updates only the cells whose text changed, adds new rows, and re-orders
only when the order changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from alohub_tui.ui.plain import literal
from alohub_tui.ui.widgets.plain_table import PlainTable

Row = tuple[str, Sequence[Any]]  # (row key, cells in column order)


def sync_rows(table: PlainTable, rows: Sequence[Row]) -> bool:
    """Make ``table`` show ``rows`` in this order; returns whether anything changed."""
    wanted = [key for key, _cells in rows]
    keep = set(wanted)
    changed = False
    for row in list(table.ordered_rows):
        if row.key.value not in keep:
            table.remove_row(row.key)
            changed = True
    columns = [column.key for column in table.ordered_columns]
    for key, cells in rows:
        if key not in table.rows:
            table.add_row(*cells, key=key)
            changed = True
            continue
        for column, old, new in zip(columns, table.get_row(key), cells, strict=True):
            if old != literal(new):
                table.update_cell(key, column, new)
                changed = True
    if [row.key.value for row in table.ordered_rows] != wanted:
        # DataTable sorts by cell values only: rank each row by its first cell's identity.
        rank = {id(table.get_cell(key, columns[0])): i for i, key in enumerate(wanted)}
        table.sort(key=lambda values: rank[id(values[0])])
        changed = True
    return changed
