"""Confirm a large action by typing a word or number (e.g. how many agents it touches)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.widgets.field import Field


class TypedConfirmScreen(Dialog[bool]):
    """Dismisses True only when exactly ``expected`` is typed and Enter pressed."""

    DEFAULT_CSS = """
    TypedConfirmScreen { align: center middle; }
    TypedConfirmScreen > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    TypedConfirmScreen .title { text-style: bold; margin-bottom: 1; }
    TypedConfirmScreen Input { margin-top: 1; }
    TypedConfirmScreen #typed-hint { color: $text-muted; }
    TypedConfirmScreen #typed-hint.error { color: $error; text-style: bold; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="typed_confirm.cancel",
                tooltip="Close without doing anything"),
    ]

    def __init__(self, title: str, question: str, expected: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.expected = expected

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title", markup=False)
            yield Static(self.question, markup=False)
            yield Field(placeholder=f"type {self.expected}", id="typed-input")
            yield Static(f"Type {self.expected} and press Enter, or Esc to cancel.",
                         id="typed-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#typed-input", Input).focus()

    @on(Input.Submitted, "#typed-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip() == self.expected:
            self.dismiss(True)
            return
        hint = self.query_one("#typed-hint", Static)
        hint.update(f"✗ That is not {self.expected}. Type {self.expected}, or Esc to cancel.")
        hint.add_class("error")

    def action_cancel(self) -> None:
        self.dismiss(False)
