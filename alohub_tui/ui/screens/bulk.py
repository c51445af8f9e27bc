"""Bulk reassignment: set/add/remove callin queues for the marked agents.

The plan (one row per agent, with its body and diff, or why it is refused) is shown
before anything is sent; sending needs the number of agents typed, then goes one
request at a time with a progress bar. "Retry failed" re-sends only the failures.
"""

from __future__ import annotations

import json
import uuid

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import (
    Button,
    DataTable,
    Label,
    ProgressBar,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from alohub_tui.agents.apply import ApplyOutcome
from alohub_tui.agents.bulk import BulkRow, Operation, plan_bulk
from alohub_tui.agents.model import AgentInfo
from alohub_tui.ui.agents_context import AgentsContext, Change
from alohub_tui.ui.column_fit import FitColumn
from alohub_tui.ui.plain import plain
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.screens.typed_confirm import TypedConfirmScreen
from alohub_tui.ui.widgets.check_list import CheckList
from alohub_tui.ui.widgets.fitted_table import FittedTable

READY, SENDING, DONE, FAILED = "ready", "… sending", "✓ ok", "✗ failed"
# The width budget: agent, status and change whole; the request body shows when it fits
# whole (wide terminals), and always in full, wrapped, in the line under the table.
PREVIEW_COLUMNS = (
    FitColumn("agent", "Agent"), FitColumn("status", "Status"),
    FitColumn("change", "Change"), FitColumn("body", "Body / reason", rank=1),
)
OPERATIONS = list(Operation)


class BulkScreen(Dialog[None]):
    """Plan, confirm and send one EDIT per marked agent."""

    BINDINGS = [
        Binding("f6,ctrl+s", "send", "Send", id="bulk.send",
                tooltip="Send the planned changes (type the number of agents to confirm)"),
        Binding("ctrl+r", "retry_failed", "Retry failed", id="bulk.retry",
                tooltip="Re-send only the requests that failed"),
        Binding("escape", "close", "Close", id="bulk.close",
                tooltip="Close (requests in flight still complete)"),
    ]

    in_flight: reactive[bool] = reactive(False)

    def __init__(self, ctx: AgentsContext, agents: list[AgentInfo]) -> None:
        super().__init__(id="bulk-screen")
        self.ctx = ctx
        self.agents = agents
        self.rows: list[BulkRow] = []
        self.status: dict[str, str] = {}  # user name -> READY/SENDING/DONE/FAILED
        self.errors: dict[str, str] = {}

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Vertical(id="bulk-box"):
            yield Static(f"Bulk change · {len(self.agents)} marked agents · callin queues "
                         "only (known callout and extensions kept)",
                         id="bulk-title", markup=False)
            with Horizontal(id="bulk-form"):
                with Vertical(id="bulk-op-box"):
                    yield Label("Operation", classes="editor-label")
                    yield Select([(op.label, op) for op in OPERATIONS], value=Operation.SET,
                                 allow_blank=False, id="bulk-op", compact=True)
                    yield Static("Space ticks a queue; the table shows each agent's "
                                 "request before anything is sent.", classes="hint",
                                 markup=False)
                queues: CheckList[int] = CheckList(
                    *(Selection(plain(q.label), q.id) for q in self.ctx.callin_queues),
                    id="bulk-queues",
                )
                queues.border_title = "Callin queues"
                yield queues
            yield FittedTable(PREVIEW_COLUMNS, id="bulk-preview", zebra_stripes=True)
            yield Static("", id="bulk-detail", markup=False)
            yield ProgressBar(id="bulk-progress", show_eta=False)
            yield Static("", id="bulk-summary", markup=False)
            with Horizontal(id="bulk-buttons"):
                yield Button(Content("Send [F6]"), id="bulk-send", variant="warning", compact=True)
                yield Button(Content("Retry failed [^R]"), id="bulk-retry", compact=True,
                             disabled=True)
                yield Button(Content("Close [Esc]"), id="bulk-close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#bulk-op", Select).focus()
        self.replan()

    # ---------------------------------------------------------------- planning

    @property
    def operation(self) -> Operation:
        value = self.query_one("#bulk-op", Select).value
        return value if isinstance(value, Operation) else Operation.SET

    @on(Select.Changed, "#bulk-op")
    @on(SelectionList.SelectedChanged)
    def _form_changed(self) -> None:
        if not self.in_flight:
            self.replan()

    def replan(self) -> None:
        chosen = self.query_one("#bulk-queues", SelectionList).selected
        baselines = {a.user_name: base for a in self.agents
                     if (base := self.ctx.baseline(a.user_name)) is not None}
        self.rows = plan_bulk(self.agents, baselines, self.operation, chosen)
        self.status = {r.user_name: READY for r in self.rows if r.sendable}
        self.errors = {}
        self._redraw()
        sendable = len(self.status)
        refused = len(self.rows) - sendable
        self._summary(f"{self.operation.label}: {sendable} to send, {refused} refused/skipped.")
        self.query_one("#bulk-progress", ProgressBar).update(total=max(sendable, 1), progress=0)

    def _cells(self, row: BulkRow) -> tuple[str, str, str, str]:
        if not row.sendable or row.wanted is None:
            return row.user_name, "– not sent", "", row.refused or ""
        status = self.status.get(row.user_name, READY)
        if status == FAILED:
            status = f"✗ {self.errors.get(row.user_name, 'failed')}"
        elif status == READY and row.warning:
            status = "ready ⚠"
        change = row.diff.summary() if row.diff else ""
        return row.user_name, status, change, json.dumps(row.wanted.body())

    def _redraw(self) -> None:
        table = self.query_one("#bulk-preview", FittedTable)
        table.fill(((row.user_name, self._cells(row)) for row in self.rows), table.cursor_key)
        self._show_detail()

    def _update_row(self, row: BulkRow) -> None:
        self.query_one("#bulk-preview", FittedTable).put(row.user_name, self._cells(row))
        self._show_detail()

    @on(DataTable.RowHighlighted, "#bulk-preview")
    def _show_detail(self) -> None:
        """The highlighted row in words: error or refusal, warning, then the diff."""
        table = self.query_one("#bulk-preview", DataTable)
        detail = self.query_one("#bulk-detail", Static)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            detail.update("")
            return
        row = self.rows[table.cursor_row]
        parts = [f"✗ {self.errors[row.user_name]}"] if row.user_name in self.errors else []
        parts += [p for p in (row.refused, row.warning and f"⚠ {row.warning}") if p]
        if row.diff is not None:
            parts += row.diff.lines(self.ctx.queue_names)
        if row.sendable and row.wanted is not None:
            parts.append(f"body {json.dumps(row.wanted.body())}")
        detail.update(f"{row.user_name}: " + " · ".join(parts))

    def _summary(self, message: str) -> None:
        self.query_one("#bulk-summary", Static).update(message)

    # ---------------------------------------------------------------- sending

    def watch_in_flight(self, busy: bool) -> None:
        self.query_one("#bulk-send", Button).disabled = busy
        self.query_one("#bulk-op", Select).disabled = busy
        self.query_one("#bulk-queues", SelectionList).disabled = busy
        self.query_one("#bulk-retry", Button).disabled = busy or not self._failed_rows()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("send", "retry_failed") and self.ctx.read_only:
            return False
        return not (action == "retry_failed" and not self._failed_rows())

    def _ready_rows(self) -> list[BulkRow]:
        return [r for r in self.rows if r.sendable and self.status.get(r.user_name) == READY]

    def _failed_rows(self) -> list[BulkRow]:
        return [r for r in self.rows if self.status.get(r.user_name) == FAILED]

    def action_send(self) -> None:
        if self.in_flight or self.ctx.read_only:
            return
        rows = self._ready_rows()
        if not rows:
            self.notify("Nothing to send: every row is refused, skipped or already sent.",
                        severity="warning")
            return
        n = len(rows)
        warned = sum(1 for r in rows if r.warning)
        question = (f"{self.operation.label} for {n} agents, one request each."
                    + (f"\n⚠ {warned} of them would be left in no callin queue." if warned else "")
                    + f"\n\nType {n} to send.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._send(rows)

        self.app.push_screen(TypedConfirmScreen("Send bulk change?", question, str(n)), answered)

    def action_retry_failed(self) -> None:
        rows = self._failed_rows()
        if self.in_flight or not rows:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._send(rows)

        names = ", ".join(r.user_name for r in rows)
        self.app.push_screen(
            ConfirmScreen("Retry failed?", f"Re-send {len(rows)} failed request(s): {names}?",
                          "Re-send"),
            answered,
        )

    def _send(self, rows: list[BulkRow]) -> None:
        batch = uuid.uuid4().hex[:12]  # one bulk send: undone as one (the audit log)
        changes = [
            Change(r.user_name, r.wanted, self.ctx.known.get(r.user_name), kind="bulk",
                   batch=batch)
            for r in rows if r.wanted is not None
        ]
        self.in_flight = True
        self.query_one("#bulk-progress", ProgressBar).update(total=len(changes), progress=0)
        self._summary(f"Sending {len(changes)} requests, one at a time…")

        def on_start(index: int) -> None:
            self._set_status(rows[index], SENDING)

        def on_each(index: int, outcome: ApplyOutcome) -> None:
            row = rows[index]
            if outcome.ok:
                self.errors.pop(row.user_name, None)
            else:
                self.errors[row.user_name] = outcome.error or "failed"
            self._set_status(row, DONE if outcome.ok else FAILED)
            if self.is_attached:
                self.query_one("#bulk-progress", ProgressBar).advance(1)

        self.ctx.send_all(changes, on_each, on_start, self._finished)

    def _set_status(self, row: BulkRow, status: str) -> None:
        self.status[row.user_name] = status
        if self.is_attached:
            self._update_row(row)

    def _finished(self) -> None:
        ok = sum(1 for s in self.status.values() if s == DONE)
        failed = len(self._failed_rows())
        if not self.is_attached:
            self.app.notify(f"Bulk change: {ok} applied, {failed} failed.", title="Bulk",
                            severity="error" if failed else "information")
            return
        self.in_flight = False
        self._summary(f"Done: {ok} applied, {failed} failed"
                      + (" — Ctrl+R re-sends only the failures." if failed else "."))

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"bulk-send": self.action_send, "bulk-retry": self.action_retry_failed,
                   "bulk-close": self.action_close}
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def action_close(self) -> None:
        self.dismiss(None)
