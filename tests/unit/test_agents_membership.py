"""Where an agent's state comes from: read from Alohub's gateway, applied from here, or
unknown; and the warning when Alohub changed while the editor was open."""

from __future__ import annotations

from datetime import datetime, timedelta

from alohub_tui.agents.membership import (
    ALOHUB,
    APPLIED,
    UNKNOWN,
    ReadState,
    agent_state,
    changed_since,
    read_membership,
)
from alohub_tui.agents.model import KnownState, QueueSet
from alohub_tui.api.models import Agent
from alohub_tui.vntime import VN_TZ

NOW = datetime(2026, 11, 27, 10, 30, tzinfo=VN_TZ)
APPLIED_STATE = KnownState(QueueSet((1,), 99999, ("6688",)), NOW - timedelta(days=1))


def test_the_newer_source_wins_and_a_read_keeps_what_only_here_knows() -> None:
    read = ReadState((1, 2), NOW)
    state = agent_state(APPLIED_STATE, read, ("6600",))
    assert state.source == ALOHUB and state.queues == QueueSet((1, 2), 99999, ("6688",))
    assert state.label(NOW) == "read from Alohub at 10:30"
    assert state.cell(NOW) == "Alohub 10:30"
    older_read = ReadState((3,), NOW - timedelta(days=2))
    applied = agent_state(APPLIED_STATE, older_read)
    assert applied.source == APPLIED and applied.queues == APPLIED_STATE.queues
    assert applied.label(NOW) == "last applied from here 26/11/2026 10:30"
    assert applied.cell(NOW) == "here 26/11"


def test_a_read_without_applied_state_preselects_the_listed_extensions() -> None:
    state = agent_state(None, ReadState((), NOW), ("6688", "6689"))
    assert state.queues == QueueSet((), None, ("6688", "6689"))  # callout: not sent, kept


def test_unknown() -> None:
    state = agent_state(None, None)
    assert state.source == UNKNOWN and state.queues is None
    assert state.cell(NOW) == "unknown"


def test_changed_since() -> None:
    opened = ReadState((1, 2), NOW)
    assert changed_since(opened, ReadState((1, 2), NOW)) is None
    assert changed_since(None, ReadState((3,), NOW)) is None
    assert changed_since(opened, ReadState((), NOW)) == (
        "Alohub's callin queues changed since 10:30: now none (was 1, 2)")


class Gateway:
    def __init__(self, members: dict[int, list[str]]) -> None:
        self.members = members
        self.asked: list[int | None] = []

    async def list_agents(self, *, queue_id: int | None = None) -> list[Agent]:
        self.asked.append(queue_id)
        return [Agent(u, u) for u in self.members.get(queue_id or 0, [])]


async def test_membership_is_read_queue_by_queue() -> None:
    gateway = Gateway({1: ["a", "b"], 2: ["b"]})
    read = await read_membership(gateway, [2, 1, 2], ["a", "b", "c"], NOW)
    assert gateway.asked == [1, 2]
    assert {u: r.callin_ids for u, r in read.items()} == {"a": (1,), "b": (1, 2), "c": ()}
