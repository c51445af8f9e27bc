"""Every field of one call as a label/value grid (used beside the table and in a modal)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from alohub_tui.api.models import CallRecord
from alohub_tui.ui.call_labels import detail_rows
from alohub_tui.ui.plain import literal

EMPTY_HINT = "No call selected. Search, then move through the table with ↑/↓."


class CallDetail(Static):
    """Shows :func:`detail_rows` of a record, or a hint when there is none."""

    def __init__(self, record: CallRecord | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="call-detail")
        self.record = record

    def on_mount(self) -> None:
        self.show(self.record)

    def show(self, record: CallRecord | None) -> None:
        self.record = record
        if record is None:
            self.update(Text(EMPTY_HINT, style="dim"))
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in detail_rows(record):
            grid.add_row(label, literal(value))  # vendor text: never markup
        self.update(grid)
