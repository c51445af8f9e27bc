"""Bulk reassignment: one planned EDIT per marked agent, or the reason it is refused.

Bulk changes only callin queues. Each agent keeps its known callout and extensions,
because EDIT replaces every list it is sent (alohub-api.md §4). An agent's plan starts
from its best-known state (``base``): read from Alohub (the gateway's membership) or
applied from here, as the editor and the list show it; never sent without extensions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .diff import QueueDiff, diff_queues
from .model import AgentInfo, KnownState, QueueSet


class Operation(StrEnum):
    SET = "set"
    ADD = "add"
    REMOVE = "remove"

    @property
    def label(self) -> str:
        return {
            Operation.SET: "Set: exactly these queues",
            Operation.ADD: "Add these queues",
            Operation.REMOVE: "Remove these queues",
        }[self]


UNKNOWN_FOR_DELTA = (
    "refused: last known queues unknown, so {op} cannot be computed "
    "(EDIT replaces the lists); use Set or the editor first"
)
NO_EXTENSIONS = (
    "refused: no known extension, and EDIT would clear the agent's extensions; "
    "use the editor first"
)
NO_QUEUES = "refused: choose at least one queue to {op}"
NO_CHANGE = "skipped: already so (nothing to send)"
NO_CALLIN_WARNING = "leaves the agent in no callin queue"


@dataclass(frozen=True)
class BulkRow:
    """One agent's plan: ``wanted`` and ``diff`` when it will be sent, else ``refused``."""

    user_name: str
    wanted: QueueSet | None
    diff: QueueDiff | None
    refused: str | None = None
    warning: str | None = None

    @property
    def sendable(self) -> bool:
        return self.wanted is not None and self.refused is None


def _new_callin(op: Operation, current: Iterable[int], chosen: frozenset[int]) -> list[int]:
    if op is Operation.SET:
        return sorted(chosen)
    if op is Operation.ADD:
        return sorted(set(current) | chosen)
    return sorted(set(current) - chosen)


def plan_row(
    agent: AgentInfo, base: KnownState | None, op: Operation, chosen: frozenset[int]
) -> BulkRow:
    """``base``: the agent's best-known state (None: unknown)."""
    name = agent.user_name
    if op is not Operation.SET and not chosen:
        return BulkRow(name, None, None, NO_QUEUES.format(op=op.value))
    if base is None:
        if op is not Operation.SET:
            return BulkRow(name, None, None, UNKNOWN_FOR_DELTA.format(op=op.value))
        wanted = QueueSet.of(chosen, None, agent.extensions)
    else:
        queues = base.queues
        wanted = QueueSet.of(
            _new_callin(op, queues.callin_ids, chosen), queues.callout_id, queues.extensions
        )
    if not wanted.extensions:
        return BulkRow(name, None, None, NO_EXTENSIONS)
    diff = diff_queues(base, wanted)
    if not diff.changed:
        return BulkRow(name, None, diff, NO_CHANGE)
    warning = NO_CALLIN_WARNING if not wanted.callin_ids else None
    return BulkRow(name, wanted, diff, None, warning)


def plan_bulk(
    agents: Sequence[AgentInfo],
    bases: Mapping[str, KnownState],
    op: Operation,
    queue_ids: Iterable[int],
) -> list[BulkRow]:
    """A row per agent, in the given order (``bases``: best-known states by user)."""
    chosen = frozenset(queue_ids)
    return [plan_row(a, bases.get(a.user_name), op, chosen) for a in agents]
