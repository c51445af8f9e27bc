"""Dial tab: click-to-call with validation, a duplicate guard and outcome tracking.

makeCall rings a real phone, so one user action sends at most one request: the Call
button is disabled while a dial is in flight, and a dial whose request may have
reached the server is never re-sent; it is looked up by transactionId instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Button, DataTable, Input, Label, Select, Static
from textual.widgets.data_table import ColumnKey

from alohub_tui.api.errors import AlohubError, InvalidInput, OutcomeUnknown, VendorError
from alohub_tui.api.phone import PhoneCheck, normalise_phone, validate_extension
from alohub_tui.api.txn import new_transaction_id
from alohub_tui.dialing import (
    FAILED,
    REFUSED,
    SENT,
    UNKNOWN,
    Dial,
    check_transaction_id,
    poll_delays,
    recent_duplicate,
)
from alohub_tui.ui.focus import focus_now
from alohub_tui.ui.plain import plain
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.widgets.plain_table import PlainTable
from alohub_tui.vntime import fmt_duration, short_when
from alohub_tui.webhook.events import CallEvent

if TYPE_CHECKING:
    from alohub_tui.ui.app import AlohubApp

MAX_ROWS = 200
PHONE_HINT = "Type a number and press Enter to ring your extension, then the customer."
TXN_COLUMN_MIN = 12
# (label, key, width); the transactionId column takes what is left (see _fit_txn_column).
RECENT_COLUMNS = (
    ("Time", "time", 11), ("Number", "number", 11), ("Ext", "ext", 5),
    ("Outcome", "outcome", 11), ("Dur", "dur", 5), ("Rec", "rec", 3),
    ("Transaction id", "txn", 34),
)


def shorten_middle(text: str, width: int) -> str:
    """``text`` cut to ``width`` keeping its start and its (unique) end: ``ALOHUB…5eed0001``."""
    if len(text) <= width:
        return text
    head = max(1, (width - 1) // 3)
    return text[:head] + "…" + text[-(width - 1 - head):]


class DialTab(Vertical):
    """Phone number, extension, transactionId, Call; then the recent dials."""

    BINDINGS = [
        Binding("f9", "dial", "Call", id="dial.call", tooltip="Dial the number (also Enter)"),
        Binding("ctrl+n", "new_txn", "New txn", id="dial.new_txn",
                tooltip="Generate a fresh transactionId"),
    ]

    in_flight: reactive[bool] = reactive(False)

    def __init__(self) -> None:
        super().__init__(id="dial-tab")
        self.dials: list[Dial] = []
        self._txn_width = 34
        self._tracking: set[str] = set()

    @property
    def alohub(self) -> AlohubApp:
        return cast("AlohubApp", self.app)

    def _now(self) -> datetime:
        """Vietnam local time, naive, like the times in call records."""
        return self.alohub.clock().replace(tzinfo=None)

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        cfg = self.alohub.config
        with Horizontal(classes="form-row"):
            yield Label("Phone", classes="field-label")
            yield Input(placeholder="customer number, e.g. 0912 345 678", id="phone",
                        compact=True)
            yield Label("Ext", classes="field-label short")
            yield Select(self._extension_options(), value=self._default_extension(),
                         allow_blank=not self._extension_options(), id="extension",
                         compact=True, prompt="extension")
        with Horizontal(classes="form-row"):
            yield Label("Txn id", classes="field-label")
            yield Input(new_transaction_id(cfg.dial.transaction_prefix), id="txn", compact=True)
            yield Button("Call ☎", id="call", variant="success", compact=True)
        yield Static(PHONE_HINT,
                     id="phone-hint", classes="hint", markup=False)
        yield Static("", id="dial-result", markup=False)
        yield Label("Recent dials", classes="section-title")
        yield PlainTable(id="recent-dials", cursor_type="row", zebra_stripes=True)

    def _extension_options(self) -> list[tuple[Text, str]]:
        cfg = self.alohub.config
        options: dict[str, str] = {}
        if cfg.dial.default_extension:
            options[cfg.dial.default_extension] = f"{cfg.dial.default_extension} (default)"
        for agent in cfg.catalog.agents:
            for ext in agent.extensions:
                options.setdefault(ext, f"{ext} {agent.name or agent.user_name}")
        return [(plain(label), ext) for ext, label in options.items()]

    def _default_extension(self) -> Any:
        options = self._extension_options()
        return options[0][1] if options else Select.NULL

    def on_mount(self) -> None:
        table = self.query_one("#recent-dials", DataTable)
        for label, key, width in RECENT_COLUMNS:
            table.add_column(label, key=key, width=width)
        for data in self.alohub.state.recent_dials():
            dial = Dial.from_state(data)
            if dial is not None:
                self.dials.append(dial)
        if self.dials:
            self._show(self.dials[0])
        for dial in self.dials:
            if not dial.final:
                self._track(dial)
        self.focus_first()

    def focus_first(self) -> None:
        focus_now(self.query_one("#phone", Input))

    def watch_in_flight(self, busy: bool) -> None:
        button = self.query_one("#call", Button)
        button.disabled = busy
        button.label = "Calling…" if busy else "Call ☎"

    # ---------------------------------------------------------------- validation

    def _check_phone(self) -> PhoneCheck | None:
        """Validate the number; show the problem under the form and return None if bad."""
        hint = self.query_one("#phone-hint", Static)
        text = self.query_one("#phone", Input).value
        try:
            check = normalise_phone(text)
        except InvalidInput as exc:
            hint.update(f"✗ {exc.message}", layout=False)
            hint.set_classes("hint error")
            return None
        if check.warning:
            hint.update(f"⚠ {check.number}: {check.warning}", layout=False)
            hint.set_classes("hint warning")
        else:
            hint.update(f"✓ will dial {check.number}", layout=False)
            hint.set_classes("hint ok")
        return check

    @on(Input.Changed, "#phone")
    def _phone_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self._check_phone()
        else:
            hint = self.query_one("#phone-hint", Static)
            hint.update(PHONE_HINT, layout=False)
            hint.set_classes("hint")

    # ---------------------------------------------------------------- dialling

    @on(Input.Submitted, "#phone, #txn")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_dial()

    @on(Button.Pressed, "#call")
    def _call_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_dial()

    def _fail_form(self, message: str, focus: str) -> None:
        result = self.query_one("#dial-result", Static)
        result.update(f"✗ Not sent: {message}")
        result.set_classes("result error")
        self.query_one(focus).focus()

    def action_dial(self) -> None:
        if self.in_flight:
            self.notify("A dial is already in flight; wait for its answer.", severity="warning")
            return
        check = self._check_phone()
        if check is None:
            self._fail_form("fix the phone number first.", "#phone")
            return
        ext_value = self.query_one("#extension", Select).value
        try:
            if ext_value is Select.NULL:
                raise InvalidInput("extension", "Choose the extension (IP phone) to ring first.")
            extension = validate_extension(str(ext_value))
        except InvalidInput as exc:
            self._fail_form(exc.message, "#extension")
            return
        try:
            txn = check_transaction_id(self.query_one("#txn", Input).value)
        except InvalidInput as exc:
            self._fail_form(exc.message, "#txn")
            return
        now = self._now()
        window = self.alohub.config.dial.duplicate_window_s
        earlier = recent_duplicate(self.dials, check.number, now, window)
        if earlier is None:
            self._send(check.number, extension, txn)
            return
        ago = int((now - earlier.placed_at).total_seconds())

        def answered(again: bool | None) -> None:
            if again:
                self._send(check.number, extension, txn)
            else:
                self.query_one("#phone", Input).focus()

        self.app.push_screen(
            ConfirmScreen(
                "Dial again?",
                f"You dialled {check.number} {ago} s ago ({earlier.label}). "
                "Ring this customer again?",
                yes_label="Dial again",
            ),
            answered,
        )

    def _send(self, number: str, extension: str, txn: str) -> None:
        if self.in_flight:
            return
        self.in_flight = True
        dial = Dial(self._now(), number, extension, txn)
        self.dials.insert(0, dial)
        self._remember(dial)
        self.alohub.run_api(self._place(dial), group="dial", description=f"dial {number}")

    async def _place(self, dial: Dial) -> None:
        result = self.query_one("#dial-result", Static)
        result.update(f"… Ringing extension {dial.extension}, then {dial.number}")
        result.set_classes("result")
        try:
            await self.alohub.client.make_call(dial.number, dial.extension, dial.transaction_id)
        except OutcomeUnknown as exc:
            dial.outcome, dial.detail = UNKNOWN, exc.message
            result.update(f"? Outcome unknown: {exc.message} Looking it up by transactionId…")
            result.set_classes("result warning")
        except VendorError as exc:
            dial.outcome, dial.detail, dial.final = REFUSED, exc.message, True
            result.update(f"✗ Refused by Alohub: {exc.message}")
            result.set_classes("result error")
        except AlohubError as exc:
            dial.outcome, dial.detail, dial.final = FAILED, exc.message, True
            result.update(f"✗ Not placed: {exc.message}")
            result.set_classes("result error")
        else:
            dial.outcome = SENT
            result.update(f"✓ Sent: ringing {dial.extension}, then {dial.number} "
                          f"(txn {dial.transaction_id})")
            result.set_classes("result ok")
        finally:
            self.in_flight = False
            self._remember(dial)
        if dial.outcome in (SENT, UNKNOWN):
            self.query_one("#txn", Input).value = new_transaction_id(
                self.alohub.config.dial.transaction_prefix
            )
            self.query_one("#phone", Input).value = ""
            self._track(dial)
        self.query_one("#phone", Input).focus()

    # ---------------------------------------------------------------- tracking

    def _track(self, dial: Dial) -> None:
        if dial.transaction_id in self._tracking:
            return
        self._tracking.add(dial.transaction_id)
        self.alohub.run_api(self._follow(dial), group=f"track-{dial.transaction_id}",
                            description=f"track {dial.transaction_id}")

    async def _follow(self, dial: Dial) -> None:
        """Look the call up by transactionId with backoff until it is final."""
        try:
            for delay in poll_delays():
                await asyncio.sleep(delay)
                if dial.give_up(self._now()):
                    self._remember(dial)
                    self._announce_unknown_result(dial, found=False)
                    return
                try:
                    record = await self.alohub.client.find_by_transaction(
                        dial.transaction_id, around=dial.placed_at
                    )
                except AlohubError:
                    continue  # a failed look-up is retried at the next step
                if record is None:
                    continue
                was_unknown = dial.outcome == UNKNOWN
                dial.apply_record(record)
                self._remember(dial)
                if was_unknown:
                    self._announce_unknown_result(dial, found=True)
                if dial.final:
                    return
        finally:
            self._tracking.discard(dial.transaction_id)

    def apply_call_event(self, event: CallEvent) -> bool:
        """A webhook event (merged call state) for a dial placed here, matched by
        transactionID: show its outcome at once instead of at the next look-up."""
        if not event.transaction_id:
            return False
        for dial in self.dials:
            if dial.transaction_id == event.transaction_id:
                if dial.apply_event(event):
                    self._remember(dial)
                return True
        return False

    def _announce_unknown_result(self, dial: Dial, found: bool) -> None:
        if found:
            self.notify(f"The dial to {dial.number} did go out ({dial.outcome}).",
                        title="Outcome found")
        elif dial.outcome != SENT:
            self.notify(f"No call to {dial.number} appeared; it most likely did not go out.",
                        title="Outcome", severity="warning")

    # ---------------------------------------------------------------- table

    def _remember(self, dial: Dial) -> None:
        self._show(dial)
        try:
            self.alohub.state.upsert_dial(dial.to_state())
        except OSError as exc:
            self.notify(f"Could not save recent dials: {exc.strerror}", severity="warning")

    def _cells(self, dial: Dial) -> tuple[str, ...]:
        today = self._now().date()
        return (
            short_when(dial.placed_at, today),
            dial.number,
            dial.extension,
            dial.label,
            fmt_duration(dial.duration) if dial.duration else "",
            "♪" if dial.recording_url else "",
            shorten_middle(dial.transaction_id, self._txn_width),
        )

    def on_resize(self) -> None:
        self._fit_txn_column()

    def _fit_txn_column(self) -> None:
        """Give the transactionId what the other columns leave, so 80 columns need no
        sideways scrolling; a narrowed id keeps its unique tail."""
        table = self.query_one("#recent-dials", DataTable)
        others = sum(w + 2 for _, key, w in RECENT_COLUMNS if key != "txn")
        width = max(TXN_COLUMN_MIN, min(34, table.scrollable_content_region.width - others - 3))
        if width == self._txn_width:
            return
        self._txn_width = width
        table.columns[ColumnKey("txn")].width = width
        table.clear()
        if self.dials:
            self._show(self.dials[0])
        table.refresh(layout=True)

    def _show(self, dial: Dial) -> None:
        """Update the dial's row in place, or redraw the (bounded) table, newest first."""
        table = self.query_one("#recent-dials", DataTable)
        key = dial.transaction_id
        if key in table.rows:
            for column, value in zip(table.columns, self._cells(dial), strict=True):
                table.update_cell(key, column, value)
            return
        del self.dials[MAX_ROWS:]
        table.clear()
        for each in self.dials:
            table.add_row(*self._cells(each), key=each.transaction_id)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Dial: new transactionId", "Generate a fresh transactionId",
                            self.action_new_txn)

    def action_new_txn(self) -> None:
        self.query_one("#txn", Input).value = new_transaction_id(
            self.alohub.config.dial.transaction_prefix
        )
