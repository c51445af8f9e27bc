"""One call's every field in a modal (the narrow-screen detail view).

Its keys mirror the History tab's (d, p, c, t): the modal dismisses with the action's
name and the tab performs it, so the work lives in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from alohub_tui.api.models import CallRecord
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.widgets.call_detail import CallDetail

HINT = "d download · p play · c copy call id · t copy txn · Esc close"


class CallDetailScreen(Dialog[str | None]):
    """Dismisses with "download", "play", "copy_call_id", "copy_txn", or None."""

    BINDINGS = [
        Binding("escape,enter,q", "dismiss(None)", "Close", id="history.detail.close",
                tooltip="Back to the table"),
        Binding("d", "dismiss('download')", "Download", id="history.detail.download",
                tooltip="Download the recording"),
        Binding("p", "dismiss('play')", "Play", id="history.detail.play",
                tooltip="Play the recording with an external player"),
        Binding("c", "dismiss('copy_call_id')", "Copy id", id="history.detail.copy_id",
                tooltip="Copy the call id to the clipboard"),
        Binding("t", "dismiss('copy_txn')", "Copy txn", id="history.detail.copy_txn",
                tooltip="Copy the transactionId to the clipboard"),
    ]

    def __init__(self, record: CallRecord,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.record = record
        self.clock = clock

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-dialog"):
            yield Static("Call detail", classes="title", markup=False)
            with VerticalScroll():
                yield CallDetail(self.record, clock=self.clock)
            yield Static(HINT, classes="hint", markup=False)
