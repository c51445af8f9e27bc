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
from alohub_tui.agents.undo_many import last_batch, undo_steps
from alohub_tui.ui.agents_context import AgentsContext, Change
from alohub_tui.ui.column_fit import FitColumn
from alohub_tui.ui.messages import LocalStoreChanged
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.screens.plan_run import PlanRunScreen, undo_source
from alohub_tui.ui.widgets.change_preview import diff_text
from alohub_tui.ui.widgets.fitted_table import FittedTable
from alohub_tui.vntime import MINUTE_DISPLAY, SECOND_DISPLAY, VN_TZ

MAX_ROWS = 500
MARK = "●"
# The width budget: when, who, what kind and how it ended show whole; the change (or the
# error) takes what is left, and is whole in the detail under the table.
AUDIT_COLUMNS = (
    FitColumn("mark", " "), FitColumn("time", "Time"), FitColumn("agent", "Agent"),
    FitColumn("kind", "Kind"), FitColumn("result", "Result"),
    FitColumn("change", "Change / error", grow=True, min_width=10),
)


class AuditScreen(Dialog[None]):
    """Every logged queue change; undo re-applies what the agent had before it."""

    BINDINGS = [
        Binding("f6,u", "undo", "Undo", id="audit.undo",
                tooltip="Undo the marked changes, or else the highlighted one (asks first)"),
        Binding("space", "mark", "Mark", id="audit.mark",
                tooltip="Mark or unmark the highlighted change, to undo several at once"),
        Binding("b", "mark_bulk", "Mark last bulk", id="audit.mark_bulk",
                tooltip="Mark every change of the last bulk change"),
        Binding("ctrl+r", "reload", "Reload", id="audit.reload", tooltip="Read the log again"),
        Binding("escape", "close", "Close", id="audit.close", tooltip="Close the audit log"),
    ]

    def __init__(self, ctx: AgentsContext) -> None:
        super().__init__(id="audit-screen")
        self.ctx = ctx
        self.entries: list[AuditEntry] = []
        self.marked: set[str] = set()  # entry ids
        self.in_flight = False

    def compose(self) -> ComposeResult:
        with Vertical(id="audit-box"):
            yield Static(self._title(), id="audit-title", markup=False)
            yield FittedTable(AUDIT_COLUMNS, id="audit-table", zebra_stripes=True)
            yield Static("", id="audit-detail")
            with Horizontal(id="audit-buttons"):
                if not self.ctx.read_only:
                    yield Button(Content("Undo [F6]"), id="audit-undo", variant="warning",
                                 compact=True)
                yield Button(Content("Close [Esc]"), id="audit-close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#audit-table", DataTable).focus()
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
        self.marked &= {entry.id for entry in self.entries}
        self._fill(selected.id if selected is not None else None)
        self._say_marks()
        if not self.entries:
            self.query_one("#audit-detail", Static).update("No queue changes logged yet.")
        if self.ctx.audit.skipped_lines:
            self.notify(f"{self.ctx.audit.skipped_lines} unreadable audit line(s) skipped.",
                        severity="warning")

    def _cells(self, entry: AuditEntry) -> tuple[str, ...]:
        return (MARK if entry.id in self.marked else " ",
                entry.time.astimezone(VN_TZ).strftime(SECOND_DISPLAY), *entry_cells(entry))

    def _fill(self, cursor: str | None) -> None:
        """The rows; the cursor stays on entry ``cursor`` (after an undo, a reload)."""
        self.query_one("#audit-table", FittedTable).fill(
            ((entry.id, self._cells(entry)) for entry in self.entries), cursor)

    def selected(self) -> AuditEntry | None:
        key = self.query_one("#audit-table", FittedTable).cursor_key
        return next((entry for entry in self.entries if entry.id == key), None)

    # ---------------------------------------------------------------- marks

    def action_mark(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        self.marked ^= {entry.id}
        table = self.query_one("#audit-table", FittedTable)
        table.put(entry.id, self._cells(entry))
        table.action_cursor_down()
        self._say_marks()

    def action_mark_bulk(self) -> None:
        batch = last_batch(self.entries)
        if not batch:
            self.notify("No bulk change in the log (changes sent before this version "
                        "cannot be told apart: mark them with Space).", title="Undo")
            return
        self.marked = {entry.id for entry in batch}
        self._fill(self.query_one("#audit-table", FittedTable).cursor_key)
        self._say_marks()

    def _say_marks(self) -> None:
        self.query_one("#audit-title", Static).update(self._title())

    def _title(self) -> str:
        title = f"Audit log of profile {self.ctx.audit.profile}: {self.ctx.audit.path}"
        if self.marked:
            title += f" · {len(self.marked)} marked: F6 undoes them in one step"
        return title

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
        return not (action in ("undo", "mark", "mark_bulk") and self.ctx.read_only)

    def action_undo(self) -> None:
        entry = self.selected()
        if self.ctx.read_only or entry is None or self.in_flight:
            return
        if self.marked:
            self._undo_marked()
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

    def _undo_marked(self) -> None:
        """Every marked change undone in one confirmed step (one request per agent)."""
        chosen = [entry for entry in self.entries if entry.id in self.marked]
        steps, refused = undo_steps(chosen, self.ctx.known, self.ctx.audit.profile)
        if not steps:
            self.notify("\n".join(refused) or "Nothing to undo.", title="Undo",
                        severity="warning")
            return
        lines = []
        for step in steps:
            lines.append(f"{step.agent}:")
            lines += [f"  {line}" for line in diff_text(
                diff_queues(step.current, step.restore.queues), self.ctx.queue_names).plain
                .splitlines()]
        lines += [f"not undone: {line}" for line in refused]
        question = (f"Restore {len(steps)} agent(s) to their queues before the marked "
                    f"changes, one request each?\n\n" + "\n".join(lines))
        changes = [Change(step.agent, step.restore.queues, step.current, kind="undo",
                          undo_of=step.undo_of) for step in steps]

        def answered(yes: bool | None) -> None:
            if yes:
                self.in_flight = True
                self.ctx.send_all(changes, lambda _i, outcome: self._each(outcome),
                                  on_done=lambda: self._all_done(len(changes)))

        self.app.push_screen(ConfirmScreen("Undo marked changes?", question, "Undo all"),
                             answered)

    def _each(self, outcome: ApplyOutcome) -> None:
        if not outcome.ok:
            self.app.notify(f"{outcome.user_name}: {outcome.error}",
                            title=outcome.title or "Undo failed", severity="error", timeout=15)

    def _all_done(self, count: int) -> None:
        self.in_flight = False
        self.marked.clear()
        self.app.notify(f"{count} agent(s): undo sent, one request each (failures are listed "
                        "separately).", title="Undo")
        if self.is_attached:
            self.action_reload()

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
