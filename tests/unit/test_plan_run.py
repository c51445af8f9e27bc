"""A plan run: results per agent, its audit entry, and undo of the whole run."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from _local_store import local_store

from alohub_tui.agents.audit import FAILED, MAYBE, OK, AuditLog
from alohub_tui.agents.model import KnownState, QueueSet, load_known, save_known
from alohub_tui.agents.plan_diff import RowKind, diff_plan
from alohub_tui.agents.plan_run import (
    RUN_KIND,
    PlanRun,
    Status,
    finish_run,
    run_summary,
    send_rows,
    start_run,
)
from alohub_tui.agents.plan_undo import CHANGED_SINCE, MAYBE_UNDONE, NotUndoable, plan_undo
from alohub_tui.agents.plans import AgentLayout, Plan
from alohub_tui.api.errors import ApiTimeout, MaybeApplied, VendorError
from alohub_tui.store.agent_state import AgentStates
from alohub_tui.store.local import LocalStore
from alohub_tui.vntime import VN_TZ

WHEN = datetime(2026, 11, 27, 7, 0, tzinfo=VN_TZ)


class Server:
    """Answers updateQueue: fails for some agents, loses the answer for others."""

    def __init__(self, refuse: set[str] = frozenset(), lose: set[str] = frozenset()) -> None:
        self.refuse, self.lose = set(refuse), set(lose)
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def update_queue(self, user_name: str, body: Mapping[str, Any]) -> None:
        self.sent.append((user_name, dict(body)))
        if user_name in self.refuse:
            raise VendorError("AGENT_NOT_FOUND", f"Không tìm thấy nhân viên {user_name}")
        if user_name in self.lose:
            raise MaybeApplied(user_name, ApiTimeout("read", 10))


def state(callin: list[int], callout: int | None, exts: list[str]) -> KnownState:
    return KnownState(QueueSet.of(callin, callout, exts), WHEN)


PLAN = Plan("morning", layouts=(
    AgentLayout("userName60", (1, 2), 99999, ("6088",)),
    AgentLayout("userName61", (1,), None, ("6188",)),
    AgentLayout("userName62", (3,), None, ("6288",)),
    AgentLayout("userName63", (4,), None, ("6388",)),
    AgentLayout("userName64", (5,), None, ("6488",)),
))


@pytest.fixture
def local(tmp_path: Path) -> Iterator[LocalStore]:
    with local_store(tmp_path) as opened:
        yield opened


@pytest.fixture
def store(local: LocalStore) -> AgentStates:
    store = local.agents
    save_known(store, "userName60", state([1, 2], 99999, ["6088"]))  # unchanged by the plan
    save_known(store, "userName61", state([2], 99998, ["6188"]))
    save_known(store, "userName62", state([2], None, ["6288"]))
    save_known(store, "userName63", state([1], None, ["6388"]))
    return store  # userName64: never applied here


@pytest.fixture
def audit(local: LocalStore) -> AuditLog:
    return AuditLog(local)


async def run_plan(store: AgentStates, audit: AuditLog, server: Server) -> PlanRun:
    known = load_known(store)
    run = PlanRun(PLAN.name, list(diff_plan(PLAN, known, []).rows))
    start_run(audit, run)
    await send_rows(server, audit, store, run, run.rows, known)
    finish_run(audit, run)
    return run


async def test_one_request_per_changed_agent_each_result_its_own(
    store: AgentStates, audit: AuditLog
) -> None:
    server = Server(refuse={"userName62"}, lose={"userName63"})
    run = await run_plan(store, audit, server)
    assert [user for user, _ in server.sent] == [
        "userName61", "userName62", "userName63", "userName64"]  # not userName60: unchanged
    assert run.status == {"userName61": Status.OK, "userName62": Status.FAILED,
                          "userName63": Status.MAYBE, "userName64": Status.OK}
    assert run.summary() == "2 applied, 1 failed, 1 may be applied"
    assert not run.all_applied
    entries = audit.entries()
    (run_entry,) = [e for e in entries if e.kind == RUN_KIND]
    assert run_entry.id == run.id and run_entry.result == FAILED
    assert run_entry.body == {"plan": "morning", "mode": "apply", "agents": [
        "userName61", "userName62", "userName63", "userName64"]}
    assert run_entry.error == "failed: userName62; may be applied: userName63"
    assert run_summary(run_entry) == (
        "4 agents · failed: userName62; may be applied: userName63")
    changes = {e.agent: e for e in entries if e.kind == "plan"}
    assert {e.run for e in changes.values()} == {run.id}
    assert {a: e.result for a, e in changes.items()} == {
        "userName61": OK, "userName62": FAILED, "userName63": MAYBE, "userName64": OK}
    # Only applied changes move the known state; "may be applied" keeps the old one.
    now = load_known(store)
    assert now["userName61"].queues == QueueSet.of([1], 99998, ["6188"])
    assert now["userName62"].queues.callin_ids == (2,)
    assert now["userName63"].queues.callin_ids == (1,)


async def test_the_run_undoes_as_one_step(store: AgentStates, audit: AuditLog) -> None:
    run = await run_plan(store, audit, Server(refuse={"userName62"}, lose={"userName63"}))
    assert run.id is not None
    undo = plan_undo(audit, run.id, load_known(store))
    assert undo.plan_name == "morning"
    assert [(r.user_name, r.kind, r.wanted) for r in undo.rows] == [
        ("userName61", RowKind.CHANGE, QueueSet.of([2], 99998, ["6188"])),
        ("userName63", RowKind.CHANGE, QueueSet.of([1], None, ["6388"])),
    ]
    assert undo.rows[1].warnings == (MAYBE_UNDONE,)  # known state = before: sent anyway
    assert undo.notes == (
        "userName62: not changed by the run (its request failed): nothing to undo",
        "userName64: its state before the run was unknown, so it is not restored "
        "(set it in the editor)",
    )
    server = Server()
    start_run(audit, undo.run)
    await send_rows(server, audit, store, undo.run, undo.run.rows, load_known(store))
    finish_run(audit, undo.run)
    assert [(u, b["callinId"]) for u, b in server.sent] == [("userName61", [2]),
                                                            ("userName63", [1])]
    assert undo.run.all_applied
    undo_entry = next(e for e in audit.entries() if e.id == undo.run.id)
    assert undo_entry.kind == RUN_KIND and undo_entry.undo_of == run.id
    assert undo_entry.body["mode"] == "undo"
    undone = {e.agent: e for e in audit.entries() if e.run == undo.run.id and e.kind == "undo"}
    assert set(undone) == {"userName61", "userName63"}
    assert all(e.undo_of and e.result == OK for e in undone.values())


async def test_undo_warns_about_a_later_change_and_refuses_what_is_not_a_run(
    store: AgentStates, audit: AuditLog
) -> None:
    run = await run_plan(store, audit, Server())
    assert run.id is not None
    save_known(store, "userName61", state([5], 99998, ["6188"]))  # edited after the run
    undo = plan_undo(audit, run.id, load_known(store))
    row = next(r for r in undo.rows if r.user_name == "userName61")
    assert row.warnings == (CHANGED_SINCE,)
    change_id = next(e.id for e in audit.entries() if e.kind == "plan")
    with pytest.raises(NotUndoable, match="no plan run with id"):
        plan_undo(audit, change_id, load_known(store))


async def test_a_run_where_nothing_before_was_known_has_nothing_to_undo(
    local: LocalStore, audit: AuditLog
) -> None:
    store = local.agents
    run = await run_plan(store, audit, Server())
    assert run.all_applied and run.id is not None
    with pytest.raises(NotUndoable, match="state before it was unknown for userName60"):
        plan_undo(audit, run.id, load_known(store))


def test_an_unwritable_audit_log_stops_the_run_before_any_request(local: LocalStore) -> None:
    run = PlanRun("p", list(diff_plan(PLAN, {}, []).rows))
    local.close()  # any write now fails, as on a full disk
    with pytest.raises(OSError):
        start_run(AuditLog(local), run)
    assert run.id is None and run.status["userName61"] is Status.READY


async def test_a_run_of_another_profile_is_never_undone(tmp_path: Path) -> None:
    with local_store(tmp_path, demo=True) as demo, local_store(tmp_path, "hcm") as real:
        demo_run = await run_plan(demo.agents, AuditLog(demo), Server())
        assert demo_run.id is not None
        with pytest.raises(NotUndoable, match="in profile hcm's audit log"):
            plan_undo(AuditLog(real), demo_run.id, load_known(real.agents))
        undo_run = PlanRun("morning", [], mode="undo", undo_of=demo_run.id)
        with pytest.raises(ValueError, match="profile hcm's audit log"):
            start_run(AuditLog(real), undo_run)  # ForeignChange: nothing logged, none sent
        assert AuditLog(real).entries() == []
