"""Edit one agent's callin queues, callout queue and extensions (updateQueue EDIT).

Shows the exact request and the diff live; Apply asks first, sends in an App worker,
and on failure keeps every selection and offers a retry.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Button, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from alohub_tui.agents.apply import ApplyOutcome
from alohub_tui.agents.diff import QueueDiff, diff_queues
from alohub_tui.agents.membership import AgentState, ReadState, changed_since
from alohub_tui.agents.model import AgentInfo, KnownState, QueueInfo, QueueSet
from alohub_tui.api.errors import AlohubError, InvalidInput
from alohub_tui.api.phone import EXTENSION_RULE, validate_extension
from alohub_tui.ui.agents_context import AgentsContext, Change
from alohub_tui.ui.plain import plain
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.widgets.change_preview import ChangePreview
from alohub_tui.ui.widgets.check_list import CheckList
from alohub_tui.ui.widgets.field import Field
from alohub_tui.vntime import CLOCK_DISPLAY, now_vn

NO_CALLIN_WARNING = "⚠ No callin queue: the agent will take NO inbound calls."


class QueueEditorScreen(Dialog[None]):
    """The editor for one agent, full-screen at 80x24."""

    BINDINGS = [
        Binding("f6,ctrl+s", "apply", "Apply", id="editor.apply",
                tooltip="Send this change (asks first)"),
        Binding("ctrl+r", "retry", "Retry", id="editor.retry",
                tooltip="Re-send the change that just failed"),
        Binding("escape", "close", "Close", id="editor.close",
                tooltip="Close the editor (a request in flight still completes)"),
    ]

    in_flight: reactive[bool] = reactive(False)

    def __init__(self, ctx: AgentsContext, agent: AgentInfo) -> None:
        super().__init__(id="queue-editor")
        self.ctx = ctx
        self.agent = agent
        self.failed: QueueSet | None = None
        self.opened: ReadState | None = ctx.read.get(agent.user_name)  # re-read on apply

    @property
    def known(self) -> KnownState | None:
        """What was last applied from here (the audit log's "before"; undo restores it)."""
        return self.ctx.known.get(self.agent.user_name)

    @property
    def state(self) -> AgentState:
        """The agent's queues as best known: read from Alohub, or applied from here."""
        return self.ctx.state_of(self.agent.user_name)

    def baseline(self) -> KnownState | None:
        """What the diff compares with: the state the editor shows as current."""
        return self.ctx.baseline(self.agent.user_name)

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        current = self.state.queues
        start = current if current is not None else QueueSet(extensions=self.agent.extensions)
        with Vertical(id="editor-box"):
            yield Static("", id="editor-title", markup=False)
            with Horizontal(id="editor-lists"):
                callin: CheckList[int] = CheckList(
                    *(Selection(plain(q.label), q.id, q.id in start.callin_ids)
                      for q in self._callin_choices(start)),
                    id="editor-callin", read_only=self.ctx.read_only,
                )
                callin.border_title = "Callin queues"
                yield callin
                with Vertical(id="editor-right"):
                    yield Label("Callout queue", classes="editor-label")
                    yield Select(
                        [(plain(q.label), q.id) for q in self.ctx.callout_queues],
                        value=start.callout_id if start.callout_id is not None else Select.NULL,
                        allow_blank=True, prompt="none: calloutId not sent (kept)",
                        id="editor-callout", compact=True, disabled=self.ctx.read_only,
                    )
                    exts: CheckList[str] = CheckList(
                        *(Selection(e, e, e in start.extensions)
                          for e in self._extension_choices(start)),
                        id="editor-ext", read_only=self.ctx.read_only,
                    )
                    exts.border_title = "Extensions"
                    yield exts
                    if not self.ctx.read_only:
                        yield Field(placeholder="add extension, Enter", id="editor-new-ext",
                                    compact=True, max_length=8, restrict=r"[0-9 ]*",
                                    refused=f"{EXTENSION_RULE}.")
            with VerticalScroll(id="editor-preview-box"):
                yield ChangePreview(id="editor-preview")
                yield Static("", id="editor-result", markup=False)
            with Horizontal(id="editor-buttons"):
                if not self.ctx.read_only:
                    yield Button(Content("Apply [F6]"), id="editor-apply", variant="warning",
                                 compact=True)
                    retry = Button(Content("Retry [^R]"), id="editor-retry", compact=True)
                    retry.display = False
                    yield retry
                yield Button(Content("Close [Esc]"), id="editor-close", compact=True)

    def _callin_choices(self, start: QueueSet) -> list[QueueInfo]:
        """Every known callin queue, plus any id in the known state we have no name for."""
        known_ids = {q.id for q in self.ctx.callin_queues}
        extra = [QueueInfo(i) for i in start.callin_ids if i not in known_ids]
        return [*self.ctx.callin_queues, *extra]

    def _extension_choices(self, start: QueueSet) -> list[str]:
        """The agent's own, the known state's, then the rest of the catalog's."""
        others = (e for a in self.ctx.agents for e in a.extensions)
        return list(dict.fromkeys((*self.agent.extensions, *start.extensions, *others)))

    def on_mount(self) -> None:
        self.query_one("#editor-callin", SelectionList).focus()
        self.refresh_preview()

    # ---------------------------------------------------------------- state

    def wanted(self) -> QueueSet:
        callout = self.query_one("#editor-callout", Select).value
        return QueueSet.of(
            self.query_one("#editor-callin", SelectionList).selected,
            callout if isinstance(callout, int) else None,
            self.query_one("#editor-ext", SelectionList).selected,
        )

    def current_diff(self) -> QueueDiff:
        return diff_queues(self.baseline(), self.wanted())

    def refresh_preview(self) -> None:
        wanted = self.wanted()
        mode = "View (read-only) · " if self.ctx.read_only else ""
        self.query_one("#editor-title", Static).update(
            f"{mode}{self.agent.user_name} {self.agent.name} · "
            f"{self.state.label(self.ctx.host.clock())}"
        )
        self.query_one("#editor-preview", ChangePreview).show(
            self.ctx.base_url, self.agent.user_name, wanted, self.current_diff(),
            self.ctx.queue_names,
        )

    @on(SelectionList.SelectedChanged)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.refresh_preview()

    @on(Input.Submitted, "#editor-new-ext")
    def _add_extension(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            ext = validate_extension(event.value)
        except InvalidInput as exc:
            self._result(f"✗ {exc.message}", "error")
            return
        exts = self.query_one("#editor-ext", SelectionList)
        if not self._has_option(exts, ext):
            exts.add_option(Selection(ext, ext, True))
        exts.select(ext)
        event.input.value = ""
        self._result(f"✓ extension {ext} selected", "ok")

    @staticmethod
    def _has_option(exts: SelectionList[str], ext: str) -> bool:
        return any(exts.get_option_at_index(i).value == ext for i in range(exts.option_count))

    def _result(self, message: str, kind: str = "") -> None:
        result = self.query_one("#editor-result", Static)
        result.update(message)
        result.set_classes(f"result {kind}".strip())

    # ---------------------------------------------------------------- apply

    def watch_in_flight(self, busy: bool) -> None:
        for button in self.query("#editor-apply, #editor-retry").results(Button):
            button.disabled = busy
        if busy:
            self.query_one("#editor-apply", Button).label = "Applying…"
        elif self.query("#editor-apply"):
            self.query_one("#editor-apply", Button).label = Content("Apply [F6]")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("apply", "retry") and self.ctx.read_only:
            return False
        return not (action == "retry" and self.failed is None)

    def action_apply(self) -> None:
        if self.ctx.read_only or self.in_flight:
            return
        if self.ctx.host.gateway is None:
            self._confirm(self.wanted())
            return
        self.in_flight = True  # until the re-read is back: no second Apply meanwhile
        self._result("… Reading the agent's queues from Alohub again", "")
        self.ctx.host.run_api(self._reread_then_confirm(self.wanted()), group="agents-read",
                              description=f"re-read {self.agent.user_name}")

    async def _reread_then_confirm(self, wanted: QueueSet) -> None:
        """Just before applying, read Alohub's state again: warn when it changed since
        the editor opened (EDIT would silently undo the other change)."""
        warning: str | None
        try:
            fresh = (await self.ctx.read_membership()).get(self.agent.user_name)
        except AlohubError as exc:
            warning = f"⚠ Could not read Alohub's queues again ({exc.message})"
        else:
            warning = changed_since(self.opened, fresh) if fresh else None
            warning = f"⚠ {warning}" if warning else None
        self.in_flight = False
        if not self.is_attached:
            return
        self._result(warning or "", "error" if warning else "")
        self.refresh_preview()
        self._confirm(wanted, warning)

    def _confirm(self, wanted: QueueSet, warning: str | None = None) -> None:
        lines = self.current_diff().lines(self.ctx.queue_names)
        if not wanted.callin_ids:
            lines.insert(0, NO_CALLIN_WARNING)
        if warning:
            lines.insert(0, warning)
        question = f"Replace the queues of {self.agent.user_name}?\n\n" + "\n".join(lines)

        def answered(yes: bool | None) -> None:
            if yes:
                self._send(wanted)

        self.app.push_screen(ConfirmScreen("Apply queue change?", question, "Apply"), answered)

    def action_retry(self) -> None:
        if self.failed is None or self.in_flight:
            return
        if self.failed == self.wanted():
            self._send(self.failed)
        else:
            self.action_apply()

    def _send(self, wanted: QueueSet) -> None:
        self.in_flight = True
        self._result(f"… Sending updateQueue for {self.agent.user_name}", "")
        change = Change(self.agent.user_name, wanted, self.known)
        self.ctx.send(change, self._done)

    def _done(self, outcome: ApplyOutcome) -> None:
        if not self.is_attached:  # closed meanwhile: the tab and a toast report it
            self._toast(outcome)
            return
        self.in_flight = False
        retry = self.query_one("#editor-retry", Button)
        if outcome.ok:
            self.failed = None
            retry.display = False
            if self.opened is not None and outcome.state is not None:  # ours, not a change
                self.opened = ReadState(outcome.state.queues.callin_ids,
                                        outcome.state.applied_at)
            when = now_vn().strftime(CLOCK_DISPLAY)
            self._result(f"✓ Applied at {when}. The list shows the new known state.", "ok")
        else:
            self.failed = QueueSet.from_body(outcome.body)
            retry.display = True
            self._result(
                f"✗ {outcome.title or 'Not applied'}: {outcome.error}\nYour selections are kept; "
                "Ctrl+R retries, F6 applies after changes.", "error",
            )
        self.refresh_bindings()
        self.refresh_preview()

    def _toast(self, outcome: ApplyOutcome) -> None:
        if outcome.ok:
            self.app.notify(f"{outcome.user_name}: queues applied.", title="Queues")
        else:
            self.app.notify(f"{outcome.user_name}: {outcome.error}",
                            title=outcome.title or "Not applied", severity="error", timeout=15)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"editor-apply": self.action_apply, "editor-retry": self.action_retry,
                   "editor-close": self.action_close}
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def action_close(self) -> None:
        self.dismiss(None)
