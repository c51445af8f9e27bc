"""When a receiver was up, and so when posts may have been lost (the *gaps* of a day).

Every receiver (``alohub-tui webhook``, the TUI's or the wall's, ``serve``'s) records a
*run* in the event store's file when it starts listening, refreshes the run's
``seen_at`` every :data:`HEARTBEAT_S` while it listens, and sets ``stopped_at`` when it
stops. A run that ended without saying so (killed, a power cut) counts as up until its
last heartbeat, so up to one heartbeat of its end is taken as a gap: searched again,
never missed. Alohub's posts in a gap are gone; the backfill (backfill.py) searches the
gaps of today in searchCallV2, and the wall says what the numbers rest on.

Times are Unix seconds (as ``events.received_at``).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass

from .side_tables import SideTables

#: How often a running receiver says it is still up.
HEARTBEAT_S = 30.0
#: A run without a heartbeat for this long and no stop has ended without saying so.
STALE_AFTER_S = 2.5 * HEARTBEAT_S


@dataclass(frozen=True, slots=True)
class Span:
    """A time the receiver was up (or a gap when it was not), Unix seconds."""

    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Run:
    """One receiver run as recorded."""

    run_id: int
    kind: str  # "webhook", "tui", "wall", "serve"
    pid: int
    host: str
    started_at: float
    seen_at: float
    stopped_at: float | None

    def up_until(self, now: float) -> float:
        """The end of the run's up time as seen at ``now``."""
        if self.stopped_at is not None:
            return self.stopped_at
        if now - self.seen_at <= STALE_AFTER_S:
            return now  # still running
        return self.seen_at

    def running(self, now: float) -> bool:
        return self.stopped_at is None and now - self.seen_at <= STALE_AFTER_S


class UptimeLog(SideTables):
    """The ``receiver_runs`` table of an event store's file."""

    def started(self, kind: str, at: float) -> int:
        """Record a run that starts listening now; returns its id."""
        with self._writing() as conn:
            cursor = conn.execute(
                "INSERT INTO receiver_runs (kind, pid, host, started_at, seen_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (kind, os.getpid(), socket.gethostname(), at, at),
            )
            return int(cursor.lastrowid or 0)

    def beat(self, run_id: int, at: float) -> None:
        with self._writing() as conn:
            conn.execute("UPDATE receiver_runs SET seen_at = ? WHERE id = ?", (at, run_id))

    def stopped(self, run_id: int, at: float) -> None:
        with self._writing() as conn:
            conn.execute("UPDATE receiver_runs SET seen_at = ?, stopped_at = ? WHERE id = ?",
                         (at, at, run_id))

    def runs(self, since: float, until: float) -> list[Run]:
        """Runs that overlap [since, until], oldest first."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT id, kind, pid, host, started_at, seen_at, stopped_at"
                " FROM receiver_runs WHERE seen_at >= ? AND started_at <= ?"
                " ORDER BY started_at, id",
                (since - STALE_AFTER_S, until),
            ).fetchall()
        return [Run(*row) for row in rows]


def up_spans(runs: Sequence[Run], now: float) -> list[Span]:
    """The times some receiver was up, merged, oldest first."""
    spans = sorted((Span(r.started_at, r.up_until(now)) for r in runs), key=lambda s: s.start)
    merged: list[Span] = []
    for span in spans:
        if merged and span.start <= merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def gaps(runs: Sequence[Run], start: float, now: float) -> list[Span]:
    """The times in [start, now] when no receiver was up, oldest first."""
    found: list[Span] = []
    cursor = start
    for span in up_spans(runs, now):
        if span.end <= cursor:
            continue
        if span.start > cursor:
            found.append(Span(cursor, min(span.start, now)))
        cursor = max(cursor, span.end)
        if cursor >= now:
            break
    if cursor < now:
        found.append(Span(cursor, now))
    return [gap for gap in found if gap.seconds > 0]
