"""Undoing several logged changes: one request per agent, to its state before the oldest
chosen change; what cannot be undone is said, never guessed; the last bulk send."""

from __future__ import annotations

from datetime import timedelta

from alohub_tui.agents.audit import FAILED, OK, AuditEntry
from alohub_tui.agents.model import KnownState, QueueSet
from alohub_tui.agents.undo_many import last_batch, undo_steps
from alohub_tui.vntime import now_vn

T0 = now_vn()


def state(*callin: int) -> dict[str, object]:
    return KnownState(QueueSet(callin_ids=callin), T0).to_dict()


def entry(n: int, agent: str, before: dict[str, object] | None, *, kind: str = "bulk",
          batch: str | None = "b1", result: str = OK, profile: str = "p") -> AuditEntry:
    return AuditEntry(f"e{n}", T0 + timedelta(minutes=n), agent, kind, {"callinId": []},
                      before, result=result, batch=batch, profile=profile)


def test_each_agent_goes_back_before_its_oldest_chosen_change() -> None:
    chosen = [entry(3, "a", state(2)), entry(1, "a", state(1)), entry(2, "b", state(5))]
    steps, refused = undo_steps(chosen, {}, "p")
    assert [(s.agent, s.restore.queues.callin_ids, s.undo_of) for s in steps] == [
        ("a", (1,), "e1"), ("b", (5,), "e2")]
    assert refused == []


def test_what_cannot_be_undone_is_listed() -> None:
    chosen = [entry(1, "a", None), entry(2, "b", state(1), result=FAILED),
              entry(3, "c", state(1), profile="other"), entry(4, "d", state(1), kind="run")]
    steps, refused = undo_steps(chosen, {}, "p")
    assert steps == [] and len(refused) == 4
    assert "unknown" in refused[0] and "failed" in refused[1] and "other" in refused[2]
    assert "plan run" in refused[3]


def test_last_batch_is_the_newest_bulk_send() -> None:
    newest_first = [entry(5, "x", state(1), kind="edit", batch=None),
                    entry(4, "a", state(1), batch="b2"), entry(3, "b", state(1), batch="b2"),
                    entry(2, "a", state(1), batch="b1")]
    assert [e.id for e in last_batch(newest_first)] == ["e4", "e3"]
    assert last_batch([entry(1, "a", state(1), kind="edit", batch=None)]) == []
