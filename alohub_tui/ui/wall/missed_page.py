"""The missed-calls page: today's missed inbound calls, newest first, and their count.

Short abandons (the caller hung up within ``short_abandon_s``) are marked, and so are
calls known only from the backfill of receiver downtime (``↻``). The rows are given to
the table only when the list changed (:attr:`WallReading.missed_version`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from alohub_tui.ui.call_labels import status_text
from alohub_tui.ui.wall.cells import Line
from alohub_tui.ui.wall.text_table import TextTable
from alohub_tui.vntime import CLOCK_DISPLAY, fmt_duration
from alohub_tui.wallboard.missed import MissedCall
from alohub_tui.wallboard.snapshot import WallSnapshot

ROWS = 100  # rows given to the table: more than any screen shows
WIDE_COLUMNS = (("ended", "Ended", 8), ("customer", "Customer", 14), ("hotline", "Hotline", 12),
                ("agent", "Agent", 12), ("waited", "Waited", 7), ("status", "Status", 12),
                ("note", "", 16))
NARROW_COLUMNS = (("ended", "Ended", 8), ("customer", "Customer", 12), ("waited", "Waited", 6),
                  ("agent", "Agent", 10), ("status", "Status", 10), ("note", "", 9))


def summary(snapshot: WallSnapshot, shown: int) -> str:
    overall = snapshot.overall
    missed = overall.abandoned + overall.short_abandoned
    text = (f"Missed today: {missed} (abandoned {overall.abandoned}, short abandons "
            f"{overall.short_abandoned} ≤ {snapshot.settings.short_abandon_s} s)")
    if missed > shown:
        text += f" · latest {shown} listed"
    return text


class MissedPage(Vertical):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._version = -1

    def compose(self) -> ComposeResult:
        yield Line("", id="wall-missed-note", classes="page-note")
        yield TextTable(NARROW_COLUMNS, id="wall-missed")

    def use_width(self, wide: bool) -> None:
        self.query_one("#wall-missed", TextTable).set_columns(
            WIDE_COLUMNS if wide else NARROW_COLUMNS)
        self._version = -1  # the rows' cells follow the columns

    def show(self, snapshot: WallSnapshot, missed: Sequence[MissedCall], version: int) -> None:
        rows = missed[:ROWS]
        self.query_one("#wall-missed-note", Line).put(summary(snapshot, len(rows)))
        if version == self._version:
            return
        self._version = version
        table = self.query_one("#wall-missed", TextTable)
        keys = [key for key, _label, _width in table.columns]
        table.show([(row.call_id, row, _cells(row, keys)) for row in rows])


def _cells(row: MissedCall, keys: list[str]) -> Callable[[], list[str | Text]]:
    return lambda: [_cell(row, key) for key in keys]


def _cell(row: MissedCall, key: str) -> str | Text:
    if key == "ended":
        return "" if row.at is None else row.at.strftime(CLOCK_DISPLAY)
    if key == "customer":
        return row.customer
    if key == "hotline":
        return row.hotline or "—"
    if key == "agent":
        return row.agent or "—"
    if key == "waited":
        return "?" if row.wait_s is None else fmt_duration(row.wait_s)
    if key == "status":
        return status_text(row.status)
    notes = (["short"] if row.short else []) + (["↻ backfilled"] if row.from_search else [])
    return " ".join(notes)
