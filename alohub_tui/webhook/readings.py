"""What a read of the event store returns: a call's merged state with its bookkeeping,
and the counters over the calls since a moment (no SQLite here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from .events import CallEvent


@dataclass(frozen=True, slots=True)
class StoredCall:
    """A call's merged state with its bookkeeping."""

    event: CallEvent  # merged state of every event; its raw is that state's payload
    first_seen: datetime  # aware
    updated_at: datetime  # aware: when the last new event of the call arrived
    event_count: int


@dataclass(frozen=True, slots=True)
class AgentCounters:
    user_name: str
    answered: int = 0
    missed: int = 0
    talk_seconds: int = 0  # total over answered, ended calls
    completed: int = 0  # answered and ended: the denominator of the average

    @property
    def avg_talk_seconds(self) -> float | None:
        return self.talk_seconds / self.completed if self.completed else None


@dataclass(frozen=True, slots=True)
class Counters:
    """Totals over the calls that started in a window (a day: see
    :meth:`~alohub_tui.webhook.store.EventStore.counters_between`).

    ``answered`` counts calls picked up (ended or not), ``missed`` calls that ended
    without being picked up (missed, busy, noanswer, failed, ...), ``completed`` calls
    answered and ended, ``in_progress`` calls that have not ended (ringing or talking).
    Talk and hold averages are over answered calls that have ended.
    """

    since: datetime
    calls: int = 0
    answered: int = 0
    missed: int = 0
    completed: int = 0
    talk_seconds: int = 0
    hold_seconds: int = 0
    agents: Mapping[str, AgentCounters] = field(default_factory=dict)

    @property
    def in_progress(self) -> int:
        """Started and not ended: ringing, or answered and still talking."""
        return self.calls - self.missed - self.completed

    @property
    def answer_rate(self) -> float | None:
        """answered / (answered + missed), 0..1; None before any call is decided."""
        decided = self.answered + self.missed
        return self.answered / decided if decided else None

    @property
    def avg_talk_seconds(self) -> float | None:
        return self.talk_seconds / self.completed if self.completed else None

    @property
    def avg_hold_seconds(self) -> float | None:
        return self.hold_seconds / self.completed if self.completed else None
