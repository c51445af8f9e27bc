"""Today's counters for the Live tab and the wall, read from the event store.

Counters come from :meth:`EventStore.counters_between` over today (Asia/Ho_Chi_Minh):
the calls whose start time is today, so they survive a restart and reset by themselves
when the day changes. A call whose start time is missing, unreadable or more than a day
after its first post arrived counts on no day (it still shows in the feed). The wall's
KPIs (``wallboard/``) count the calls that *ended* today instead: see docs/LIVE.md.
Reading them is a blocking SQLite query: callers run :func:`read_stats` in a thread, on
a timer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..vntime import VN_TZ, fmt_duration, local_midnight
from ..vntime import fmt_ago as fmt_ago  # where the Live tab and wall import it from
from ..webhook.readings import Counters, StoredCall
from ..webhook.store import EventStore

SINCE_LABEL = "since 00:00"
QUIET_AFTER_S = 300  # "last event" turns into a warning after 5 minutes of silence


@dataclass(frozen=True, slots=True)
class LiveStats:
    """One reading of the store."""

    counters: Counters
    last_event_at: datetime | None  # aware; None for an empty store
    recent: tuple[StoredCall, ...] | None = None  # the latest calls, when asked for

    def quiet_seconds(self, now: datetime) -> float | None:
        """Seconds since the last event arrived (None before any event)."""
        if self.last_event_at is None:
            return None
        return max(0.0, (now.astimezone(VN_TZ) - self.last_event_at).total_seconds())


def read_stats(store: EventStore, now: datetime, recent: int = 0) -> LiveStats:
    """The counters of ``now``'s day, the last arrival, and ``recent`` calls."""
    calls = tuple(store.recent_calls(recent)) if recent else None
    midnight = local_midnight(now)
    counters = store.counters_between(midnight, midnight + timedelta(days=1))
    return LiveStats(counters, store.last_event_at(), calls)


def fmt_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def fmt_avg(seconds: float | None) -> str:
    return "—" if seconds is None else fmt_duration(round(seconds))


#: Counter key -> label, in the order the Live tab and the wall show them.
COUNTER_LABELS: dict[str, str] = {
    "calls": "Calls",
    "answered": "✓ Answered",
    "missed": "✗ Unanswered",  # any direction: missed, busy, no answer, failed; the wall's
    # "Missed" counts inbound abandons only (wallboard/)
    "rate": "Answer %",
    "talk": "Avg talk",
    "hold": "Avg hold",
    "live": "● In progress",
}


def counter_values(counters: Counters) -> dict[str, str]:
    """Each of :data:`COUNTER_LABELS` as display text (``—`` when not known yet)."""
    return {
        "calls": str(counters.calls),
        "answered": str(counters.answered),
        "missed": str(counters.missed),
        "rate": fmt_rate(counters.answer_rate),
        "talk": fmt_avg(counters.avg_talk_seconds),
        "hold": fmt_avg(counters.avg_hold_seconds),
        "live": str(counters.in_progress),
    }
