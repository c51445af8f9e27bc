"""One read of the event store for the wall: KPIs, missed calls, last event, coverage.

:class:`WallReader` is what a wall runs (in a thread: it is blocking SQLite) each time
the receiver says events arrived or the store's file changed, and once a second for the
clock-driven values (longest wait, time in state). A read with nothing new costs a few
primary-key lookups; the KPIs come from the running aggregate (source.py), the missed
calls from the same changed calls (missed.py), and the coverage line (coverage.py) is
re-read every :data:`COVERAGE_EVERY_S` seconds.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from ..webhook.store import EventStore
from ..webhook.uptime import UptimeLog
from .coverage import Coverage, CoverageReader
from .missed import MissedCall, MissedList
from .settings import WallConfig
from .snapshot import WallSnapshot
from .source import StoreWall

COVERAGE_EVERY_S = 5.0


@dataclass(frozen=True)
class WallReading:
    """Everything the wall shows that comes from the store, at one moment."""

    snapshot: WallSnapshot
    missed: tuple[MissedCall, ...]  # newest first
    missed_version: int  # changes whenever the list does
    last_event_at: datetime | None  # aware; None before any event
    coverage: Coverage | None  # None until first read
    changed_calls: int  # calls this read took in
    read_s: float  # how long the read took (seconds)


class WallReader:
    """Follows one event store for a wall (see module doc). Reads are serialised: a read
    left running by a cancelled caller finishes before the next one starts."""

    def __init__(self, store: EventStore, wall: WallConfig) -> None:
        self.wall = wall
        self.source = StoreWall(store, wall)
        self.store = store
        self._missed: MissedList | None = None
        self._coverage_reader = CoverageReader(UptimeLog(store.path), self.source.searched)
        self._coverage: Coverage | None = None
        self._coverage_at = float("-inf")
        self._monotonic = time.monotonic
        self._rows: tuple[MissedCall, ...] = ()
        self._rows_version = -1
        self._lock = threading.Lock()

    def read(self, now: datetime) -> WallReading:
        with self._lock:
            return self._read(now)

    def _read(self, now: datetime) -> WallReading:
        began = self._monotonic()
        followed = self.source.follow(now)
        snapshot = followed.snapshot
        missed = self._missed
        if missed is None or followed.reloaded:
            missed = self._missed = missed or MissedList(snapshot.day, self.wall.short_abandon_s)
            missed.update(followed.changed, reload=True, day=snapshot.day)
        else:
            missed.update(followed.changed)
        if began - self._coverage_at >= COVERAGE_EVERY_S:
            self._coverage = self._coverage_reader.read(now)
            self._coverage_at = began
        if missed.version != self._rows_version:  # sorted only when the list changed
            self._rows, self._rows_version = tuple(missed.newest_first()), missed.version
        return WallReading(
            snapshot=snapshot,
            missed=self._rows,
            missed_version=missed.version,
            last_event_at=self.store.last_event_at(),
            coverage=self._coverage,
            changed_calls=len(followed.changed),
            read_s=self._monotonic() - began,
        )

    def close(self) -> None:
        self.source.close()
        self._coverage_reader.uptime.close()
