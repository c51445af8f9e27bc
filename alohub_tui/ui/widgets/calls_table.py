"""The call history table: one page of calls, sortable by any column, keyed by call id.

Sorting is done on the records (a datetime, an int of seconds), not on the displayed
text, so "10:05" sorts after "9:59" and an unanswered call sorts as 0 s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from alohub_tui.api.models import CallRecord
from alohub_tui.ui.call_labels import (
    direction_text,
    hangup_text,
    recording_mark,
    short_time,
    status_text,
)
from alohub_tui.ui.column_fit import ALWAYS, FitColumn
from alohub_tui.ui.widgets.fitted_table import FittedTable
from alohub_tui.vntime import TIME_DISPLAY, fmt_duration


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    rank: int  # the width budget (ui/column_fit.py): 0 always shown, then by rank
    cell: Callable[[CallRecord], str | Text]
    sort_key: Callable[[CallRecord], Any]


#: At 80 columns the first eight show whole (a one-day page shows the start's time
#: only: the status line names the day); the rest give way in rank order and are in the
#: call's detail (Enter).
COLUMNS: tuple[Column, ...] = (
    Column("start", "Start", ALWAYS, lambda r: short_time(r.starttime),
           lambda r: r.starttime or datetime.min),
    Column("dir", "Dir", 2, lambda r: direction_text(r.direction), lambda r: r.direction),
    Column("status", "Status", ALWAYS, lambda r: status_text(r.call_status),
           lambda r: r.call_status),
    Column("rec", "♪", 1, recording_mark, lambda r: bool(r.recording_url)),
    Column("caller", "Caller", ALWAYS, lambda r: r.caller_number, lambda r: r.caller_number),
    Column("dest", "Destination", ALWAYS, lambda r: r.destination_number,
           lambda r: r.destination_number),
    Column("dur", "Dur", ALWAYS, lambda r: fmt_duration(r.total_duration),
           lambda r: r.total_duration),
    Column("agent", "Agent", ALWAYS, lambda r: r.agent, lambda r: r.agent.lower()),
    Column("hold", "Hold", 4, lambda r: fmt_duration(r.holding_duration),
           lambda r: r.holding_duration),
    Column("hangup", "Hung up", 5, lambda r: hangup_text(r.hangup_by), lambda r: r.hangup_by),
    Column("txn", "Transaction id", 3, lambda r: r.transaction_id,
           lambda r: r.transaction_id),
)
_BY_KEY = {column.key: column for column in COLUMNS}


class CallsTable(FittedTable):
    """A table of :class:`CallRecord` rows. Row keys are call ids."""

    class SortChanged(Message):
        """The sort column or direction changed (by key or by a header click)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__([FitColumn(c.key, c.label, c.rank) for c in COLUMNS], id=id,
                         zebra_stripes=True)
        self.records: tuple[CallRecord, ...] = ()
        self.sort_column: str | None = None  # None: the server's order (newest first)
        self.sort_reverse = False
        self._by_row: dict[str, CallRecord] = {}
        self._one_day = True  # the page is one day: the start shows the time only

    # ---------------------------------------------------------------- data

    def show_records(self, records: Sequence[CallRecord]) -> None:
        """Replace the rows with ``records`` (kept in the current sort order)."""
        self.records = tuple(records)
        self._fill(keep_cursor=False)

    def _ordered(self) -> list[CallRecord]:
        if self.sort_column is None:
            return list(self.records)
        key = _BY_KEY[self.sort_column].sort_key
        return sorted(self.records, key=key, reverse=self.sort_reverse)

    def _fill(self, keep_cursor: bool) -> None:
        selected = self.selected_row_key if keep_cursor else None
        self.labels = {} if self.sort_column is None else {
            self.sort_column: _BY_KEY[self.sort_column].label
            + (" ▼" if self.sort_reverse else " ▲")}
        self._one_day = len({r.starttime.date() for r in self.records if r.starttime}) <= 1
        self._by_row = {}
        rows = []
        for record in self._ordered():
            key = record.call_id or "(no id)"
            n = 1
            while key in self._by_row:  # a server may repeat a call id (answer + end rows)
                n += 1
                key = f"{record.call_id}#{n}"
            self._by_row[key] = record
            rows.append((key, self._cells(record)))
        self.fill(rows, selected)

    def _cells(self, record: CallRecord) -> list[str | Text]:
        cells = [column.cell(record) for column in COLUMNS]
        if self._one_day and record.starttime:
            cells[0] = record.starttime.strftime(TIME_DISPLAY)
        return cells

    def replace_record(self, old: CallRecord, new: CallRecord) -> None:
        """Show ``new`` in ``old``'s row (a call in progress that has moved on)."""
        self.records = tuple(new if record is old else record for record in self.records)
        for key, record in self._by_row.items():
            if record is old:
                self._by_row[key] = new
                self.put(key, self._cells(new))

    @property
    def selected_row_key(self) -> str | None:
        return self.cursor_key

    @property
    def selected_record(self) -> CallRecord | None:
        key = self.selected_row_key
        return self._by_row.get(key) if key is not None else None

    def record_for(self, row_key: str | None) -> CallRecord | None:
        return self._by_row.get(row_key) if row_key is not None else None

    # ---------------------------------------------------------------- sorting

    def sort_on(self, column_key: str) -> None:
        """Sort by ``column_key``; the same column again flips the direction."""
        if column_key == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column_key, False
        self._resort()

    def cycle_sort(self) -> None:
        """Next column; after the last one, back to the server's order."""
        keys = [column.key for column in COLUMNS]
        if self.sort_column is None:
            self.sort_column = keys[0]
        else:
            index = keys.index(self.sort_column) + 1
            self.sort_column = keys[index] if index < len(keys) else None
        self.sort_reverse = False
        self._resort()

    def reverse_sort(self) -> None:
        if self.sort_column is None:
            self.sort_column, self.sort_reverse = COLUMNS[0].key, False  # oldest first
        else:
            self.sort_reverse = not self.sort_reverse
        self._resort()

    def _resort(self) -> None:
        self._fill(keep_cursor=True)
        self.post_message(self.SortChanged())

    @property
    def sort_description(self) -> str:
        if self.sort_column is None:
            return "newest first"
        arrow = "▼" if self.sort_reverse else "▲"
        return f"sorted by {_BY_KEY[self.sort_column].label.lower()} {arrow}"

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_on(str(event.column_key.value))
