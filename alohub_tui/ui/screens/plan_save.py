"""Name the marked agents' known layouts and append them to plans.toml as a new plan.

A refused save (taken name, the file changed on disk, no known state) is shown here
and keeps what was typed; only a written plan closes the dialog.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from alohub_tui.agents.model import KnownState
from alohub_tui.agents.plan_save import SaveRefused, SaveResult, check_name, save_plan
from alohub_tui.agents.plans import PlanFile
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.widgets.field import Field
from alohub_tui.vntime import now_vn


class SavePlanScreen(Dialog[SaveResult | None]):
    """Plan name, then an optional description; Enter saves, Esc cancels."""

    DEFAULT_CSS = """
    SavePlanScreen { align: center middle; }
    SavePlanScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    SavePlanScreen .title { text-style: bold; }
    SavePlanScreen #plan-save-agents { color: $text-muted; height: auto; max-height: 4; }
    SavePlanScreen #plan-save-result { height: auto; }
    SavePlanScreen .hint { color: $text-muted; }
    SavePlanScreen #plan-save-result.error { color: $error; text-style: bold; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="plan_save.cancel",
                tooltip="Close without saving"),
    ]

    def __init__(self, plans: PlanFile, users: list[str], known: Mapping[str, KnownState],
                 demo: bool) -> None:
        super().__init__()
        self.plans = plans
        self.users = users
        self.known = known
        self.demo = demo

    def compose(self) -> ComposeResult:
        saved = [u for u in self.users if u in self.known]
        skipped = [u for u in self.users if u not in self.known]
        with Vertical():
            yield Static("Save the marked agents' queues as a plan", classes="title",
                         markup=False)
            agents = f"{len(saved)} agent(s): {', '.join(saved) or 'none'}"
            if skipped:
                agents += f"\nleft out, state unknown: {', '.join(skipped)}"
            yield Static(agents, id="plan-save-agents", markup=False)
            yield Label("Name (letters, digits, - and _)")
            yield Field(placeholder="e.g. morning", id="plan-save-name", max_length=40,
                        restrict=r"[A-Za-z0-9_-]*", compact=True,
                        refused="A plan name is letters, digits, - and _ (at most 40).")
            yield Label("Description (optional)")
            yield Field(placeholder="e.g. Morning shift", id="plan-save-description",
                        max_length=120, compact=True, any_text=True,
                        refused="A description is at most 120 characters.")
            yield Static("Enter goes on to the description, Enter there saves; Esc cancels.",
                         classes="hint", markup=False)
            yield Static(f"Appended to {self.plans.path}; the rest of the file is kept.",
                         id="plan-save-result", markup=False)

    def on_mount(self) -> None:
        self.query_one("#plan-save-name", Input).focus()

    def _result(self, message: str, error: bool = False) -> None:
        result = self.query_one("#plan-save-result", Static)
        result.update(message)
        result.set_class(error, "error")

    @on(Input.Submitted, "#plan-save-name")
    def _name_done(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            check_name(self.plans, event.value.strip())
        except SaveRefused as exc:
            self._result(f"✗ {exc}", error=True)
            return
        self.query_one("#plan-save-description", Input).focus()

    @on(Input.Submitted, "#plan-save-description")
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        name = self.query_one("#plan-save-name", Input).value.strip()
        try:
            result = save_plan(self.plans, name, event.value.strip(), self.users, self.known,
                               demo=self.demo, now=now_vn())
        except SaveRefused as exc:
            self._result(f"✗ {exc}", error=True)
            return
        except OSError as exc:
            self._result(f"✗ Could not write {self.plans.path}: {exc.strerror or exc}; "
                         "nothing was changed.", error=True)
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
