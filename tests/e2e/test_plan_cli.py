"""`alohub-tui plan ...` as cron runs it: a real process against the simulator on loopback.

The simulator runs in the test's event loop; its request log is what was really sent.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cli_support import Result, run_cli

from alohub_tui.agents.audit import AuditLog
from alohub_tui.agents.model import KnownState, QueueSet, load_known, save_known
from alohub_tui.config import ApiConfig, Config
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.sim.tenant import Agent
from alohub_tui.store.agent_state import AgentStates
from alohub_tui.store.local import LocalStore, open_local_store
from alohub_tui.store.profile import DEMO, Profile, derived_name, folder_name
from alohub_tui.vntime import now_vn

KEY = "plan-cli-key-8c1e"
UPDATE = "/api/setting/agent/updateQueue"
PLANS = """\
# the user's own comment
[plans.morning]
description = "Morning shift"

[plans.morning.agents.userName60]
callin = [1, 2]
callout = 99999
extensions = ["6088"]

[plans.morning.agents.userName61]
callin = [3]
extensions = ["6188"]

[plans.morning.agents.userName66]
callin = [1, 2, 3]
callout = 99998
extensions = ["6688"]

[plans.middle]
[plans.middle.agents.userName62]
callin = [1]
extensions = ["6288"]
[plans.middle.agents.ghost99]
callin = [1]
extensions = ["9988"]
[plans.middle.agents.userName63]
callin = [2]
extensions = ["6388"]

[plans.lunch.rule]
add_callin = [4]
agents = ["userName61"]
"""


@dataclass
class Setup:
    sim: Simulator
    env: dict[str, str]
    home: Path
    opened: list[LocalStore] = field(default_factory=list)

    @property
    def plans(self) -> Path:
        return self.home / "config" / "alohub-tui" / "plans.toml"

    def profile(self, demo: bool = False) -> Profile:
        """The profile the commands use: named after the simulator's host, or the demo's."""
        name = DEMO if demo else derived_name(Config(api=ApiConfig(base_url=self.sim.base_url)))
        folder = self.home / "data" / "profiles" / folder_name(name, demo=demo)
        return Profile(name, "--demo" if demo else "api.base_url", folder)

    def local(self, demo: bool = False) -> LocalStore:
        self.opened.append(open_local_store(self.profile(demo)))
        return self.opened[-1]

    def store(self) -> AgentStates:
        return self.local().agents

    def audit(self, demo: bool = False) -> AuditLog:
        return AuditLog(self.local(demo))

    def updates(self) -> list[dict[str, Any]]:
        return [r for r in self.sim.requests if r["path"] == UPDATE]

    async def run(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return await run_cli(env or self.env, "plan", *args, secret=KEY)


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[Setup]:
    async with Simulator(SimConfig(port=0, api_key=KEY, seed=5, calls=0)) as sim:
        env = {
            **os.environ,
            "ALOHUB_API_KEY": KEY,
            "ALOHUB_BASE_URL": sim.base_url,
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "ALOHUB_TUI_CONFIG": "",
            "ALOHUB_TUI_STATE_DIR": str(tmp_path / "state"),
            "ALOHUB_TUI_DATA_DIR": str(tmp_path / "data"),
        }
        found = Setup(sim, env, tmp_path)
        found.plans.parent.mkdir(parents=True)
        found.plans.write_text(PLANS, encoding="utf-8")
        yield found
        for store in found.opened:
            store.close()


def knows(setup: Setup, user: str, callin: list[int], callout: int | None,
          exts: list[str]) -> None:
    save_known(setup.store(), user, KnownState(QueueSet.of(callin, callout, exts), now_vn()))


async def test_apply_sends_one_update_per_changed_agent_with_the_plan_bodies(
    setup: Setup
) -> None:
    knows(setup, "userName60", [1, 2], 99999, ["6088"])  # already as planned: not sent
    knows(setup, "userName61", [1], 99997, ["6188"])
    # userName66: never applied from here (unknown), sent: EDIT sets the whole state
    diff = await setup.run("diff", "morning")
    assert diff.code == 0 and setup.updates() == []
    assert "= userName60 · unchanged (already so)" in diff.out
    assert "~ userName61 · will change\n    + callin 3\n    - callin 1\n" in diff.out
    assert "? userName66 · state unknown: lists replaced" in diff.out

    result = await setup.run("apply", "morning", "--yes")
    assert result.code == 0, result.err
    assert [(u["query"], u["body"]) for u in setup.updates()] == [
        ({"userName": "userName61"},
         {"action": "EDIT", "callinId": [3], "lstExtension": ["6188"]}),
        ({"userName": "userName66"},
         {"action": "EDIT", "callinId": [1, 2, 3], "calloutId": 99998, "lstExtension": ["6688"]}),
    ]
    assert "✓ userName61: applied\n✓ userName66: applied\n" in result.out
    tenant = setup.sim.tenant.agents
    assert (tenant["userName61"].callin_ids, tenant["userName66"].callout_id) == ([3], 99998)
    known = load_known(setup.store())
    assert known["userName61"].queues == QueueSet.of([3], 99997, ["6188"])  # callout kept
    entries = setup.audit().entries()
    (run,) = [e for e in entries if e.kind == "run"]
    assert f"Run {run.id}: undo it with `alohub-tui plan undo {run.id}`" in result.out
    assert sorted(e.agent for e in entries if e.run == run.id) == ["userName61", "userName66"]

    again = await setup.run("apply", "morning", "--yes")  # cron runs it again: no-op
    assert again.code == 0 and "nothing to send" in again.out
    assert len(setup.updates()) == 2


async def test_a_failure_in_the_middle_is_listed_and_a_rerun_retries_only_it(
    setup: Setup
) -> None:
    result = await setup.run("apply", "middle", "--yes")
    assert result.code == 1
    assert [u["query"]["userName"] for u in setup.updates()] == [
        "userName62", "ghost99", "userName63"]
    assert "✓ userName62: applied" in result.out and "✓ userName63: applied" in result.out
    assert "✗ ghost99: failed: " in result.out and "Không tìm thấy nhân viên ghost99" in result.out
    assert "plan middle: 2 applied, 1 failed." in result.out
    assert result.err.splitlines()[-1] == "failed: ghost99"

    # The administrator creates the agent; the same command re-sends only the failure.
    setup.sim.tenant.agents["ghost99"] = Agent("ghost99", "Ghost", [], [], None, 1)
    retry = await setup.run("apply", "middle", "--yes")
    assert retry.code == 0, retry.err
    assert [u["query"]["userName"] for u in setup.updates()][3:] == ["ghost99"]
    assert setup.sim.tenant.agents["ghost99"].extensions == ["9988"]


async def test_an_answer_lost_after_sending_is_may_be_applied_not_failed(setup: Setup) -> None:
    setup.sim.set_faults(["drop@updatequeue"])
    result = await setup.run("apply", "morning", "--yes")
    assert result.code == 1
    assert len(setup.updates()) == 3  # each sent once: never retried blindly
    assert result.out.count("may be applied: The queue change for") == 3
    assert "failed" not in result.out
    assert "may be applied (answer lost after sending): userName60 userName61 userName66" \
        in result.err
    assert all(e.result == "maybe" for e in setup.audit().entries() if e.kind == "plan")


async def test_a_run_refused_for_every_agent_offers_no_undo(setup: Setup) -> None:
    """Nothing was changed, so the line says to run it again; before, it offered
    `plan undo RUN`, which then said the run had nothing to undo."""
    setup.sim.set_faults(["http500@updatequeue"])
    result = await setup.run("apply", "morning", "--yes")
    assert result.code == 1
    assert ("plan morning: 3 failed. Nothing was changed: run the same command again to "
            "retry.\n") in result.out
    assert "plan undo" not in result.out + result.err


async def test_dry_run_sends_nothing_and_needs_no_key_or_server(setup: Setup) -> None:
    env = {**setup.env, "ALOHUB_BASE_URL": "http://127.0.0.1:9/api"}
    del env["ALOHUB_API_KEY"]
    result = await setup.run("apply", "morning", "--dry-run", env=env)
    assert result.code == 0, result.err
    assert setup.updates() == [] and setup.sim.requests == []
    assert ("POST http://127.0.0.1:9/api/setting/agent/updateQueue?userName=userName66\n"
            + json.dumps({"action": "EDIT", "callinId": [1, 2, 3], "calloutId": 99998,
                          "lstExtension": ["6688"]})) in result.out
    assert "nothing was sent" in result.err
    assert setup.audit().entries() == []  # not even an audit entry


async def test_undo_puts_every_agent_back_as_one_step(setup: Setup) -> None:
    knows(setup, "userName60", [4], 99997, ["6088"])
    knows(setup, "userName61", [5], None, ["6188"])
    applied = await setup.run("apply", "morning", "--yes")
    assert applied.code == 0
    run_id = next(e.id for e in setup.audit().entries() if e.kind == "run")
    undo = await setup.run("undo", run_id, "--yes")
    assert undo.code == 0, undo.err
    assert [(u["query"]["userName"], u["body"]) for u in setup.updates()[3:]] == [
        ("userName60", {"action": "EDIT", "callinId": [4], "calloutId": 99997,
                        "lstExtension": ["6088"]}),
        ("userName61", {"action": "EDIT", "callinId": [5], "lstExtension": ["6188"]}),
    ]
    assert ("– userName66: its state before the run was unknown, so it is not restored"
            in undo.out)
    assert setup.sim.tenant.agents["userName60"].callin_ids == [4]


async def test_read_only_shows_plans_and_diffs_and_refuses_to_apply(setup: Setup) -> None:
    listed = await setup.run("list", "--read-only")
    assert listed.code == 0 and "morning" in listed.out and "lunch" in listed.out
    assert (await setup.run("diff", "lunch", "--read-only")).code == 0
    refused = await setup.run("apply", "morning", "--yes", "--read-only")
    assert refused.code == 2 and "read-only mode" in refused.err
    config = setup.plans.parent / "config.toml"
    config.write_text("[ui]\nread_only = true\n", encoding="utf-8")
    assert (await setup.run("apply", "morning", "--yes")).code == 2
    assert (await setup.run("undo", "abc", "--yes")).code == 2
    assert setup.updates() == []


async def test_a_bad_plan_or_usage_exits_2_with_file_and_line(setup: Setup) -> None:
    setup.plans.write_text(PLANS.replace("callin = [3]", 'callin = ["3"]'), encoding="utf-8")
    bad = await setup.run("apply", "morning", "--yes")
    assert bad.code == 2
    assert bad.err.strip() == (f'{setup.plans}:11: plans.morning.agents.userName61.callin[0]: '
                               'expected a queue id (a whole number), got "3"')
    listed = await setup.run("list")
    assert listed.code == 2 and "morning  ✗ error" in listed.out
    other = await setup.run("apply", "middle", "--dry-run")  # the other plans still work
    assert other.code == 0 and "note, another plan:" in other.err
    assert (await setup.run("show", "nope")).code == 2
    unconfirmed = await setup.run("apply", "middle")  # no terminal to ask, no --yes
    assert unconfirmed.code == 2 and "add --yes" in unconfirmed.err
    assert setup.updates() == []


async def test_demo_applies_the_shipped_example_without_a_key(setup: Setup) -> None:
    example = await setup.run("example")
    setup.plans.write_text(example.out, encoding="utf-8")
    env = {k: v for k, v in setup.env.items() if k not in ("ALOHUB_API_KEY", "ALOHUB_BASE_URL")}
    result = await setup.run("apply", "morning", "--yes", "--demo", env=env)
    assert result.code == 0, result.err
    assert "plan morning: 3 applied." in result.out
    assert setup.sim.requests == []  # the embedded demo, not this simulator
    assert not setup.profile().folder.exists()  # demo runs leave the real profile alone
    demo_runs = [e for e in setup.audit(demo=True).entries() if e.kind == "run"]
    assert [(e.profile, e.body["plan"]) for e in demo_runs] == [("demo", "morning")]
    # The demo's run is never undone from the real profile; it says where it belongs.
    refused = await setup.run("undo", demo_runs[0].id, "--yes")
    assert refused.code == 2 and "recorded under profile demo" in refused.err
    assert "--demo" in refused.err and setup.sim.requests == []
    in_demo = await setup.run("undo", demo_runs[0].id, "--yes", "--demo", env=env)
    assert "the state before it was unknown" in in_demo.err  # found there: nothing known


async def test_plans_follow_the_config_in_use(setup: Setup) -> None:
    path = await run_cli(setup.env, "config", "path", secret=KEY)
    assert f"plans:     {setup.plans}  (queue plans, beside the config)" in path.out
    other = setup.home / "elsewhere" / "config.toml"
    other.parent.mkdir()
    other.write_text("", encoding="utf-8")
    (other.parent / "plans.toml").write_text(
        "[plans.night.rule]\nremove_callin = [1]\n", encoding="utf-8")
    listed = await setup.run("list", "--config", str(other))
    assert listed.code == 0
    assert [line.split()[0] for line in listed.out.splitlines()] == ["NAME", "night"]
