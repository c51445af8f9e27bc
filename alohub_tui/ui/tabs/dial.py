"""Dial tab: the click-to-call form and the recent dials, as the dial tracker has them.

The form checks the number, extension and transactionId and asks before dialling the
same number again (:mod:`alohub_tui.dial.guard`); placing the call and following its
outcome is :class:`~alohub_tui.dial.tracker.DialTracker`'s, which tells this tab what
changed (it is the tracker's :class:`~alohub_tui.dial.tracker.DialView`). The Call button
is disabled while a dial is in flight.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Button, DataTable, Input, Label, Static

from alohub_tui.api.errors import InvalidInput
from alohub_tui.api.phone import PhoneCheck, normalise_phone, validate_extension
from alohub_tui.api.txn import check_transaction_id, new_transaction_id
from alohub_tui.dial.guard import recent_duplicate, used_by
from alohub_tui.dial.record import FAILED, REFUSED, SENT, UNKNOWN, Dial
from alohub_tui.dial.tracker import DialTracker
from alohub_tui.read_only import read_only_refusal
from alohub_tui.ui.column_fit import FitColumn
from alohub_tui.ui.focus import focus_now, type_into
from alohub_tui.ui.host import Host
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.shown import is_shown
from alohub_tui.ui.widgets.extension_field import ExtensionField
from alohub_tui.ui.widgets.field import Field
from alohub_tui.ui.widgets.fitted_table import FittedTable
from alohub_tui.vntime import fmt_duration, short_when

MAX_ROWS = 200
PHONE_HINT = "Type a number and press Enter to ring your extension, then the customer."
READ_ONLY_HINT = "Read-only mode: numbers are checked here, nothing is dialled."
NO_EXTENSION = ("which phone rings first? Type your extension in Ext (↑/↓ steps through "
                "the known ones), or set dial.default_extension in config.toml.")
# The width budget (ui/column_fit.py): at 80 columns time, number, ext, outcome, duration
# and ♪ show whole; the transactionId gives way first (the highlighted dial's is shown
# whole under the table), then ♪, the duration and the extension.
RECENT_COLUMNS = (
    FitColumn("time", "Time"), FitColumn("number", "Number"),
    FitColumn("ext", "Ext", rank=2), FitColumn("outcome", "Outcome"),
    FitColumn("dur", "Dur", rank=1), FitColumn("rec", "♪", rank=4),
    FitColumn("txn", "Transaction id", rank=5),
)


class DialTab(Vertical):
    """Phone number, extension, transactionId, Call; then the recent dials."""

    BINDINGS = [
        Binding("f9", "dial", "Call", id="dial.call", tooltip="Dial the number (also Enter)"),
        Binding("ctrl+n", "new_txn", "New txn", id="dial.new_txn",
                tooltip="Generate a fresh transactionId"),
    ]

    in_flight: reactive[bool] = reactive(False)

    def __init__(self, host: Host) -> None:
        super().__init__(id="dial-tab")
        self.host = host
        self._typing_status = True  # the status line shows typing feedback (or the hint)
        self._prefilled: str | None = None  # a number put in the field by prefill()

    @property
    def tracker(self) -> DialTracker:
        return self.host.dial_tracker

    @property
    def dials(self) -> list[Dial]:
        """The recent dials, newest first (the tracker's list)."""
        return self.tracker.dials

    def _now(self) -> datetime:
        return self.tracker.now()

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label("Phone", classes="field-label")
            yield Field(placeholder="customer number, e.g. 0912 345 678", id="phone",
                        compact=True, select_on_focus=False)
            yield Label("Ext", classes="field-label short")
            yield ExtensionField(self._known_extensions(), id="extension", compact=True,
                                 placeholder="yours, e.g. 6688")
        with Horizontal(classes="form-row"):
            yield Label("Txn id", classes="field-label")
            yield Field(self._new_txn(), id="txn", compact=True)
            yield Button("Call ☎", id="call", variant="success", compact=True,
                         disabled=self.host.config.ui.read_only)
        yield Static(self._idle_hint(), id="dial-result", classes="status", markup=False)
        yield Label("Recent dials", classes="section-title")
        yield FittedTable(RECENT_COLUMNS, id="recent-dials", zebra_stripes=True)
        yield Static("", id="dial-detail", markup=False)

    def _idle_hint(self) -> str:
        return READ_ONLY_HINT if self.host.config.ui.read_only else PHONE_HINT

    def _known_extensions(self) -> dict[str, str]:
        """The default extension first, then the catalog's agents' (ext -> who)."""
        cfg = self.host.config
        known: dict[str, str] = {}
        if cfg.dial.default_extension:
            known[cfg.dial.default_extension] = "(default)"
        for agent in cfg.catalog.agents:
            for ext in agent.extensions:
                known.setdefault(ext, agent.name or agent.user_name)
        return known

    def on_mount(self) -> None:
        self.tracker.start(self)
        self.set_interval(1.0, self._tick)
        self.focus_first()

    def _tick(self) -> None:
        """A call in progress: its duration ticks each second (while the tab shows)."""
        if not is_shown(self):
            return
        now = self._now()
        table = self.query_one("#recent-dials", FittedTable)
        for dial in self.dials:
            if dial.live_duration(now) is not None and dial.transaction_id in table.rows:
                table.put(dial.transaction_id, self._cells(dial))

    def focus_first(self) -> None:
        focus_now(self.query_one("#phone", Input))

    def focus_results(self) -> None:
        focus_now(self.query_one("#recent-dials", DataTable))

    def on_key(self, event: events.Key) -> None:
        """A digit (or +) typed in the recent dials starts a number in the phone field."""
        if (self.query_one("#recent-dials", DataTable).has_focus and event.character
                and (event.character.isdigit() or event.character == "+")):
            type_into(self.query_one("#phone", Input), event)

    def prefill(self, number: str, note: str = "") -> None:
        """Put ``number`` in the phone field, ready: Enter then dials it as usual."""
        phone = self.query_one("#phone", Input)
        self._prefilled = number  # its Changed message must not replace the note
        phone.value = number
        focus_now(phone)
        self._say(note)

    def in_flight_changed(self, busy: bool) -> None:
        self.in_flight = busy

    def watch_in_flight(self, busy: bool) -> None:
        button = self.query_one("#call", Button)
        button.disabled = busy or self.host.config.ui.read_only
        button.label = "Calling…" if busy else "Call ☎"

    # ---------------------------------------------------------------- the status line

    def _say(self, message: str, kind: str = "", typing: bool = False) -> None:
        """The form's one status line: the newest message replaces the last (a long one
        wraps at a word). ``typing``: feedback on the number being typed."""
        status = self.query_one("#dial-result", Static)
        status.update(message)
        status.set_classes(f"status {kind}".strip())
        self._typing_status = typing

    def _check_phone(self) -> PhoneCheck | str:
        """The number checked, or what is wrong with it."""
        try:
            return normalise_phone(self.query_one("#phone", Input).value)
        except InvalidInput as exc:
            return exc.message

    @on(Input.Changed, "#phone")
    def _phone_changed(self, event: Input.Changed) -> None:
        if event.value == self._prefilled:
            self._prefilled = None
            return
        self._prefilled = None
        if not event.value.strip():  # emptied: a dial's result stays until typing again
            if self._typing_status:
                self._say(self._idle_hint(), typing=True)
            return
        check = self._check_phone()
        if isinstance(check, str):
            self._say(f"✗ {check}", "error", typing=True)
        elif check.warning:
            self._say(f"⚠ {check.number}: {check.warning}", "warning", typing=True)
        else:
            verb = "valid:" if self.host.config.ui.read_only else "will dial"
            self._say(f"✓ {verb} {check.number}", "ok", typing=True)

    # ---------------------------------------------------------------- dialling

    @on(Input.Submitted, "#phone, #extension, #txn")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_dial()

    @on(Button.Pressed, "#call")
    def _call_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_dial()

    def _fail_form(self, message: str, focus: str) -> None:
        self._say(f"✗ Not sent: {message}", "error")
        self.query_one(focus).focus()

    def action_dial(self) -> None:
        if self.host.config.ui.read_only:  # makeCall rings real phones (alohub_tui.read_only)
            self._say("✗ " + read_only_refusal("the call", hint=""), "error")
            return
        if self.tracker.in_flight:
            self.notify("A dial is already in flight; wait for its answer.", severity="warning")
            return
        check = self._check_phone()
        if isinstance(check, str):
            self._fail_form(check, "#phone")
            return
        ext_value = self.query_one("#extension", Input).value.strip()
        try:
            if not ext_value:
                raise InvalidInput("extension", NO_EXTENSION)
            extension = validate_extension(ext_value)
        except InvalidInput as exc:
            self._fail_form(exc.message, "#extension")
            return
        try:
            txn = check_transaction_id(self.query_one("#txn", Input).value)
        except InvalidInput as exc:
            self._fail_form(exc.message, "#txn")
            return
        earlier_txn = used_by(self.dials, txn)
        if earlier_txn is not None:
            self._fail_form(f"transactionId {txn} was used for the dial of "
                            f"{short_when(earlier_txn.placed_at, self._now().date())}; "
                            "press Ctrl+N for a new one.", "#txn")
            return
        now = self._now()
        window = self.host.config.dial.duplicate_window_s
        self.tracker.reload()  # another window's (or `alohub-tui call`'s) dial just now
        earlier = recent_duplicate(self.dials, check.number, now, window)
        if earlier is None:
            self.tracker.place(check.number, extension, txn)
            return
        ago = int((now - earlier.placed_at).total_seconds())

        def answered(again: bool | None) -> None:
            if again:
                self.tracker.place(check.number, extension, txn)
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

    # ---------------------------------------------------------------- the tracker's view

    def placing(self, dial: Dial) -> None:
        self._say(f"… Ringing extension {dial.extension}, then {dial.number}")

    def placed(self, dial: Dial) -> None:
        """makeCall answered: say how, and ready the next dial (a new transactionId)."""
        if dial.outcome == UNKNOWN:
            self._say(f"? Outcome unknown: {dial.detail} Looking it up by transactionId…",
                      "warning")
        elif dial.outcome == REFUSED:
            self._say(f"✗ Refused by Alohub: {dial.detail}", "error")
        elif dial.outcome == FAILED:
            self._say(f"✗ Not placed: {dial.detail}", "error")
        else:
            self._say(f"✓ Sent: ringing {dial.extension}, then {dial.number} "
                      f"(txn {dial.transaction_id})", "ok")
        # Each dial has its own transactionId, so a re-dial never replaces this one in
        # Recent dials; the number is kept for a re-dial when nothing rang.
        self.query_one("#txn", Input).value = self._new_txn()
        if dial.outcome in (SENT, UNKNOWN):
            self.query_one("#phone", Input).value = ""
        self.query_one("#phone", Input).focus()

    def dial_changed(self, dial: Dial) -> None:
        self._show(dial)

    # ---------------------------------------------------------------- table

    def _cells(self, dial: Dial) -> tuple[str, ...]:
        now = self._now()
        seconds = dial.live_duration(now) or dial.duration
        return (
            short_when(dial.placed_at, now.date()),
            dial.number,
            dial.extension,
            dial.label,
            fmt_duration(seconds) if seconds else "",
            "♪" if dial.recording_url else "",
            dial.transaction_id,
        )

    def _show(self, dial: Dial) -> None:
        """Update the dial's row in place, or redraw the (bounded) table, newest first."""
        table = self.query_one("#recent-dials", FittedTable)
        key = dial.transaction_id
        if key in table.rows:
            table.put(key, self._cells(dial))
        else:
            del self.dials[MAX_ROWS:]
            table.fill(((d.transaction_id, self._cells(d)) for d in self.dials),
                       table.cursor_key)
        self._show_detail()

    @on(DataTable.RowHighlighted, "#recent-dials")
    def _show_detail(self) -> None:
        """Under the table, the highlighted dial's transactionId whole (its column is
        the first to give way) and what is known of it."""
        key = self.query_one("#recent-dials", FittedTable).cursor_key
        dial = next((d for d in self.dials if d.transaction_id == key), None)
        detail = self.query_one("#dial-detail", Static)
        if dial is None:
            detail.update("")
            return
        parts = [f"txn {dial.transaction_id}", f"ext {dial.extension}", dial.detail]
        detail.update(" · ".join(part for part in parts if part))

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Dial: new transactionId", "Generate a fresh transactionId",
                            self.action_new_txn)

    def action_new_txn(self) -> None:
        self.query_one("#txn", Input).value = self._new_txn()

    def _new_txn(self) -> str:
        """A fresh transactionId at the app's clock (Vietnam time, as the screen shows)."""
        return new_transaction_id(self.host.config.dial.transaction_prefix,
                                  now=self.host.clock())
