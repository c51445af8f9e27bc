"""A plan's diff, then applying it: typed confirmation, progress, retry, undo as one step.

The same screen shows the undo of a run (its rows come from the audit log). Before the
run starts the diff follows the known state (an edit applied meanwhile updates it);
once started, the rows stay as sent and each shows its result. Requests go through
``AgentsContext.send_all`` (App worker, audit, known state), as bulk changes do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Button, ProgressBar, Static

from alohub_tui.agents.apply import ApplyOutcome
from alohub_tui.agents.plan_diff import PlanRow, RowKind, summarize
from alohub_tui.agents.plan_run import APPLY, UNDO, PlanRun, Status, finish_run, start_run
from alohub_tui.agents.plan_undo import NotUndoable, plan_undo
from alohub_tui.ui.agents_context import AgentsContext, Change
from alohub_tui.ui.messages import LocalStoreChanged
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.screens.typed_confirm import TypedConfirmScreen
from alohub_tui.ui.widgets.plan_diff_view import PlanDiffView, plan_text
from alohub_tui.vntime import MINUTE_DISPLAY, VN_TZ

Rows = tuple[list[PlanRow], list[str]]  # the rows, and notes on agents left alone


@dataclass(frozen=True)
class RunSource:
    """What the screen runs: a plan (or an undo), and how to compute its rows now."""

    title: str
    plan_name: str
    compute: Callable[[], Rows]
    mode: str = APPLY
    undo_of: str | None = None
    refusal: str | None = None  # shown instead of applying (e.g. a demo-only plan)


def undo_source(ctx: AgentsContext, run_id: str) -> RunSource:
    """The undo of run ``run_id`` (raises NotUndoable when there is nothing to undo)."""
    first = plan_undo(ctx.audit, run_id, ctx.known)

    def compute() -> Rows:
        undo = plan_undo(ctx.audit, run_id, ctx.known)
        return list(undo.rows), list(undo.notes)

    when = first.run_entry.time.astimezone(VN_TZ).strftime(MINUTE_DISPLAY)
    return RunSource(f"Undo run {run_id} · plan {first.plan_name} · applied {when}",
                     first.plan_name, compute, UNDO, run_id)


class PlanRunScreen(Dialog[None]):
    """Diff, apply, progress and results of one plan run, full-screen at 80x24."""

    DEFAULT_CSS = """
    #plan-run-summary { height: auto; max-height: 2; color: $text-muted; }
    #plan-run-diff { height: 1fr; min-height: 4; border-left: wide $panel; }
    #plan-run-diff:focus { border-left: wide $accent; }
    #plan-run-progress { height: 1; display: none; }
    #plan-run-progress.-shown { display: block; }
    #plan-run-result { height: auto; max-height: 3; }
    """

    BINDINGS = [
        Binding("f6,ctrl+s", "apply", "Apply", id="plan_run.apply",
                tooltip="Send one updateQueue per changed agent (type the number to confirm)"),
        Binding("ctrl+r", "retry", "Retry failed", id="plan_run.retry",
                tooltip="Re-send the agents that failed or may be applied"),
        Binding("f7,ctrl+u", "undo", "Undo run", id="plan_run.undo",
                tooltip="Put every agent this run changed back as it was (asks first)"),
        Binding("escape", "close", "Close", id="plan_run.close",
                tooltip="Close (requests in flight still complete)"),
    ]

    in_flight: reactive[bool] = reactive(False)

    def __init__(self, ctx: AgentsContext, source: RunSource) -> None:
        super().__init__(classes="plan-run-screen")
        self.ctx = ctx
        self.source = source
        self.rows, self.notes = source.compute()
        self.run = PlanRun(source.plan_name, list(self.rows), source.mode, source.undo_of)

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Vertical(id="plan-run-box"):
            yield Static(self.source.title, id="plan-run-title", markup=False)
            yield Static("", id="plan-run-summary", markup=False)
            yield PlanDiffView(id="plan-run-diff")
            yield ProgressBar(id="plan-run-progress", show_eta=False)
            yield Static("", id="plan-run-result", markup=False)
            with Horizontal(id="plan-run-buttons"):
                if not self.ctx.read_only:
                    label = "Undo [F6]" if self.source.mode == UNDO else "Apply [F6]"
                    yield Button(Content(label), id="plan-run-apply", variant="warning",
                                 compact=True)
                    yield Button(Content("Retry failed [^R]"), id="plan-run-retry",
                                 compact=True, disabled=True)
                    if self.source.mode == APPLY:
                        yield Button(Content("Undo run [F7]"), id="plan-run-undo",
                                     compact=True, disabled=True)
                yield Button(Content("Close [Esc]"), id="plan-run-close", compact=True)

    def on_mount(self) -> None:
        self.ctx.listeners.append(self._known_changed)
        self.query_one(PlanDiffView).focus()
        self._redraw()
        self._result(self._ready_hint())
        self._sync_buttons()

    def on_unmount(self) -> None:
        if self._known_changed in self.ctx.listeners:
            self.ctx.listeners.remove(self._known_changed)

    def _ready_hint(self) -> str:
        if self.source.refusal:
            return f"✗ {self.source.refusal}"
        if self.ctx.read_only:
            return "Read-only mode: plans and diffs are shown, never applied."
        count = len(self.run.rows)
        if not count:
            return "= Nothing to send: no agent would change."
        return f"F6 sends {count} request(s), one agent at a time."

    def _redraw(self) -> None:
        display = {agent.user_name: agent.name for agent in self.ctx.agents}
        self.query_one(PlanDiffView).show(
            plan_text(self.rows, self.run, self.ctx.queue_names, display, self.notes))
        summary = summarize(self.rows)
        if self.run.entry is not None:
            summary += f" · run {self.run.id}: {self.run.summary()}"
        self.query_one("#plan-run-summary", Static).update(summary)

    def _result(self, message: str) -> None:
        self.query_one("#plan-run-result", Static).update(message)

    def on_local_store_changed(self, message: LocalStoreChanged) -> None:
        """Another window or command applied a change: the diff follows it (before the
        run starts), as it follows this window's own changes."""
        self._known_changed(None)

    def _known_changed(self, outcome: ApplyOutcome | None) -> None:
        """Another change landed: before this run starts, its diff follows it."""
        if self.run.entry is None and not self.in_flight and self.is_attached:
            self.rows, self.notes = self.source.compute()
            self.run = PlanRun(self.source.plan_name, list(self.rows), self.source.mode,
                               self.source.undo_of)
            self._redraw()
            self._result(self._ready_hint())
            self._sync_buttons()

    # ---------------------------------------------------------------- actions

    def watch_in_flight(self, busy: bool) -> None:
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        busy = self.in_flight
        for button_id, enabled in (("#plan-run-apply", self._can_apply()),
                                   ("#plan-run-retry", bool(self._retry_rows())),
                                   ("#plan-run-undo", self._can_undo())):
            for button in self.query(button_id).results(Button):
                button.disabled = busy or not enabled
        self.refresh_bindings()

    def _can_apply(self) -> bool:
        return (not self.ctx.read_only and self.source.refusal is None
                and bool(self.run.with_status(Status.READY)))

    def _retry_rows(self) -> list[PlanRow]:
        return self.run.with_status(Status.FAILED, Status.MAYBE)

    def _can_undo(self) -> bool:
        """After the run, when it changed an agent whose state before it was known."""
        return (self.run.id is not None and self.run.mode == APPLY
                and any(r.kind is not RowKind.UNKNOWN
                        for r in self.run.with_status(Status.OK, Status.MAYBE)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("apply", "retry", "undo") and self.ctx.read_only:
            return False
        if action == "retry":
            return None if self.in_flight or not self._retry_rows() else True
        if action == "undo":
            return None if self.in_flight or not self._can_undo() else True
        return True

    def action_apply(self) -> None:
        if self.in_flight or not self._can_apply():
            if self.source.refusal:
                self.notify(self.source.refusal, title="Plan", severity="warning")
            return
        rows = self.run.with_status(Status.READY)
        n = len(rows)
        unknown = sum(1 for r in rows if r.kind is RowKind.UNKNOWN)
        warned = sum(1 for r in rows if r.warnings)
        question = (f"{self.source.title}\n{n} agent(s), one updateQueue EDIT each."
                    + (f"\n? {unknown} with unknown state: their lists are replaced."
                       if unknown else "")
                    + (f"\n⚠ {warned} with warnings: read them first." if warned else "")
                    + f"\n\nType {n} to send.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._send(rows)

        what = "Undo the run?" if self.run.mode == UNDO else "Apply the plan?"
        self.app.push_screen(TypedConfirmScreen(what, question, str(n)), answered)

    def action_retry(self) -> None:
        rows = self._retry_rows()
        if self.in_flight or not rows:
            return
        failed = [r.user_name for r in rows if self.run.status[r.user_name] is Status.FAILED]
        maybe = [r.user_name for r in rows if self.run.status[r.user_name] is Status.MAYBE]
        lines = [f"Re-send {len(rows)} request(s)?"]
        if failed:
            lines.append(f"✗ failed: {', '.join(failed)}")
        if maybe:
            lines.append(f"? may already be applied (answer lost): {', '.join(maybe)}; "
                         "re-sending sets the same lists, so it is safe.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._send(rows)

        self.app.push_screen(ConfirmScreen("Retry?", "\n".join(lines), "Re-send"), answered)

    def _send(self, rows: Sequence[PlanRow]) -> None:
        if self.run.entry is None:
            try:
                start_run(self.ctx.audit, self.run)
            except OSError as exc:
                self._result(f"✗ Could not write the audit log {self.ctx.audit.path} "
                             f"({exc.strerror}); nothing was sent.")
                return
        changes = [Change(r.user_name, r.wanted, self.ctx.known.get(r.user_name),
                          kind=self.run.change_kind, undo_of=r.undo_of, run=self.run.id)
                   for r in rows if r.wanted is not None]
        self.in_flight = True
        progress = self.query_one(ProgressBar)
        progress.add_class("-shown")
        progress.update(total=len(changes), progress=0)
        self._result(f"… Sending {len(changes)} request(s), one at a time (run {self.run.id})")

        def on_start(index: int) -> None:
            self.run.mark_sending(changes[index].user_name)
            if self.is_attached:
                self._redraw()

        def on_each(index: int, outcome: ApplyOutcome) -> None:
            self.run.record(outcome)
            if self.is_attached:
                self._redraw()
                self.query_one(ProgressBar).advance(1)

        self.ctx.send_all(changes, on_each, on_start, self._finished)

    def _finished(self) -> None:
        warning = finish_run(self.ctx.audit, self.run)
        what = "Undo" if self.run.mode == UNDO else f"Plan {self.source.plan_name}"
        message = f"{what}: {self.run.summary()}" + (f" ({warning})" if warning else "")
        if not self.is_attached:
            self.app.notify(message, title="Plan run",
                            severity="information" if self.run.all_applied else "error")
            return
        self.in_flight = False
        hints = []
        if self._retry_rows():
            hints.append("Ctrl+R re-sends the failed")
        if self._can_undo():
            hints.append("F7 undoes the whole run")
        elif self.run.mode == APPLY and self.run.with_status(Status.OK):
            hints.append("no undo: the agents' states before the run were unknown")
        self._result(("✓ " if self.run.all_applied else "✗ ") + message + "."
                     + (" " + " · ".join(hints) + "." if hints else ""))
        self._redraw()

    def action_undo(self) -> None:
        if self.in_flight or not self._can_undo() or self.run.id is None:
            return
        try:
            source = undo_source(self.ctx, self.run.id)
        except NotUndoable as exc:
            self.notify(str(exc), title="Undo", severity="warning")
            return
        self.app.push_screen(PlanRunScreen(self.ctx, source))

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"plan-run-apply": self.action_apply, "plan-run-retry": self.action_retry,
                   "plan-run-undo": self.action_undo, "plan-run-close": self.action_close}
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def action_close(self) -> None:
        self.dismiss(None)
