"""Every field of one call as a label/value grid (used beside the table and in a modal).

A call in progress shows its duration so far, ticking each second while it is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from alohub_tui.api.models import CallRecord
from alohub_tui.ui.call_labels import detail_rows
from alohub_tui.ui.plain import literal
from alohub_tui.ui.shown import is_shown

EMPTY_HINT = "No call selected. Search, then move through the table with ↑/↓."


class CallDetail(Static):
    """Shows :func:`detail_rows` of a record, or a hint when there is none. ``clock``:
    naive Vietnam "now", for the duration of a call in progress."""

    def __init__(self, record: CallRecord | None = None, *, id: str | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(id=id, classes="call-detail")
        self.record = record
        self._clock = clock

    def on_mount(self) -> None:
        self.show(self.record)
        if self._clock is not None:
            self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if self.record is not None and not self.record.final and is_shown(self):
            self.show(self.record)

    def show(self, record: CallRecord | None) -> None:
        self.record = record
        if record is None:
            self.update(Text(EMPTY_HINT, style="dim"))
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        now = self._clock() if self._clock is not None else None
        for label, value in detail_rows(record, now):
            grid.add_row(label, literal(value))  # vendor text: never markup
        self.update(grid)
