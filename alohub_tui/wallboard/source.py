"""The wall's calls from the event store: a whole day once, then only what changed.

The event store (``alohub-tui webhook``, or the TUI's own receiver) keeps each call's
merged state, and beside it the calls a backfill found in searchCallV2 for the times no
receiver was up (``searched_calls``, webhook/searched.py). :class:`StoreWall` loads the
day's calls of both once, merges them by call id (each field from the events when they
have it: :func:`~alohub_tui.webhook.searched.with_search`), then, on each
:meth:`~StoreWall.follow`, asks only for the calls that got a post or a search result
since the last read (one primary-key range read each when nothing changed) and feeds
them to the running aggregate. So a wall reading a store that another process writes
costs the same as one fed directly, and the numbers are always re-derivable from the
store: :func:`day_aggregate` builds the same aggregate from scratch (``alohub-tui stats``).

A call counts as backfilled (``from_search``) when it has no event at all, or when what
the search added changes what the KPIs see of it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..vntime import to_local_naive
from ..webhook.events import CallEvent
from ..webhook.readings import StoredCall
from ..webhook.searched import SearchedCalls, with_search
from ..webhook.store import EventStore
from .aggregate import WallAggregate
from .calls import CallFacts
from .settings import WallConfig
from .snapshot import WallSnapshot

#: Posts read per store query while catching up, and queries per read at most (the
#: rest waits for the next read, so one read never runs long).
BATCH = 5000
MAX_BATCHES_PER_READ = 20


@dataclass(frozen=True, slots=True)
class CallView:
    """One call as the wall sees it: its merged state and what the KPIs take of it."""

    event: CallEvent
    facts: CallFacts


def merged_view(stored: StoredCall | None, searched: CallEvent | None) -> CallView | None:
    """The call from its events and its search result (either may be missing)."""
    if stored is None:
        if searched is None:
            return None
        return CallView(searched, CallFacts.from_event(searched, from_search=True))
    own = CallFacts.from_stored(stored)
    merged = with_search(stored.event, searched)
    if searched is None or merged is None or merged == stored.event:
        return CallView(stored.event, own)
    facts = CallFacts.from_event(merged, stored.first_seen, stored.event_count)
    if facts != own:
        facts = dataclasses.replace(facts, from_search=True)
    return CallView(merged, facts)


def _window(day: date) -> tuple[datetime, datetime]:
    """Calls that may count on ``day``: started (else first seen) on it or the day
    before (a call ending on ``day`` may have started before midnight)."""
    return (datetime.combine(day - timedelta(days=1), time.min),
            datetime.combine(day + timedelta(days=1), time.min))


def _merged(stored_calls: Iterable[StoredCall], found: dict[str, CallEvent]) -> list[CallView]:
    """Stored calls with their search results, then the calls only the search found."""
    left = dict(found)
    views = [view for stored in stored_calls
             if (view := merged_view(stored, left.pop(stored.event.call_id, None))) is not None]
    views += [CallView(e, CallFacts.from_event(e, from_search=True)) for e in left.values()]
    return views


def _found_in(searched: SearchedCalls, start: datetime, end: datetime) -> dict[str, CallEvent]:
    return {c.event.call_id: c.event for c in searched.started_between(start, end)}


def load_day(store: EventStore, day: date,
             searched: SearchedCalls | None = None) -> list[CallView]:
    """The calls that may count on ``day``, events and search results merged."""
    start, end = _window(day)
    found = {} if searched is None else _found_in(searched, start, end)
    return _merged(store.calls_started_between(start, end), found)


def day_aggregate(store: EventStore, wall: WallConfig, day: date, now: datetime,
                  formula: str | None = None) -> WallAggregate:
    """The aggregate of ``day`` built from scratch from the store (blocking)."""
    aggregate = WallAggregate(wall, day, formula=formula)
    searched = SearchedCalls(store.path)
    try:
        aggregate.update((v.facts for v in load_day(store, day, searched)), now)
    finally:
        searched.close()
    return aggregate


@dataclass(frozen=True)
class Followed:
    """One :meth:`StoreWall.follow`: the KPIs, and the calls that changed since the last
    (every call of the window on the first read, or after a new day began)."""

    snapshot: WallSnapshot
    changed: tuple[CallView, ...]
    reloaded: bool  # ``changed`` is the whole window, not a change


class StoreWall:
    """Today's aggregate, kept current from an event store; one reader at a time.

    :meth:`follow` is blocking (SQLite): run it off the UI thread, on a timer or when the
    receiver says events arrived. It rolls over to the new day at midnight by itself.
    """

    def __init__(self, store: EventStore, wall: WallConfig) -> None:
        self.store = store
        self.wall = wall
        self.searched = SearchedCalls(store.path)
        self._aggregate: WallAggregate | None = None
        self._cursor = 0
        self._search_cursor = 0
        self._found: dict[str, CallEvent] = {}  # search results of the window, by call id

    @property
    def aggregate(self) -> WallAggregate | None:
        return self._aggregate

    def read(self, now: datetime) -> WallSnapshot:
        """Catch up with the store and return the KPIs at ``now``."""
        return self.follow(now).snapshot

    def follow(self, now: datetime) -> Followed:
        """Catch up with the store; the KPIs at ``now`` and the calls that changed."""
        today = to_local_naive(now).date()
        aggregate = self._aggregate
        if aggregate is None or today != aggregate.day:
            views = self._load(today)
            aggregate = self._aggregate = WallAggregate(self.wall, today)
            aggregate.update((v.facts for v in views), now)
            return Followed(aggregate.snapshot(now), tuple(views), True)
        views = self._catch_up()
        aggregate.update((v.facts for v in views), now)
        return Followed(aggregate.snapshot(now), tuple(views), False)

    def _load(self, day: date) -> list[CallView]:
        self._cursor = self.store.last_event_id()  # before the load: nothing missed
        self._search_cursor = self.searched.last_seq()
        start, end = _window(day)
        self._found = _found_in(self.searched, start, end)
        return _merged(self.store.calls_started_between(start, end), self._found)

    def _catch_up(self) -> list[CallView]:
        changed: dict[str, StoredCall | None] = {}
        for _ in range(MAX_BATCHES_PER_READ):
            cursor, calls = self.store.calls_changed_after(self._cursor, BATCH)
            if cursor == self._cursor:
                break
            self._cursor = cursor
            changed.update((c.event.call_id, c) for c in calls)
        searched = self._search_changes()
        for call_id in searched:
            if call_id not in changed:
                changed[call_id] = self.store.call(call_id)
        return [view for call_id, stored in changed.items()
                if (view := merged_view(stored, self._found.get(call_id))) is not None]

    def _search_changes(self) -> list[str]:
        """Take in search results stored since the last read; their call ids."""
        cursor, found = self.searched.changed_after(self._search_cursor, BATCH)
        self._search_cursor = cursor
        for call in found:
            self._found[call.event.call_id] = call.event
        return [call.event.call_id for call in found]

    def close(self) -> None:
        self.searched.close()
