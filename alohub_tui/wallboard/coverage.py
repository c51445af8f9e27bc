"""What today's numbers rest on: when a receiver was up, and whether its gaps were filled.

Read from the event store's file (webhook/uptime.py, webhook/searched.py), so a wall in
any process, reading a store any receiver writes, says the same: the numbers include
calls backfilled from call history, or they may be incomplete (a gap whose backfill
failed, a receiver without an API key, no receiver running now). One line, or none
when every minute of the day was received.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..vntime import VN_TZ, local_midnight
from ..webhook.backfill import NO_KEY
from ..webhook.searched import BackfillRun, SearchedCalls
from ..webhook.uptime import Run, Span, UptimeLog, gaps

BACKFILLED = "backfilled"
FAILED = "failed"
PENDING = "pending"
SHOWN_GAPS = 2  # gaps named in the line; the others are counted


@dataclass(frozen=True, slots=True)
class GapState:
    gap: Span
    state: str  # BACKFILLED, FAILED or PENDING
    message: str = ""  # why it failed ("not backfilled: no API key", "backfill failed: ...")


@dataclass(frozen=True)
class Coverage:
    """Today's gaps and their backfill, and whether a receiver runs now."""

    gaps: tuple[GapState, ...]
    receiving_now: bool
    last_up: float | None  # when a receiver was last up (None: not today)

    @property
    def complete(self) -> bool:
        """Every gap backfilled (or none) and a receiver running now."""
        return self.receiving_now and all(g.state == BACKFILLED for g in self.gaps)

    def line(self, backfilled_calls: int) -> tuple[str, bool]:
        """``(text, is_warning)``: what the wall says about its numbers ("" when there is
        nothing to say). ``backfilled_calls``: offered calls that came from the search."""
        if not self.receiving_now:
            if self.last_up is None:
                return ("⚠ no receiver has run today: calls are not being received, numbers "
                        "may be incomplete", True)
            return (f"⚠ no receiver running since {_clock(self.last_up)}: calls since then "
                    "are not received, numbers may be incomplete", True)
        down = [g for g in self.gaps if g.state != BACKFILLED]
        if down:
            reason = down[-1].message or "backfill pending"
            return (f"⚠ numbers may be incomplete: receiver down {_spans(down)}, {reason}",
                    True)
        if self.gaps and backfilled_calls:
            return (f"↻ numbers include {backfilled_calls} calls backfilled from call "
                    f"history (receiver down {_spans(self.gaps)})", False)
        return "", False


def _clock(unix: float) -> str:
    return datetime.fromtimestamp(unix, VN_TZ).strftime("%H:%M")


def _spans(states: Sequence[GapState]) -> str:
    named = ", ".join(f"{_clock(s.gap.start)}–{_clock(s.gap.end)}" for s in states[:SHOWN_GAPS])
    more = len(states) - SHOWN_GAPS
    return named + (f" and {more} more" if more > 0 else "")


def gap_state(gap: Span, runs: Sequence[BackfillRun]) -> GapState:
    """The latest search of ``gap`` (one that covered it whole) says how it stands."""
    searches = [r for r in runs if r.gap_start <= gap.start and r.gap_end >= gap.end]
    if not searches:
        return GapState(gap, PENDING)
    if any(r.ok for r in searches):
        return GapState(gap, BACKFILLED)
    latest = max(searches, key=lambda r: r.started_at)
    return GapState(gap, FAILED, latest.message or NO_KEY)


def coverage_of(runs: Sequence[Run], searches: Sequence[BackfillRun], since: float,
                now: float) -> Coverage:
    """Coverage of [since, now] from the recorded receiver runs and searches."""
    day_gaps = gaps(runs, since, now)
    receiving = any(run.running(now) for run in runs)
    # While no receiver runs, the gap that is still open is said by "running since".
    closed = [g for g in day_gaps if receiving or g.end < now]
    last_up = max((run.up_until(now) for run in runs if run.up_until(now) >= since),
                  default=None)
    return Coverage(tuple(gap_state(g, searches) for g in closed), receiving, last_up)


class CoverageReader:
    """Reads today's coverage from an event store's file (blocking: SQLite)."""

    def __init__(self, uptime: UptimeLog, searched: SearchedCalls) -> None:
        self.uptime = uptime
        self.searched = searched

    def read(self, now: datetime) -> Coverage:
        at = now.timestamp() if now.tzinfo is not None else now.replace(tzinfo=VN_TZ).timestamp()
        since = local_midnight(now).replace(tzinfo=VN_TZ).timestamp()
        return coverage_of(self.uptime.runs(since, at), self.searched.runs(since), since, at)
