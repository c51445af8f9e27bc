"""Callbacks tab (F12): today's missed calls nobody has returned yet, claimed before calling.

The worklist, its sources and the claims are :mod:`alohub_tui.callbacks`' (the
:class:`~alohub_tui.callbacks.desk.CallbackDesk`); this tab shows it and hands an
operator's keys to it. Enter (or F9) claims the item for this operator and opens the Dial
tab with the number filled: the call itself is placed there, by Dial's usual path
(duplicate guard, transactionId), when the operator presses Enter again. A claim taken
in another window shows within a couple of seconds (``store_changed``). The calls are
read while the tab is shown (every :data:`TICK_S` from the event store; a search when
its interval is due), so a hidden tab costs the tenant's API nothing.

Why a tab of its own rather than a section of Dial: at 80x24 the Dial tab has room for
its form and about ten recent dials; a worklist squeezed under it would show five rows
at most and take the recent dials' room. A tab gives the list the whole height (15 rows
at 80x24) and one key away from Dial (F12, then Enter lands in Dial with the number).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.events import Resize
from textual.widgets import DataTable, Static

from alohub_tui.api.errors import AlohubError
from alohub_tui.callbacks.desk import CallbackDesk, choose_source
from alohub_tui.callbacks.text import state_text
from alohub_tui.callbacks.worklist import Callback
from alohub_tui.read_only import read_only_refusal
from alohub_tui.store.callbacks import DONE, NOT_NEEDED, REOPENED
from alohub_tui.ui.callback_labels import HHMM, WAITING, detail_text, row_cells, status_text
from alohub_tui.ui.failures import describe
from alohub_tui.ui.host import Host
from alohub_tui.ui.screens.callback_note import CallbackNoteScreen
from alohub_tui.ui.shown import is_shown
from alohub_tui.ui.widgets.plain_table import PlainTable

if TYPE_CHECKING:
    from alohub_tui.live.service import LiveService

TICK_S = 2.0  # while shown, how often the list is read (a search when its interval is due)
WIDE_AT = 100  # columns from which the hotline has a column of its own
STATE_MIN = 20
#: (label, key, width); the state column takes what the others leave.
COLUMNS = (("Number", "number", 14), ("First–last", "times", 11), ("Hotline", "hotline", 10),
           ("Waiting", "waiting", 7), ("State", "state", STATE_MIN))
HINT = "Enter claims the highlighted callback and opens Dial · F7 done · F8 not needed"


class CallbacksTab(Vertical):
    """Status line, the worklist, the highlighted item in full, the last action's result."""

    BINDINGS = [
        Binding("f9", "call_back", "Call back", id="callbacks.call_back",
                tooltip="Claim the callback and open Dial with its number (also Enter)"),
        Binding("f7,d", "done", "Done", id="callbacks.done",
                tooltip="Mark it done, with a short note (e.g. sent SMS)"),
        Binding("f8,n", "not_needed", "Not needed", id="callbacks.not_needed",
                tooltip="Mark it as needing no call back"),
        Binding("u", "release", "Release", id="callbacks.release", show=False,
                tooltip="Give back your claim, so someone else can call"),
        Binding("o", "reopen", "Reopen", id="callbacks.reopen", show=False,
                tooltip="Take back a done or not needed: the item is open again"),
        Binding("ctrl+r", "refresh", "Refresh", id="callbacks.refresh",
                tooltip="Read the calls again now"),
    ]

    DEFAULT_CSS = """
    CallbacksTab #callbacks-status { height: auto; max-height: 2; color: $text-muted; }
    CallbacksTab #callbacks-status.warning { color: $warning; text-style: bold; }
    CallbacksTab #callbacks-table { height: 1fr; }
    CallbacksTab #callbacks-detail { height: 2; }
    CallbacksTab #callbacks-result { height: auto; max-height: 2; color: $text-muted; }
    CallbacksTab #callbacks-result.ok { color: $success; }
    CallbacksTab #callbacks-result.warning { color: $warning; text-style: bold; }
    CallbacksTab #callbacks-result.error { color: $error; text-style: bold; }
    """

    def __init__(self, host: Host) -> None:
        super().__init__(id="callbacks-tab")
        self.host = host
        self.desk: CallbackDesk | None = None
        self._error: str | None = None
        self._reading = False
        self._wide = False
        self._columns: tuple[str, ...] = ()
        self._open_numbers: set[str] = set()  # open at the last redraw
        self._drawn: dict[str, tuple[str | Text, ...]] = {}  # the cells on screen

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield Static(WAITING, id="callbacks-status", markup=False)
        yield PlainTable(id="callbacks-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="callbacks-detail", markup=False)
        yield Static(HINT, id="callbacks-result", markup=False)

    def on_mount(self) -> None:
        self._set_columns()
        self.set_interval(TICK_S, self._tick)

    def focus_first(self) -> None:
        table = self.query_one("#callbacks-table", PlainTable)
        table.screen.set_focus(table)

    def focus_results(self) -> None:  # the key model (docs/KEYS.md): Esc from a field
        self.focus_first()

    def on_resize(self, event: Resize) -> None:
        self._wide = event.size.width >= WIDE_AT
        self._set_columns()

    def _set_columns(self) -> None:
        """The columns for this width (the hotline from :data:`WIDE_AT`), the state
        column taking the rest, so nothing scrolls sideways."""
        table = self.query_one("#callbacks-table", PlainTable)
        keys = tuple(key for _, key, _ in COLUMNS if self._wide or key != "hotline")
        others = sum(w + 2 for _, key, w in COLUMNS if key in keys and key != "state")
        state = max(STATE_MIN, table.scrollable_content_region.width - others - 4)
        if keys == self._columns and table.columns:
            table.columns[next(c for c in table.columns if c.value == "state")].width = state
            table.refresh(layout=True)
            return
        self._columns = keys
        table.clear(columns=True)
        for label, key, width in COLUMNS:
            if key in keys:
                table.add_column(label, key=key, width=state if key == "state" else width)
        self._show()

    # ---------------------------------------------------------------- the desk

    def attach(self, live: LiveService | None) -> None:
        """Start the worklist on the app's live service (its event store, if any)."""
        config = self.host.config
        events = live.store if live is not None else None
        choice = choose_source(
            config.callbacks.calls_from, events=events,
            receives=live is not None and live.receiver is not None,
            has_key=bool(self.host.resolved.api_key) and bool(config.api.base_url),
            now=self.host.clock())
        self.desk = CallbackDesk(self.host.store.callbacks, config.callbacks, self.host.clock,
                                 choice, events=events, page_size=config.history.page_size)
        self._tick()

    def on_show(self) -> None:
        self._tick()

    def _tick(self) -> None:
        """Read while the tab is shown (a search costs the tenant's API: none for a
        hidden tab), else only keep the times moving."""
        if not is_shown(self):
            return
        if self.desk is not None and self.desk.due():
            self._read()
        else:
            self._show()  # the waiting times and claims' time left move on

    def _read(self, force: bool = False) -> None:
        desk = self.desk
        if desk is None or self._reading or not (force or desk.due()):
            return
        self._reading = True
        self.host.run_api(partial(self._read_now, desk), group="callbacks", exclusive=True,
                          description="read callbacks")

    async def _read_now(self, desk: CallbackDesk) -> None:
        try:
            client = self.host.client if desk.search is not None else None
            await desk.refresh(client)
            self._error = None
        except AlohubError as exc:
            failure = describe(exc, self.host.resolved.api_key)
            self._error = f"searchCallV2 failed: {failure.message}"
        except (OSError, sqlite3.Error) as exc:
            self._error = f"cannot read the calls: {exc}"
        finally:
            self._reading = False
        self._show()

    def store_changed(self) -> None:
        """Another process wrote to the profile (a claim, an outcome): show it now."""
        if self.desk is None:
            return
        try:
            self.desk.rebuild()
        except OSError as exc:
            self._error = f"cannot read claims: {exc.strerror or exc}"
        self._show()

    # ---------------------------------------------------------------- display

    def _cells(self, item: Callback, now: datetime) -> tuple[str | Text, ...]:
        return row_cells(item, now, self.desk.operator if self.desk else "", self._columns)

    def _show(self) -> None:
        """Redraw the status, the rows (in place when the same items are listed) and the
        highlighted item's detail."""
        now = self.host.clock()
        status = self.query_one("#callbacks-status", Static)
        status.update(status_text(self.desk, now, self._error))
        status.set_class(bool(self._error) or (self.desk is not None
                                                and not self.desk.source_name), "warning")
        table = self.query_one("#callbacks-table", PlainTable)
        if self.desk is None or not self._columns:
            return
        worklist = self.desk.worklist
        items = [*worklist.open, *worklist.closed]
        keys = [item.number for item in items]
        cells = {item.number: self._cells(item, now) for item in items}
        if keys == [row.value for row in table.rows]:
            for number, values in cells.items():  # only what changed: a big day has
                drawn = self._drawn.get(number, ())  # hundreds of rows, redrawn each tick
                for index, (column, value) in enumerate(zip(self._columns, values,
                                                            strict=True)):
                    if index >= len(drawn) or drawn[index] != value:
                        table.update_cell(number, column, value)
        else:
            current, row = self._current_number(), table.cursor_row
            table.clear()
            for number, values in cells.items():
                table.add_row(*values, key=number)
            if current in keys and (current not in self._open_numbers
                                    or worklist.items_by_number[current].is_open):
                row = keys.index(current)  # the same item, wherever it moved
            # else it was just cleared: the cursor stays put, on the next open item
            if keys:
                table.move_cursor(row=min(row, len(keys) - 1), animate=False)
        self._open_numbers = {item.number for item in worklist.open}
        self._drawn = cells
        self._show_detail()

    def _current_number(self) -> str | None:
        table = self.query_one("#callbacks-table", PlainTable)
        if table.row_count == 0:
            return None
        row = min(table.cursor_row, table.row_count - 1)
        value = table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        return str(value) if value is not None else None

    def _current(self) -> Callback | None:
        number = self._current_number()
        return self.desk.worklist.item(number) if self.desk and number else None

    def _show_detail(self) -> None:
        detail = self.query_one("#callbacks-detail", Static)
        item = self._current()
        if item is None or self.desk is None:
            detail.update("No missed call waiting for a call back today." if self.desk and
                          self.desk.source_name else "")
            return
        detail.update(detail_text(item, self.host.clock(), self.desk.operator))

    @on(DataTable.RowHighlighted, "#callbacks-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _result(self, message: str, kind: str = "") -> None:
        result = self.query_one("#callbacks-result", Static)
        result.update(message)
        result.set_classes(kind)

    # ---------------------------------------------------------------- actions

    @on(DataTable.RowSelected, "#callbacks-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_call_back()

    def _open_item(self, doing: str) -> Callback | None:
        """The highlighted item if it is open and not another operator's (else say why)."""
        item = self._current()
        if item is None or self.desk is None:
            self._result("Nothing highlighted.", "warning")
            return None
        if not item.is_open:
            self._result(f"{item.number}: {state_text(item, self.host.clock())}; "
                         f"nothing to {doing}.", "warning")
            return None
        claim = item.claim
        if claim is not None and claim.operator != self.desk.operator:
            self._result(f"✗ {claim.operator} is calling {item.number} back (until "
                         f"{claim.expires_at:{HHMM}}).", "warning")
            return None
        return item

    def _store_failed(self, exc: OSError) -> None:
        self._result(f"✗ Not saved: {exc.strerror or exc}", "error")

    def action_call_back(self) -> None:
        if self.host.config.ui.read_only:  # Dial dials nothing: a claim would only block
            self._result("✗ " + read_only_refusal("a call back", hint=""), "warning")
            return
        item = self._open_item("call back")
        if item is None or self.desk is None:
            return
        try:
            result = self.desk.claim(item.number)
        except OSError as exc:
            self._store_failed(exc)
            return
        self._show()
        claim = result.claim
        if not result.won:  # another window took it a moment ago
            self._result(f"✗ {claim.operator} claimed {item.number} first (until "
                         f"{claim.expires_at:{HHMM}}); not opened in Dial.", "warning")
            return
        self._result(f"☎ {item.number} is yours until {claim.expires_at:{HHMM}}.", "ok")
        self.host.open_dial(item.number, f"☎ Callback of {item.number}, yours until "
                            f"{claim.expires_at:{HHMM}}: press Enter to call.")

    def action_done(self) -> None:
        item = self._open_item("mark done")
        if item is None:
            return

        def noted(note: str | None) -> None:
            if note is not None:
                self._record(item, DONE, note)

        self.app.push_screen(CallbackNoteScreen(item.number), noted)

    def action_not_needed(self) -> None:
        item = self._open_item("mark")
        if item is not None:
            self._record(item, NOT_NEEDED)

    def action_reopen(self) -> None:
        item = self._current()
        if item is None or item.closing is None or not item.closing.manual:
            self._result("Only an item marked done or not needed can be reopened.",
                         "warning")
            return
        self._record(item, REOPENED)

    def action_release(self) -> None:
        item = self._current()
        if item is None or self.desk is None or item.claim is None \
                or item.claim.operator != self.desk.operator:
            self._result("You hold no claim on the highlighted item.", "warning")
            return
        try:
            self.desk.release(item.number)
        except OSError as exc:
            self._store_failed(exc)
            return
        self._result(f"Released {item.number}: anyone can call back.", "ok")
        self._show()

    def _record(self, item: Callback, kind: str, note: str = "") -> None:
        if self.desk is None:
            return
        try:
            self.desk.record(item.number, kind, note)
        except OSError as exc:
            self._store_failed(exc)
            return
        words = {DONE: "marked done", NOT_NEEDED: "marked not needed (o reopens)",
                 REOPENED: "open again"}
        self._result(f"✓ {item.number} {words[kind]}.", "ok")
        self._show()

    def action_refresh(self) -> None:
        self._read(force=True)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Callbacks: read the calls again",
                            "Search or read the event store now", self.action_refresh)
