"""The plans of plans.toml: pick one to see its diff (then apply), or save marked agents.

Opened from the Agents tab (F9). A plan with problems is listed with them (file:line)
and cannot be opened; the others stay usable. Read-only mode shows plans and diffs.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, DataTable, Static

from alohub_tui.agents.plan_diff import NoTargets, diff_plan
from alohub_tui.agents.plan_save import SaveResult
from alohub_tui.agents.plan_text import describe_plan
from alohub_tui.agents.plans import Plan, PlanFile, demo_refusal, load_plans, plans_path
from alohub_tui.ui.agents_context import AgentsContext
from alohub_tui.ui.column_fit import FitColumn
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.screens.plan_run import PlanRunScreen, Rows, RunSource
from alohub_tui.ui.screens.plan_save import SavePlanScreen
from alohub_tui.ui.widgets.fitted_table import FittedTable

#: Name, kind and agents show whole; the description takes what is left (in full below).
PLAN_COLUMNS = (FitColumn("name", "Plan"), FitColumn("kind", "Kind"),
                FitColumn("agents", "Agents"),
                FitColumn("description", "Description", grow=True, min_width=8))


class PlansScreen(Dialog[None]):
    """The list of plans, the highlighted one in words, and what to do with it."""

    DEFAULT_CSS = """
    #plans-table { height: 1fr; min-height: 4; }
    #plans-detail { height: auto; max-height: 8; }
    """

    BINDINGS = [
        Binding("f6", "open", "Diff", id="plans.open",
                tooltip="What the highlighted plan would change, then apply it (also Enter)"),
        Binding("f7,ctrl+n", "save", "Save marked", id="plans.save",
                tooltip="Save the marked agents' known queues as a new plan"),
        Binding("ctrl+r", "reload", "Reload", id="plans.reload",
                tooltip="Read plans.toml again (after editing it)"),
        Binding("escape", "close", "Close", id="plans.close", tooltip="Back to the agents"),
    ]

    def __init__(self, ctx: AgentsContext, marked: list[str]) -> None:
        super().__init__(classes="plans-screen")
        self.ctx = ctx
        self.marked = marked
        self.path = plans_path(ctx.host.config.source)
        self.plans = PlanFile(self.path, {}, {})

    @property
    def demo(self) -> bool:
        return self.ctx.host.resolved.is_demo

    def compose(self) -> ComposeResult:
        with Vertical(id="plans-box"):
            yield Static("", id="plans-title", markup=False)
            yield FittedTable(PLAN_COLUMNS, id="plans-table", zebra_stripes=True)
            yield Static("", id="plans-detail")
            with Horizontal(id="plans-buttons"):
                yield Button(Content("Diff [Enter]"), id="plans-open", compact=True)
                if not self.ctx.read_only:
                    yield Button(Content("Save marked [F7]"), id="plans-save", compact=True)
                yield Button(Content("Reload [^R]"), id="plans-reload", compact=True)
                yield Button(Content("Close [Esc]"), id="plans-close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#plans-table", DataTable).focus()
        self.ctx.reload_known()
        self.action_reload()

    # ---------------------------------------------------------------- the list

    def action_reload(self) -> None:
        self.plans = load_plans(self.path)
        marked = f" · {len(self.marked)} marked" if self.marked else ""
        self.query_one("#plans-title", Static).update(f"Plans · {self.path}{marked}")
        table = self.query_one("#plans-table", FittedTable)
        table.fill((name, self._cells(name)) for name in self.plans.names)
        self._show_detail()

    def _cells(self, name: str) -> tuple[str, str, str, str]:
        plan = self.plans.plans.get(name)
        if plan is None:
            problems = self.plans.broken.get(name, ())
            return name, "✗ error", "-", f"{len(problems)} problem(s): see below"
        if plan.rule is not None and self.marked:
            agents = f"{len(self.marked)}●"
        else:
            agents = str(len(plan.agent_names)) if plan.agent_names else "marked"
        kind = plan.kind + (" demo" if plan.demo else "")
        return name, kind, agents, plan.description

    def selected_name(self) -> str | None:
        table = self.query_one("#plans-table", DataTable)
        names = self.plans.names
        if not names or not 0 <= table.cursor_row < len(names):
            return None
        return names[table.cursor_row]

    @on(DataTable.RowHighlighted, "#plans-table")
    def _show_detail(self) -> None:
        detail = self.query_one("#plans-detail", Static)
        text = Text()
        for problem in self.plans.problems:
            text.append(f"✗ {problem}\n", "red")
        name = self.selected_name()
        if name is None:
            if self.plans.text is None and not self.plans.problems:
                text.append(f"No plans yet. Mark agents and press F7 to save their queues as "
                            f"a plan, or write {self.path.name} by hand (see "
                            "`alohub-tui plan example`).")
            detail.update(text)
            return
        plan = self.plans.plans.get(name)
        if plan is None:
            for problem in self.plans.broken.get(name, ()):
                text.append(f"✗ {problem}\n", "red")
        else:
            text.append("\n".join(describe_plan(plan, self.ctx.queue_names)))
        text.rstrip()
        detail.update(text)

    # ---------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "save" and self.ctx.read_only)

    @on(DataTable.RowSelected, "#plans-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        name = self.selected_name()
        if name is None:
            self.notify("No plan to open: save one (F7) or write plans.toml.", severity="warning")
            return
        plan = self.plans.plans.get(name)
        if plan is None:
            self.notify(f"Plan {name} has problems (listed below): fix the file, then Ctrl+R.",
                        title="Plan", severity="error")
            return
        try:
            diff_plan(plan, self.ctx.baselines(), self.ctx.agents, self.marked)
        except NoTargets as exc:
            self.notify(str(exc), title="Plan", severity="warning")
            return
        self.app.push_screen(PlanRunScreen(self.ctx, self._source(plan)))

    def _source(self, plan: Plan) -> RunSource:
        marked = list(self.marked)

        def compute() -> Rows:
            return list(diff_plan(plan, self.ctx.baselines(), self.ctx.agents, marked).rows), []

        title = f"Plan {plan.name}" + (f" · {plan.description}" if plan.description else "")
        return RunSource(title, plan.name, compute,
                         refusal=demo_refusal(plan, self.path, self.demo))

    def action_save(self) -> None:
        if self.ctx.read_only:
            return
        if not self.marked:
            self.notify("Mark agents on the Agents tab first (Space), then save them as a plan.",
                        title="Save plan", severity="warning")
            return
        known = self.ctx.baselines(self.marked)  # as the list shows them
        if not known:
            self.notify("None of the marked agents has a known state (read from Alohub or "
                        "applied from here) to save: apply their queues first.",
                        title="Save plan", severity="warning")
            return

        def saved(result: SaveResult | None) -> None:
            if result is None:
                return
            skipped = (f"; not saved (state unknown): {', '.join(result.skipped)}"
                       if result.skipped else "")
            self.notify(f"Saved {len(result.saved)} agent(s) to {result.path}{skipped}",
                        title="Plan saved", severity="warning" if result.skipped else "information")
            self.action_reload()

        self.app.push_screen(SavePlanScreen(self.plans, self.marked, known, self.demo), saved)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"plans-open": self.action_open, "plans-save": self.action_save,
                   "plans-reload": self.action_reload, "plans-close": self.action_close}
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def action_close(self) -> None:
        self.dismiss(None)
