"""The width budget of a table: which columns show, each whole, in the width there is.

Every column is as wide as its widest value (or its header). When the row is wider than
the table, columns give way in a declared order instead of being cut: ``rank`` 0 must
always show; the others are added by rank while they fit. A value is never cut in the
middle of a column that shows, except in a ``grow`` column (free text such as a name,
shown whole elsewhere: the detail or the editor), which takes the room that is left,
down to ``min_width``, and ends with "…".

What gives way on each screen is written where its columns are declared; hidden
values stay reachable (History's detail, the highlighted row's line under a table).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ALWAYS = 0


@dataclass(frozen=True)
class FitColumn:
    key: str
    label: str
    rank: int = ALWAYS
    grow: bool = False
    min_width: int = 6


def fit_columns(columns: Sequence[FitColumn], needs: Mapping[str, int], available: int,
                padding: int = 1) -> dict[str, int]:
    """Column key -> width for the columns that show, in ``columns``' order.

    ``needs``: the width each column's values need whole (its header included);
    ``padding``: the table's cell padding on each side.
    """
    def cost(column: FitColumn) -> int:
        width = column.min_width if column.grow else needs.get(column.key, 0)
        return width + 2 * padding

    shown = {c.key for c in columns if c.rank == ALWAYS}
    used = sum(cost(c) for c in columns if c.key in shown)
    for column in sorted((c for c in columns if c.rank != ALWAYS), key=lambda c: c.rank):
        if used + cost(column) <= available:
            shown.add(column.key)
            used += cost(column)
    left = max(0, available - used)
    widths: dict[str, int] = {}
    for column in columns:
        if column.key not in shown:
            continue
        need = needs.get(column.key, 0)
        if column.grow:
            extra = min(left, max(0, need - column.min_width))
            left -= extra
            widths[column.key] = min(need, column.min_width + extra) if need else column.min_width
        else:
            widths[column.key] = need
    return widths
