"""Pilot: queue plans from the Agents tab against the real simulator on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from _agents_ui import Harness, agents_app
from _screen_text import screen_text

from alohub_tui.agents.apply import ApplyOutcome
from alohub_tui.agents.plan_diff import RowKind
from alohub_tui.agents.plan_run import Status
from alohub_tui.ui.screens.audit import AuditScreen
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.plan_run import PlanRunScreen
from alohub_tui.ui.screens.plan_save import SavePlanScreen
from alohub_tui.ui.screens.plans import PlansScreen
from alohub_tui.ui.screens.typed_confirm import TypedConfirmScreen
from alohub_tui.ui.tabs.agents import AgentsTab

AT = "2026-11-27T07:00:00+07:00"
KNOWN = {
    "userName60": {"callin_ids": [2], "callout_id": 99999, "extensions": ["6088"],
                   "applied_at": AT},
    "userName61": {"callin_ids": [1], "extensions": ["6188"], "applied_at": AT},
    "userName62": {"callin_ids": [3], "extensions": ["6288"], "applied_at": AT},
}
PLANS = """\
# kept as written
[plans.shift]
description = "Shift change"
[plans.shift.agents.userName60]
callin = [1, 2]
extensions = ["6088"]
[plans.shift.agents.userName61]
callin = [1]
extensions = ["6188"]
[plans.shift.agents.userName62]
callin = [1]
extensions = ["6288"]
[plans.shift.agents.userName63]
callin = [4]
extensions = ["6388"]
"""


@pytest.fixture
def plans_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """plans.toml beside the config file in use (here: $ALOHUB_TUI_CONFIG's folder)."""
    config = tmp_path / "cfg" / "config.toml"
    monkeypatch.setenv("ALOHUB_TUI_CONFIG", str(config))
    config.parent.mkdir()
    path = config.parent / "plans.toml"
    path.write_text(PLANS, encoding="utf-8")
    return path


async def open_plan(h: Harness, downs: int = 0) -> PlanRunScreen:
    await h.pilot.press("f9")
    await h.pilot.pause()
    assert isinstance(h.app.screen, PlansScreen)
    await h.pilot.press(*(["down"] * downs), "enter")
    await h.pilot.pause()
    screen = h.app.screen
    assert isinstance(screen, PlanRunScreen)
    return screen


async def open_save_dialog(h: Harness, *users: str) -> None:
    """Mark ``users`` on the Agents tab, then Plans (F9) and Save marked (F7)."""
    for user in users:
        await h.pilot.press("slash", "ctrl+u")
        await h.type(user)
        await h.pilot.press("enter", "space")
    await h.pilot.press("f9")
    await h.pilot.pause()
    await h.pilot.press("f7")
    await h.pilot.pause()
    assert isinstance(h.app.screen, SavePlanScreen)


def diff_text(screen: PlanRunScreen) -> str:
    return str(screen.query_one("#plan-diff-text").render())


async def test_apply_a_failure_in_the_middle_retry_then_undo_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plans_file: Path
) -> None:
    async with agents_app(tmp_path, monkeypatch, known=KNOWN) as h:
        screen = await open_plan(h)
        text = diff_text(screen)
        assert "~ userName60 (" in text and "+ callin Sales (1)" in text
        assert "userName61 (" in text and "unchanged (already so)" in text
        assert "? userName63 (" in text and "state unknown: lists replaced" in text
        assert str(screen.query_one("#plan-run-summary").render()) == (
            "4 agents: 2 to change, 1 unknown, 1 unchanged")

        outcomes: list[str] = []

        def fail_the_second(outcome: ApplyOutcome) -> None:  # a 503 for the middle one only
            outcomes.append(outcome.user_name)
            if len(outcomes) == 1:
                h.sim.set_faults(["http503@updatequeue"])
            else:
                h.sim.clear_faults()

        h.app.query_one(AgentsTab).ctx.listeners.append(fail_the_second)
        await h.pilot.press("f6")
        await h.pilot.pause()
        assert isinstance(h.app.screen, TypedConfirmScreen)
        await h.type("3")
        await h.pilot.press("enter")
        await h.settle()
        assert [(u["query"]["userName"], u["body"]) for u in h.updates()] == [
            ("userName60", {"action": "EDIT", "callinId": [1, 2], "lstExtension": ["6088"]}),
            ("userName62", {"action": "EDIT", "callinId": [1], "lstExtension": ["6288"]}),
            ("userName63", {"action": "EDIT", "callinId": [4], "lstExtension": ["6388"]}),
        ]
        run = screen.run
        assert run.status == {"userName60": Status.OK, "userName62": Status.FAILED,
                              "userName63": Status.OK}
        assert "✗ failed: " in diff_text(screen)
        assert "Ctrl+R re-sends the failed" in str(screen.query_one("#plan-run-result").render())

        await h.pilot.press("ctrl+r")
        await h.pilot.pause()
        assert isinstance(h.app.screen, ConfirmScreen)
        assert "✗ failed: userName62" in h.app.screen.question
        await h.pilot.press("y")
        await h.settle()
        assert [u["query"]["userName"] for u in h.updates()][3:] == ["userName62"]
        assert run.all_applied
        assert h.sim.tenant.agents["userName62"].callin_ids == [1]

        await h.pilot.press("f7")
        await h.pilot.pause()
        undo = h.app.screen
        assert isinstance(undo, PlanRunScreen) and undo is not screen
        assert undo.run.undo_of == run.id
        assert "userName63: its state before the run was unknown" in diff_text(undo)
        await h.pilot.press("f6")
        await h.pilot.pause()
        await h.type("2")
        await h.pilot.press("enter")
        await h.settle()
        assert [(u["query"]["userName"], u["body"]) for u in h.updates()][4:] == [
            ("userName60", {"action": "EDIT", "callinId": [2], "calloutId": 99999,
                            "lstExtension": ["6088"]}),
            ("userName62", {"action": "EDIT", "callinId": [3], "lstExtension": ["6288"]}),
        ]
        assert h.sim.tenant.agents["userName62"].callin_ids == [3]
        assert h.app.store.agents.agent_states()["userName60"]["callin_ids"] == [2]
        runs = [e for e in h.app.query_one(AgentsTab).ctx.audit.entries() if e.kind == "run"]
        assert [(r.body["mode"], r.result) for r in runs] == [("undo", "ok"), ("apply", "ok")]


async def test_an_answer_lost_after_sending_is_shown_as_may_be_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plans_file: Path
) -> None:
    async with agents_app(tmp_path, monkeypatch, known=KNOWN) as h:
        screen = await open_plan(h)
        h.sim.set_faults(["drop@updatequeue"])
        await h.pilot.press("f6")
        await h.pilot.pause()
        await h.type("3")
        await h.pilot.press("enter")
        await h.settle()
        assert len(h.updates()) == 3  # each once: never re-sent by itself
        assert set(screen.run.status.values()) == {Status.MAYBE}
        assert "? may be applied (answer lost after sending; not re-sent)" in diff_text(screen)
        await h.pilot.press("ctrl+r")
        await h.pilot.pause()
        assert isinstance(h.app.screen, ConfirmScreen)
        assert "may already be applied (answer lost): userName60, userName62, userName63" \
            in h.app.screen.question
        await h.pilot.press("n")
        assert len(h.updates()) == 3


async def test_read_only_shows_plans_and_diffs_and_never_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plans_file: Path
) -> None:
    async with agents_app(tmp_path, monkeypatch, known=KNOWN, read_only=True) as h:
        screen = await open_plan(h)
        assert "+ callin Sales (1)" in diff_text(screen)
        assert not screen.query("#plan-run-apply")
        ids = {b.binding.id for b in screen.active_bindings.values()}
        assert "plan_run.apply" not in ids and "plan_run.close" in ids
        await h.pilot.press("f6", "ctrl+s")
        await h.pilot.pause()
        assert h.app.screen is screen
        assert "Read-only mode" in str(screen.query_one("#plan-run-result").render())
        await h.pilot.press("escape", "f7")
        await h.pilot.pause()
        assert isinstance(h.app.screen, PlansScreen)
        assert h.updates() == []


async def test_save_marked_agents_as_a_plan_and_undo_a_run_from_the_audit_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plans_file: Path
) -> None:
    async with agents_app(tmp_path, monkeypatch, known=KNOWN) as h:
        await open_save_dialog(h, "userName60", "userName62", "userName64")  # 64: unknown
        await h.type("shift")
        await h.pilot.press("enter")  # taken: said so, and the dialog keeps the name
        assert isinstance(h.app.screen, SavePlanScreen)
        assert 'a plan named "shift" already exists' in str(
            h.app.screen.query_one("#plan-save-result").render())
        await h.type("-back")
        await h.pilot.press("enter")
        await h.type("Back to before")
        await h.pilot.press("enter")
        await h.pilot.pause()
        plans = h.app.screen
        assert isinstance(plans, PlansScreen)
        assert plans.plans.names == ["shift", "shift-back"]
        text = plans_file.read_text(encoding="utf-8")
        assert text.startswith(PLANS)
        assert "[plans.shift-back.agents.userName64]" not in text

        # Apply "shift", then undo the whole run from the audit log (F8).
        await h.pilot.press("up", "enter")
        await h.pilot.pause()
        await h.pilot.press("f6")
        await h.pilot.pause()
        await h.type("3")
        await h.pilot.press("enter")
        await h.settle()
        await h.pilot.press("escape", "escape", "f8")
        await h.pilot.pause()
        audit = h.app.screen
        assert isinstance(audit, AuditScreen)
        run_row = next(i for i, e in enumerate(audit.entries) if e.kind == "run")
        await h.pilot.press(*(["down"] * run_row), "u")
        await h.pilot.pause()
        undo = h.app.screen
        assert isinstance(undo, PlanRunScreen) and undo.run.mode == "undo"
        await h.pilot.press("f6")
        await h.pilot.pause()
        await h.type("2")
        await h.pilot.press("enter")
        await h.settle()
        assert [u["query"]["userName"] for u in h.updates()] == [
            "userName60", "userName62", "userName63", "userName60", "userName62"]
        assert h.sim.tenant.agents["userName60"].callin_ids == [2]


async def test_plans_start_from_the_queues_read_from_alohub(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plans_file: Path
) -> None:
    """With the gateway the list shows the queues read from Alohub: saving the marked
    agents left them out as "state unknown", and a plan's diff showed them unknown."""
    async with agents_app(tmp_path, monkeypatch, gateway=True) as h:
        await h.settle()
        read = list(h.sim.tenant.agents["userName63"].callin_ids)
        await open_save_dialog(h, "userName63")
        # Its keys are on screen (the footer is under the dialog).
        assert "Enter there saves; Esc cancels." in screen_text(h.app)
        await h.type("now")
        await h.pilot.press("enter", "enter")
        await h.pilot.pause()
        plans = h.app.screen
        assert isinstance(plans, PlansScreen)
        text = plans_file.read_text(encoding="utf-8")
        assert "[plans.now.agents.userName63]" in text
        assert f"callin = [{', '.join(map(str, read))}]" in text
        run = await open_plan(h, downs=1)  # "shift" sets userName63 to [4]
        row = next(r for r in run.rows if r.user_name == "userName63")
        assert row.kind is not RowKind.UNKNOWN and row.previous is not None
        assert row.previous.queues.callin_ids == tuple(read)


async def test_the_plans_list_shows_long_names_and_kinds_whole_at_80x24(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plans_file: Path
) -> None:
    """Fixed widths cut "layout demo" to "layout de" and a name past 16 characters."""
    name = "evening-shift-with-cover-2"
    plans_file.write_text(f'[plans.{name}]\ndescription = "Evening"\ndemo = true\n'
                          f'[plans.{name}.agents.userName60]\ncallin = [1]\n', encoding="utf-8")
    async with agents_app(tmp_path, monkeypatch) as h:
        await h.pilot.press("f9")
        await h.pilot.pause()
        assert isinstance(h.app.screen, PlansScreen)
        row = next(line for line in screen_text(h.app).splitlines() if "Evening" in line)
        assert name in row and "layout demo" in row, row
