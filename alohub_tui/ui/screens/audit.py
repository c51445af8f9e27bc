"""The profile's queue-change audit log, newest first, with undo (re-apply the previous
state). A change recorded under another profile, or before profiles, is never undone."""

from __future__ import annotations

import json

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, DataTable, Static

from alohub_tui.agents.apply import ApplyOutcome
from alohub_tui.agents.audit import AuditEntry
from alohub_tui.agents.audit_text import entry_cells
from alohub_tui.agents.diff import diff_queues
from alohub_tui.agents.plan_run import is_run, run_detail
from alohub_tui.agents.plan_undo import NotUndoable
from alohub_tui.ui.agents_context import AgentsContext, Change
from alohub_tui.ui.messages import LocalStoreChanged
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.screens.plan_run import PlanRunScreen, undo_source
from alohub_tui.ui.widgets.change_preview import diff_text
from alohub_tui.ui.widgets.plain_table import PlainTable
from alohub_tui.vntime import MINUTE_DISPLAY, SECOND_DISPLAY, VN_TZ

MAX_ROWS = 500


class AuditScreen(Dialog[None]):
    """Every logged queue change; undo re-applies what the agent had before it."""

    BINDINGS = [
        Binding("f6,u", "undo", "Undo", id="audit.undo",
                tooltip="Re-apply the selected entry's previous state (asks first)"),
        Binding("ctrl+r", "reload", "Reload", id="audit.reload", tooltip="Read the log again"),
        Binding("escape", "close", "Close", id="audit.close", tooltip="Close the audit log"),
    ]

    def __init__(self, ctx: AgentsContext) -> None:
        super().__init__(id="audit-screen")
        self.ctx = ctx
        self.entries: list[AuditEntry] = []
        self.in_flight = False

    def compose(self) -> ComposeResult:
        with Vertical(id="audit-box"):
            yield Static(f"Audit log of profile {self.ctx.audit.profile}: {self.ctx.audit.path}",
                         id="audit-title", markup=False)
            yield PlainTable(id="audit-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="audit-detail")
            with Horizontal(id="audit-buttons"):
                if not self.ctx.read_only:
                    yield Button(Content("Undo [F6]"), id="audit-undo", variant="warning",
                                 compact=True)
                yield Button(Content("Close [Esc]"), id="audit-close", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#audit-table", DataTable)
        table.add_column("Time", key="time", width=14)
        table.add_column("Agent", key="agent", width=12)
        table.add_column("Kind", key="kind", width=5)
        table.add_column("Result", key="result", width=10)
        table.add_column("Change / error", key="change")
        table.focus()
        self.action_reload()

    def on_local_store_changed(self, message: LocalStoreChanged) -> None:
        """Another window or command logged a change: show it too."""
        self.action_reload()

    def action_reload(self) -> None:
        selected = self.selected()
        try:
            self.entries = self.ctx.audit.entries(limit=MAX_ROWS)
        except OSError as exc:
            self.entries = []
            self.notify(f"Could not read the audit log: {exc.strerror}", severity="error")
        table = self.query_one("#audit-table", DataTable)
        table.clear()
        for entry in self.entries:
            table.add_row(*self._cells(entry), key=entry.id)
        if selected is not None and selected.id in table.rows:
            table.move_cursor(row=table.get_row_index(selected.id))
        if not self.entries:
            self.query_one("#audit-detail", Static).update("No queue changes logged yet.")
        if self.ctx.audit.skipped_lines:
            self.notify(f"{self.ctx.audit.skipped_lines} unreadable audit line(s) skipped.",
                        severity="warning")

    @staticmethod
    def _cells(entry: AuditEntry) -> tuple[str, ...]:
        return entry.time.astimezone(VN_TZ).strftime(SECOND_DISPLAY), *entry_cells(entry)

    def selected(self) -> AuditEntry | None:
        table = self.query_one("#audit-table", DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    @on(DataTable.RowHighlighted, "#audit-table")
    def _show_detail(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if is_run(entry):
            lines = run_detail(entry)
            if not self.ctx.read_only:
                lines.append("undo (F6): every agent this run changed back as before it")
            self.query_one("#audit-detail", Static).update(Text("\n".join(lines)))
            return
        text = Text(f"{entry.agent} · {entry.result_label} · id {entry.id}\n", style="bold")
        if entry.error:
            text.append(f"✗ {entry.error}\n", style="red")
        text.append(f"sent {json.dumps(entry.body, ensure_ascii=False)}\n")
        previous = entry.previous_state
        text.append("before: " + (json.dumps(previous.queues.body(), ensure_ascii=False)
                                  if previous else "unknown"))
        refusal = entry.undo_refusal(self.ctx.audit.profile)
        if refusal and not self.ctx.read_only:
            text.append(f"\nundo: {refusal}", style="dim")
        self.query_one("#audit-detail", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "undo" and self.ctx.read_only)

    def action_undo(self) -> None:
        entry = self.selected()
        if self.ctx.read_only or entry is None or self.in_flight:
            return
        if is_run(entry):
            try:
                self.app.push_screen(PlanRunScreen(self.ctx, undo_source(self.ctx, entry.id)),
                                     lambda _: self.action_reload())
            except NotUndoable as exc:
                self.notify(str(exc), title="Undo", severity="warning")
            return
        refusal = entry.undo_refusal(self.ctx.audit.profile)
        previous = entry.previous_state
        if refusal or previous is None:
            self.notify(refusal or "Nothing to undo.", title="Undo", severity="warning")
            return
        current = self.ctx.known.get(entry.agent)
        diff = diff_queues(current, previous.queues)
        lines = diff_text(diff, self.ctx.queue_names).plain
        question = (f"Restore {entry.agent}'s queues from before {entry.id} "
                    f"({previous.applied_at.strftime(MINUTE_DISPLAY)})?\n\n{lines}")
        change = Change(entry.agent, previous.queues, current, kind="undo", undo_of=entry.id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.in_flight = True
                self.ctx.send(change, self._done)

        self.app.push_screen(ConfirmScreen("Undo queue change?", question, "Undo"), answered)

    def _done(self, outcome: ApplyOutcome) -> None:
        self.in_flight = False
        if outcome.ok:
            self.app.notify(f"{outcome.user_name}: previous queues restored.", title="Undo")
        else:
            self.app.notify(f"{outcome.user_name}: {outcome.error}",
                            title=outcome.title or "Undo failed", severity="error", timeout=15)
        if self.is_attached:
            self.action_reload()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "audit-undo":
            self.action_undo()
        elif event.button.id == "audit-close":
            self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)
