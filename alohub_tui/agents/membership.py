"""Agents' callin queues read from Alohub's gateway, and where an agent's state came from.

The legacy API has no way to read an agent's queues (alohub-api.md §4), so without the
gateway the app knows only what it last applied (:class:`~.model.KnownState`). With the
gateway (§6) it reads the truth: the agents of each inbound queue
(``GET /v1/agents?queue_id=...``), hence each agent's callin queues. As EDIT replaces
the lists, the queue editor starts from that truth, and reads it again just before
applying to warn when it changed meanwhile.

The gateway reads callin queues only: an agent's callout queue and extensions are not
listed by any endpoint, so they stay what was applied from here (or unknown).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from alohub_tui.vntime import DATE_DISPLAY, VN_TZ

from .model import KnownState, QueueSet

ALOHUB = "alohub"
APPLIED = "applied"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReadState:
    """An agent's callin queues as read from the gateway, and when (aware)."""

    callin_ids: tuple[int, ...]
    read_at: datetime


class _Listed(Protocol):
    @property
    def user_name(self) -> str: ...


class MembershipSource(Protocol):
    """What of :class:`~alohub_tui.api.gateway.GatewayClient` is read here."""

    async def list_agents(self, *, queue_id: int | None = None) -> Sequence[_Listed]: ...


async def read_membership(gateway: MembershipSource, queue_ids: Iterable[int],
                          listed: Iterable[str], now: datetime) -> dict[str, ReadState]:
    """Each agent's callin queues: the members of every queue in ``queue_ids``; an agent
    of ``listed`` (the gateway's agents) found in none is in no callin queue."""
    members: dict[str, list[int]] = {user: [] for user in listed}
    for queue_id in sorted(set(queue_ids)):
        for agent in await gateway.list_agents(queue_id=queue_id):
            members.setdefault(agent.user_name, []).append(queue_id)
    return {user: ReadState(tuple(sorted(set(ids))), now) for user, ids in members.items()}


@dataclass(frozen=True)
class AgentState:
    """What the app knows of one agent's queues now, and where that came from."""

    source: str  # ALOHUB, APPLIED or UNKNOWN
    queues: QueueSet | None  # None when unknown
    at: datetime | None  # when it was read or applied (aware)
    known: KnownState | None  # what was applied from here, whatever the source

    def label(self, now: datetime) -> str:
        """``read from Alohub at 10:30`` / ``last applied from here 27/11/2026 09:00`` /
        ``unknown (never read or applied here)``."""
        if self.at is None:
            return "unknown (never read or applied here)"
        local = self.at.astimezone(VN_TZ)
        if self.source == ALOHUB:
            same_day = local.date() == now.astimezone(VN_TZ).date()
            fmt = "%H:%M" if same_day else f"{DATE_DISPLAY} %H:%M"
            return f"read from Alohub at {local.strftime(fmt)}"
        return f"last applied from here {local.strftime(f'{DATE_DISPLAY} %H:%M')}"

    def cell(self, now: datetime) -> str:
        """The label in a table cell: ``Alohub 10:30``, ``here 27/11``, ``unknown``."""
        if self.at is None:
            return UNKNOWN
        local = self.at.astimezone(VN_TZ)
        today = local.date() == now.astimezone(VN_TZ).date()
        when = local.strftime("%H:%M" if today else "%d/%m")
        return f"Alohub {when}" if self.source == ALOHUB else f"here {when}"


def agent_state(known: KnownState | None, read: ReadState | None,
                extensions: tuple[str, ...] = ()) -> AgentState:
    """The newer of what was read from Alohub and what was applied from here.

    A read gives the callin queues; its callout and extensions are those applied from
    here, else the callout is left unsent (Alohub keeps it) and the extensions are the
    agent's listed ones (``extensions``): what the editor preselects.
    """
    if read is not None and (known is None or read.read_at >= known.applied_at):
        callout = known.queues.callout_id if known else None
        exts = known.queues.extensions if known else extensions
        return AgentState(ALOHUB, QueueSet(read.callin_ids, callout, exts), read.read_at,
                          known)
    if known is not None:
        return AgentState(APPLIED, known.queues, known.applied_at, known)
    return AgentState(UNKNOWN, None, None, None)


def changed_since(opened: ReadState | None, fresh: ReadState) -> str | None:
    """A warning when Alohub's callin queues changed since ``opened`` was read, else None."""
    if opened is None or opened.callin_ids == fresh.callin_ids:
        return None

    def ids(values: tuple[int, ...]) -> str:
        return ", ".join(map(str, values)) or "none"

    when = opened.read_at.astimezone(VN_TZ).strftime("%H:%M")
    return (f"Alohub's callin queues changed since {when}: now {ids(fresh.callin_ids)} "
            f"(was {ids(opened.callin_ids)})")
