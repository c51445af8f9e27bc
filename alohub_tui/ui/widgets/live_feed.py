"""A DataTable of live calls, newest first, keyed by call id and updated in place.

DataTable can only append rows, so rows are appended and then re-sorted when the order
changes. :meth:`DataTable.sort` sees cell values only, so the time cell is a ``str``
that also carries its call's place in the feed (:class:`_Stamp`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate

from alohub_tui.live.feed import FeedChange, LiveFeed, matches
from alohub_tui.ui.live_labels import feed_cell
from alohub_tui.ui.widgets.plain_table import PlainTable
from alohub_tui.webhook.events import CallEvent

#: key -> (label, width). Widths are fixed: no measuring cells on every update.
COLUMNS: dict[str, tuple[str, int]] = {
    "time": ("Time", 8),
    "direction": ("Dir", 5),
    "status": ("Status", 11),
    "caller": ("Caller", 11),
    "destination": ("To", 11),
    "customer": ("Customer", 11),  # the far end: caller of an inbound call, else callee
    "hotline": ("Line", 11),  # our end: the number called, or the agent's extension
    "agent": ("Agent", 10),
    "duration": ("Dur", 6),
}
#: The Live tab's feed: what the issue asks for, in 78 columns.
FEED_COLUMNS = ("time", "direction", "status", "caller", "destination", "agent", "duration")


class _Stamp(str):
    """A time cell that sorts by its call's place in the feed, not by its text."""

    order: tuple[str, int]

    def __new__(cls, text: str, order: tuple[str, int]) -> _Stamp:
        stamp = super().__new__(cls, text)
        stamp.order = order
        return stamp


def _order(cell: Any) -> tuple[str, int]:
    return cell.order if isinstance(cell, _Stamp) else ("", 0)


class LiveFeedTable(PlainTable):
    """Shows the calls of a :class:`LiveFeed` that pass ``include`` and the filter."""

    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        columns: Sequence[str] = FEED_COLUMNS,
        include: Callable[[CallEvent], bool] | None = None,
        max_rows: int | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)
        self._clock = clock
        self._keys = tuple(columns)
        self._include = include
        self._max_rows = max_rows
        self.needle = ""

    def on_mount(self) -> None:
        self.use_columns(self._keys)

    def use_columns(self, columns: Sequence[str]) -> None:
        """Show these columns of :data:`COLUMNS` (the rows go too; call :meth:`rebuild`)."""
        if not columns or columns[0] != "time":
            raise ValueError("the first column must be the time (it carries the order)")
        self._keys = tuple(columns)
        self.clear(columns=True)
        for key in self._keys:
            label, width = COLUMNS[key]
            self.add_column(label, key=key, width=width)

    def _wanted(self, event: CallEvent) -> bool:
        if self._include is not None and not self._include(event):
            return False
        return matches(event, self.needle)

    def _cells(self, event: CallEvent, order: tuple[str, int]) -> list[str | Text]:
        today = self._clock().date()
        cells: list[str | Text] = [feed_cell(key, event, today) for key in self._keys]
        cells[0] = _Stamp(str(cells[0]), order)
        return cells

    def rebuild(self, feed: LiveFeed) -> None:
        """Show ``feed`` from scratch (after a new filter, or on resume)."""
        self.clear()
        shown = 0
        for event in feed.newest_first():
            if self._max_rows is not None and shown >= self._max_rows:
                break
            if self._wanted(event):
                self.add_row(*self._cells(event, feed.order_key(event.call_id)),
                             key=event.call_id)
                shown += 1

    def show(self, feed: LiveFeed, change: FeedChange) -> None:
        """Apply one batch: rows removed, updated in place (``update_cell``), or added."""
        for call_id in change.removed:
            if call_id in self.rows:
                self.remove_row(call_id)
        resort = False
        for call_id in (*change.updated, *change.added):
            event = feed.get(call_id)
            if event is None:
                continue
            present = call_id in self.rows
            if not self._wanted(event):
                if present:
                    self.remove_row(call_id)
                continue
            cells = self._cells(event, feed.order_key(call_id))
            if not present:
                self.add_row(*cells, key=call_id)
                resort = True
                continue
            if _order(self.get_cell(call_id, "time")) != _order(cells[0]):
                resort = True
            for key, value in zip(self._keys, cells, strict=True):
                self.update_cell(call_id, key, value)
        if resort:
            self._resort()

    def _resort(self) -> None:
        """Newest first, keeping the cursor on the row it was on; trim to ``max_rows``."""
        keep = None
        if self.cursor_row > 0 and self.row_count:
            keep = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        self.sort("time", key=_order, reverse=True)
        if self._max_rows is not None:
            while self.row_count > self._max_rows:
                last = self.coordinate_to_cell_key(Coordinate(self.row_count - 1, 0)).row_key
                self.remove_row(last)
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False, scroll=False)
