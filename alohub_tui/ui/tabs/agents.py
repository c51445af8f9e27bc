"""Agents tab: the agent list with last known queues; editor, bulk change, audit log.

The editor, bulk and audit views are modal screens so each gets the whole terminal at
80x24. Read-only mode removes (not just disables) everything that sends a request.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Label, Static

from alohub_tui.agents.apply import ApplyOutcome
from alohub_tui.agents.audit import AuditLog
from alohub_tui.agents.membership import AgentState
from alohub_tui.agents.model import AgentInfo, changed_agents, merge_agents, merge_queues
from alohub_tui.api.errors import AlohubError
from alohub_tui.read_only import read_only_refusal
from alohub_tui.ui.agents_context import AgentsContext
from alohub_tui.ui.column_fit import FitColumn
from alohub_tui.ui.focus import focus_now, type_into
from alohub_tui.ui.host import Host
from alohub_tui.ui.screens.audit import AuditScreen
from alohub_tui.ui.screens.bulk import BulkScreen
from alohub_tui.ui.screens.plans import PlansScreen
from alohub_tui.ui.screens.queue_editor import QueueEditorScreen
from alohub_tui.ui.widgets.field import Field
from alohub_tui.ui.widgets.fitted_table import FittedTable
from alohub_tui.vntime import VN_TZ

MARK = "●"
WRITE_ACTIONS = frozenset({"edit", "mark", "mark_all", "clear_marks", "bulk"})


NO_GATEWAY = ("Agents and queues from the config catalog and the agents changed from here; "
              "no [gateway] is set, so their queues are what was applied from here.")
# A first run: no gateway and an empty catalog. Says which settings fill the list.
NO_AGENTS = ("No agents to list: set [gateway] base_url in config.toml (its key in "
             "${key_env}) to read the tenant's agents and queues, or add "
             "[[catalog.agents]] there (alohub-tui config path shows where).")


def state_cells(state: AgentState, now: datetime) -> tuple[str, str, str]:
    """(callin, callout, where from) cells; "unknown" for what was never read or applied."""
    if state.queues is None:
        return "unknown", "unknown", state.cell(now)
    queues = state.queues
    callin = ",".join(map(str, queues.callin_ids)) or "none"
    callout = str(queues.callout_id) if queues.callout_id is not None else "unknown"
    return callin, callout, state.cell(now)


class AgentsTab(Vertical):
    """Filterable agent list; Enter edits, Space marks for a bulk change."""

    BINDINGS = [
        Binding("f6", "edit", "Edit", id="agents.edit",
                tooltip="Edit the highlighted agent's queues (also Enter)"),
        Binding("f6", "view", "View", id="agents.view",
                tooltip="See the highlighted agent's queues (read-only mode; also Enter)"),
        Binding("space", "mark", "Mark", id="agents.mark",
                tooltip="Mark/unmark the highlighted agent for a bulk change"),
        Binding("plus", "mark_all", "Mark all", id="agents.mark_all", show=False,
                tooltip="Mark every agent the filter shows"),
        Binding("minus", "clear_marks", "Clear marks", id="agents.clear_marks", show=False,
                tooltip="Unmark every agent"),
        Binding("f7,ctrl+g", "bulk", "Bulk", id="agents.bulk",
                tooltip="Set/add/remove callin queues for the marked agents"),
        Binding("f8,ctrl+l", "audit", "Audit", id="agents.audit",
                tooltip="The log of queue changes, with undo"),
        Binding("f9,ctrl+o", "plans", "Plans", id="agents.plans",
                tooltip="Queue plans: diff and apply a saved layout, save marked agents as one"),
        Binding("ctrl+r", "refresh", "Reload", id="agents.refresh",
                tooltip="Reload the agent and queue listings"),
        Binding("slash", "filter", "Filter", id="agents.filter", show=False,
                tooltip="Filter by user name, name or extension (or just type)"),
    ]

    def __init__(self, host: Host) -> None:
        super().__init__(id="agents-tab")
        self.host = host
        self.marked: set[str] = set()
        self.shown: list[AgentInfo] = []
        self._ctx: AgentsContext | None = None


    @property
    def ctx(self) -> AgentsContext:
        if self._ctx is None:
            self._ctx = AgentsContext(self.host, AuditLog(self.host.store))
        return self._ctx

    @property
    def read_only(self) -> bool:
        return self.host.config.ui.read_only

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label("Filter", classes="field-label")
            yield Field(placeholder="user name, name or extension", id="agent-filter",
                        compact=True, select_on_focus=False, not_text="/")
            yield Static("", id="agent-count", markup=False)
        yield FittedTable(self._columns(), id="agent-table", zebra_stripes=True)
        yield Static("", id="agent-status", classes="status", markup=False)
        with Horizontal(id="agent-actions"):
            label = "View [F6]" if self.read_only else "Edit [F6]"
            yield Button(Content(label), id="agent-edit", compact=True)
            if not self.read_only:
                yield Button(Content("Bulk [F7]"), id="agent-bulk", compact=True)
            yield Button(Content("Audit [F8]"), id="agent-audit", compact=True)
            yield Button(Content("Reload [^R]"), id="agent-refresh", compact=True)

    def on_mount(self) -> None:
        cfg = self.host.config.catalog
        self.ctx.agents = merge_agents(cfg.agents)
        self.ctx.callin_queues = merge_queues(cfg.callin_queues)
        self.ctx.callout_queues = merge_queues(cfg.callout_queues)
        self.ctx.reload_known()
        self.ctx.listeners.append(self._applied)
        self.redraw()
        self.action_refresh()
        if self.read_only:
            self._status("Read-only mode: queues can be viewed, not changed.")

    def _columns(self) -> list[FitColumn]:
        """The width budget: the mark, user, extensions and callin queues show whole; the
        name takes what is left (it is whole in the editor); then the callout queue and
        where the state came from, as they fit."""
        columns = [FitColumn("user", "User"), FitColumn("name", "Name", grow=True, min_width=8),
                   FitColumn("ext", "Ext"), FitColumn("callin", "Callin"),
                   FitColumn("out", "Out", rank=1), FitColumn("source", "State from", rank=2)]
        if not self.read_only:
            columns.insert(0, FitColumn("mark", " "))
        return columns

    def focus_first(self) -> None:
        focus_now(self.query_one("#agent-table", DataTable))

    def focus_results(self) -> None:
        self.focus_first()

    def on_show(self) -> None:
        # Switching tabs can drop the focus after show_tab asked for it: take it back.
        self.call_after_refresh(self._refocus)

    def _refocus(self) -> None:
        if self.app.focused is None or not self.app.focused.is_attached:
            self.focus_first()

    # ---------------------------------------------------------------- listings

    def action_refresh(self) -> None:
        self.host.run_api(self._load_listings, group="agents-list", exclusive=True,
                            description="list agents and queues")

    async def _load_listings(self) -> None:
        """The gateway's agents, queues and membership, when one is configured (a failure
        is a warning, never fatal); else the catalog and the agents changed from here."""
        cfg = self.host.config.catalog
        gateway = self.host.gateway
        changed = changed_agents(self.ctx.known)
        if gateway is None:
            self.ctx.agents = merge_agents(cfg.agents, changed)
            self.redraw()
            self._status(NO_GATEWAY if self.ctx.agents else NO_AGENTS.format(
                key_env=self.host.config.gateway.key_env), "" if self.ctx.agents else "warning")
            return
        problem = ""
        try:
            listed = await gateway.list_agents()
            self.ctx.agents = merge_agents(cfg.agents, [*listed, *changed])
            self.ctx.callin_queues = merge_queues(
                cfg.callin_queues, await gateway.list_inbound_queues())
            await self.ctx.read_membership(a.user_name for a in listed)
        except AlohubError as exc:
            problem = exc.message
        self.redraw()
        if problem:
            self._status(f"⚠ Could not read the gateway ({gateway.host}): {problem} "
                         "Showing the config catalog.", "warning")
            return
        when = self.host.clock().astimezone(VN_TZ).strftime("%H:%M")
        hint = "" if self.read_only else " · Enter edits · Space marks · F7 bulk"  # fits 80
        self._status(f"Queues read from Alohub at {when}{hint}")

    def _status(self, message: str, kind: str = "") -> None:
        status = self.query_one("#agent-status", Static)  # wraps at a word, never cut
        status.update(message)
        status.set_classes(f"status {kind}".strip())

    # ---------------------------------------------------------------- table

    def _cells(self, agent: AgentInfo) -> list[str]:
        state = self.ctx.state_of(agent.user_name)
        # The extensions of the known state (applied from here, else the listed ones),
        # so the row shows one state: an extension just added shows beside its queues.
        extensions = state.queues.extensions if state.queues is not None else agent.extensions
        cells = [
            agent.user_name, agent.name, ",".join(extensions),
            *state_cells(state, self.host.clock()),
        ]
        if not self.read_only:
            cells.insert(0, MARK if agent.user_name in self.marked else " ")
        return cells

    def redraw(self) -> None:
        """Rebuild the rows for the current filter, keeping the cursor on the same agent."""
        table = self.query_one("#agent-table", FittedTable)
        current = self.highlighted()
        needle = self.query_one("#agent-filter", Input).value
        self.shown = [a for a in self.ctx.agents if a.matches(needle)]
        table.fill(((agent.user_name, self._cells(agent)) for agent in self.shown),
                   current.user_name if current is not None else None)
        self._count()

    def _count(self) -> None:
        total = len(self.ctx.agents)
        text = f"{len(self.shown)}/{total} agents"
        if self.marked:
            text += f" · {len(self.marked)} marked"
        self.query_one("#agent-count", Static).update(text)

    def _update_row(self, user_name: str) -> None:
        table = self.query_one("#agent-table", FittedTable)
        agent = self.ctx.agent(user_name)
        if agent is None or user_name not in table.rows:
            return
        table.put(user_name, self._cells(agent))

    def highlighted(self) -> AgentInfo | None:
        table = self.query_one("#agent-table", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _applied(self, outcome: ApplyOutcome) -> None:
        if outcome.ok:
            self._update_row(outcome.user_name)

    def store_changed(self) -> None:
        """Another window or command wrote to the profile: show the agents whose last
        applied queues it changed."""
        for user_name in self.ctx.reload_known():
            self._update_row(user_name)

    # ---------------------------------------------------------------- filter

    @on(Input.Changed, "#agent-filter")
    def _filter_changed(self) -> None:
        self.redraw()

    @on(Input.Submitted, "#agent-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_first()

    def on_key(self, event: events.Key) -> None:
        """Typing a letter or digit in the table starts filtering; Esc in the filter clears.
        In read-only mode a key that would change queues says why it does nothing."""
        if self.read_only and self._changes_queues(event.key):
            event.stop()
            self._status("✗ " + read_only_refusal(
                "a queue change", hint="F6 (View) shows an agent's queues"), "warning")
            return
        filter_input = self.query_one("#agent-filter", Input)
        if event.key == "escape" and filter_input.has_focus and filter_input.value:
            event.stop()
            filter_input.value = ""
            self.focus_first()
            return
        table = self.query_one("#agent-table", DataTable)
        if table.has_focus and event.character and event.character.isalnum():
            type_into(filter_input, event)

    def action_filter(self) -> None:
        self.query_one("#agent-filter", Input).focus()

    def _changes_queues(self, key: str) -> bool:
        """Every binding of ``key`` here is a queue change (F6 is also View)."""
        bindings = self._bindings.key_to_bindings.get(key, [])
        return bool(bindings) and all(b.action in WRITE_ACTIONS for b in bindings)

    # ---------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only mode: nothing that changes a queue, and F6 says View."""
        if action == "view":
            return self.read_only
        return not (self.read_only and action in WRITE_ACTIONS)

    def action_view(self) -> None:
        self.action_edit()

    @on(DataTable.RowSelected, "#agent-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        agent = self.highlighted()
        if agent is None:
            self.notify("No agent to edit: clear the filter, or list agents in config.toml "
                        "([[catalog.agents]] user_name, name, extensions).",
                        severity="warning")
            return
        self.app.push_screen(QueueEditorScreen(self.ctx, agent))

    def action_mark(self) -> None:
        agent = self.highlighted()
        if agent is None:
            return
        self.marked ^= {agent.user_name}
        self._update_row(agent.user_name)
        self._count()
        table = self.query_one("#agent-table", DataTable)
        table.move_cursor(row=table.cursor_row + 1)

    def action_mark_all(self) -> None:
        self.marked |= {a.user_name for a in self.shown}
        self.redraw()

    def action_clear_marks(self) -> None:
        self.marked.clear()
        self.redraw()

    def action_bulk(self) -> None:
        agents = [a for a in self.ctx.agents if a.user_name in self.marked]
        if not agents:
            self.notify("Mark agents first: Space marks one, + marks all shown.",
                        title="Bulk", severity="warning")
            return
        self.app.push_screen(BulkScreen(self.ctx, agents))

    def action_audit(self) -> None:
        self.app.push_screen(AuditScreen(self.ctx))

    def action_plans(self) -> None:
        marked = [a.user_name for a in self.ctx.agents if a.user_name in self.marked]
        self.app.push_screen(PlansScreen(self.ctx, marked))

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"agent-edit": self.action_edit, "agent-bulk": self.action_bulk,
                   "agent-audit": self.action_audit, "agent-refresh": self.action_refresh}
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.read_only:
            yield SystemCommand("Agents: view queues", "See the highlighted agent's queues",
                                self.action_view)
        else:
            yield SystemCommand("Agents: edit queues", "Edit the highlighted agent's queues",
                                self.action_edit)
        yield SystemCommand("Agents: audit log", "Queue changes made from here, with undo",
                            self.action_audit)
        yield SystemCommand("Agents: queue plans", "Diff and apply a saved layout (plans.toml)",
                            self.action_plans)
        if not self.read_only:
            yield SystemCommand("Agents: bulk change", "Set/add/remove queues for marked agents",
                                self.action_bulk)
