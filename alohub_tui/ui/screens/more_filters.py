"""The rarer History filters in a modal: custom dates, transactionId and call id.

Dismisses with the updated :class:`HistoryFilters` (Enter or the Search button) or
None (Esc). Dates are checked here so a typo is explained next to the field.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from alohub_tui.api.errors import InvalidInput
from alohub_tui.history.filters import CUSTOM, TODAY, HistoryFilters, parse_day
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.widgets.field import Field

_HINT = "Dates like 2026-11-27 or 27/11/2026; changed dates search that custom range."


class MoreFiltersScreen(Dialog[HistoryFilters | None]):
    """Edit the filters that do not fit in the two-line bar."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="history.more.cancel",
                tooltip="Close without changing the filters"),
        Binding("ctrl+l", "clear", "Clear", id="history.more.clear",
                tooltip="Empty every field in this dialog"),
    ]

    def __init__(self, filters: HistoryFilters, today: date) -> None:
        super().__init__()
        self.filters = filters
        self.today = today

    def compose(self) -> ComposeResult:
        first, last = self._prefill_days()
        with Vertical(id="more-filters"):
            yield Static("More filters", classes="title")
            with Horizontal(classes="history-row"):
                yield Label("From", classes="field-label")
                yield Field(first, placeholder="YYYY-MM-DD", id="mf-from", compact=True)
                yield Label("To", classes="field-label short")
                yield Field(last, placeholder="YYYY-MM-DD", id="mf-to", compact=True)
            with Horizontal(classes="history-row"):
                yield Label("Txn id", classes="field-label")
                yield Field(self.filters.transaction_id, placeholder="transactionId",
                            id="mf-txn", compact=True)
            with Horizontal(classes="history-row"):
                yield Label("Call id", classes="field-label")
                yield Field(self.filters.call_id, placeholder="e.g. 20210222084953-NSOJCGOO-49278",
                            id="mf-call", compact=True)
            yield Static(_HINT, id="mf-hint", markup=False)
            with Horizontal(id="mf-buttons"):
                yield Button("Search ⏎", id="mf-apply", variant="primary", compact=True)
                yield Button("Clear ^L", id="mf-clear", compact=True)
                yield Button("Cancel Esc", id="mf-cancel", compact=True)

    def _prefill_days(self) -> tuple[str, str]:
        """The custom dates, else the days the current preset covers (to edit, not retype)."""
        if self.filters.preset == CUSTOM:
            return self.filters.date_from, self.filters.date_to
        try:
            first, last = self.filters.day_range(self.today)
        except InvalidInput:
            return "", ""
        return first.isoformat(), last.isoformat()

    def on_mount(self) -> None:
        self.query_one("#mf-from", Input).focus()

    def _fail(self, message: str, focus: str) -> None:
        hint = self.query_one("#mf-hint", Static)
        hint.update(f"✗ {message}")
        hint.set_classes("error")
        self.query_one(focus, Input).focus()

    def _result(self) -> HistoryFilters | None:
        values = {key: self.query_one(f"#mf-{key}", Input).value.strip()
                  for key in ("from", "to", "txn", "call")}
        try:
            first = parse_day(values["from"], "from")
        except InvalidInput as exc:
            self._fail(exc.message, "#mf-from")
            return None
        try:
            last = parse_day(values["to"], "to")
        except InvalidInput as exc:
            self._fail(exc.message, "#mf-to")
            return None
        if first and last and last < first:
            self._fail("The 'to' date is before the 'from' date.", "#mf-to")
            return None
        preset = self.filters.preset
        if self._dates_changed(values["from"], values["to"]):
            preset = CUSTOM
        elif preset == CUSTOM and not (first or last):
            preset = TODAY
        return self.filters.replace(
            preset=preset, date_from=values["from"], date_to=values["to"],
            transaction_id=values["txn"], call_id=values["call"],
        )

    def _dates_changed(self, first: str, last: str) -> bool:
        if not (first or last):
            return False
        return (first, last) != self._prefill_days() or self.filters.preset == CUSTOM

    @on(Input.Submitted)
    @on(Button.Pressed, "#mf-apply")
    def _apply(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        result = self._result()
        if result is not None:
            self.dismiss(result)

    @on(Button.Pressed, "#mf-clear")
    def _clear_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_clear()

    @on(Button.Pressed, "#mf-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_clear(self) -> None:
        for field in self.query(Input):
            field.value = ""
        self.query_one("#mf-from", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
