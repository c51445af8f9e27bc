"""Plain-text columns for the commands' tables (``dials``, ``audit``, ``callbacks``)."""

from __future__ import annotations

from collections.abc import Sequence


def column_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    """Each row as one line: every column but the last padded to its widest cell, two
    spaces between columns, the last column as it is (it may be long free text)."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines
