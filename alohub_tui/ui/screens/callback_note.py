"""Marking a callback done: one line saying what was done instead of a call back."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from alohub_tui.callbacks.desk import MAX_NOTE
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.widgets.field import Field


class CallbackNoteScreen(Dialog[str | None]):
    """Dismisses the note typed (Enter; it may be empty), or None (Esc: nothing saved)."""

    DEFAULT_CSS = """
    CallbackNoteScreen { align: center middle; }
    CallbackNoteScreen > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    CallbackNoteScreen .title { text-style: bold; }
    CallbackNoteScreen Input { margin-top: 1; }
    CallbackNoteScreen .hint { color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="callback_note.cancel",
                tooltip="Close without marking it done"),
    ]

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Done: {self.number}", classes="title", markup=False)
            yield Field(placeholder="what was done, e.g. sent SMS", max_length=MAX_NOTE,
                        id="callback-note", any_text=True,
                        refused=f"A note is at most {MAX_NOTE} characters.")
            yield Static("Enter marks it done (everyone sees it today); Esc cancels.",
                         classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#callback-note", Input).focus()

    @on(Input.Submitted, "#callback-note")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
