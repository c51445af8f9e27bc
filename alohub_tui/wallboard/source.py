"""The wall's calls from the event store: a whole day once, then only what changed.

The event store (``alohub-tui webhook``, or the TUI's own receiver) keeps each call's
merged state. :class:`StoreWall` loads the day's calls once, then, on each
:meth:`~StoreWall.read`, asks the store only for the calls that got a post since the
last read (one primary-key range read when nothing changed) and feeds them to the
running aggregate. So a wall reading a store that another process writes costs the
same as one fed directly, and the numbers are always re-derivable from the store:
:func:`day_aggregate` builds the same aggregate from scratch (``alohub-tui stats``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from ..vntime import to_local_naive
from ..webhook.store import EventStore
from .aggregate import WallAggregate
from .calls import CallFacts
from .settings import WallConfig
from .snapshot import WallSnapshot

#: Posts read per store query while catching up, and queries per read at most (the
#: rest waits for the next read, so one read never runs long).
BATCH = 5000
MAX_BATCHES_PER_READ = 20


def load_day(store: EventStore, day: date) -> list[CallFacts]:
    """The calls that may count on ``day``: started (else first seen) on it or the day
    before (a call ending on ``day`` may have started before midnight)."""
    start = datetime.combine(day - timedelta(days=1), time.min)
    end = datetime.combine(day + timedelta(days=1), time.min)
    return [CallFacts.from_stored(call) for call in store.calls_started_between(start, end)]


def day_aggregate(store: EventStore, wall: WallConfig, day: date, now: datetime,
                  formula: str | None = None) -> WallAggregate:
    """The aggregate of ``day`` built from scratch from the store (blocking)."""
    aggregate = WallAggregate(wall, day, formula=formula)
    aggregate.update(load_day(store, day), now)
    return aggregate


class StoreWall:
    """Today's aggregate, kept current from an event store; one reader at a time.

    :meth:`read` is blocking (SQLite): run it off the UI thread, on a timer or when the
    receiver says events arrived. It rolls over to the new day at midnight by itself.
    """

    def __init__(self, store: EventStore, wall: WallConfig) -> None:
        self.store = store
        self.wall = wall
        self._aggregate: WallAggregate | None = None
        self._cursor = 0

    @property
    def aggregate(self) -> WallAggregate | None:
        """The aggregate after the first read (for a backfill to feed search results)."""
        return self._aggregate

    def read(self, now: datetime) -> WallSnapshot:
        """Catch up with the store and return the KPIs at ``now``."""
        today = to_local_naive(now).date()
        if self._aggregate is None:
            self._cursor = self.store.last_event_id()  # before the load: nothing missed
            self._aggregate = day_aggregate(self.store, self.wall, today, now)
        else:
            if today != self._aggregate.day:
                self._aggregate.roll_to(today, now)
            self._catch_up(self._aggregate, now)
        return self._aggregate.snapshot(now)

    def _catch_up(self, aggregate: WallAggregate, now: datetime) -> None:
        for _ in range(MAX_BATCHES_PER_READ):
            cursor, calls = self.store.calls_changed_after(self._cursor, BATCH)
            if cursor == self._cursor:
                return
            self._cursor = cursor
            aggregate.update((CallFacts.from_stored(call) for call in calls), now)
