"""The live feed's model: the latest calls, one entry per call, newest first, bounded.

Events of a call are merged with :func:`~alohub_tui.webhook.events.merge` (the store's
rule), so a late "answered" never turns an ended call back. Calls are ordered by start
time (else, or when it is more than a day after the call was first seen, by when first
seen: the store's rule), ties by arrival; past ``limit`` the oldest are evicted, so
a day of events costs no more memory than ``limit`` calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..vntime import local_text, to_local_naive, wire_text
from ..webhook.events import CallEvent, Stage, believable_start, merge

if TYPE_CHECKING:
    from ..webhook.readings import StoredCall

DEFAULT_LIMIT = 500
STALE_AFTER = timedelta(hours=3)

RINGING = "ringing"
TALKING = "talking"


def live_status(event: CallEvent) -> str:
    """The one word for where a call is: ringing, talking, or how it ended."""
    if event.stage is Stage.RINGING:
        return RINGING
    if event.stage is Stage.ANSWERED:
        return TALKING
    if event.answered:
        return "answered"
    return event.call_status or "ended"


def matches(event: CallEvent, needle: str) -> bool:
    """Whether ``needle`` (lowercase) appears in any field a person would filter on."""
    if not needle:
        return True
    haystack = " ".join((
        event.call_id, event.caller_number, event.destination_number, event.user_name,
        event.direction, live_status(event), event.transaction_id, event.hotline,
    )).lower()
    return all(word in haystack for word in needle.split())


@dataclass(frozen=True, slots=True)
class FeedChange:
    """What one batch did to the feed, by call id."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.removed)


class LiveFeed:
    """The latest ``limit`` calls with their merged state."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self._calls: dict[str, CallEvent] = {}
        self._order: dict[str, tuple[str, int]] = {}
        self._seq = 0

    def __len__(self) -> int:
        return len(self._calls)

    def __contains__(self, call_id: object) -> bool:
        return call_id in self._calls

    def __iter__(self) -> Iterator[CallEvent]:
        return iter(self.newest_first())

    def get(self, call_id: str) -> CallEvent | None:
        return self._calls.get(call_id)

    def order_key(self, call_id: str) -> tuple[str, int]:
        """Sorts like the feed: bigger is newer."""
        return self._order[call_id]

    def newest_first(self) -> list[CallEvent]:
        ids = sorted(self._order, key=self._order.__getitem__, reverse=True)
        return [self._calls[i] for i in ids]

    def apply(self, events: Iterable[CallEvent], now: datetime) -> FeedChange:
        """Merge ``events`` (oldest first); ``now`` (naive local) orders calls with no start."""
        return self._apply((event, now) for event in events)

    def apply_stored(self, calls: Iterable[StoredCall]) -> FeedChange:
        """Merge calls read from the store (newest first, as the store returns them)."""
        return self._apply((c.event, c.first_seen) for c in reversed(list(calls)))

    def _apply(self, items: Iterable[tuple[CallEvent, datetime]]) -> FeedChange:
        added: dict[str, None] = {}
        updated: dict[str, None] = {}
        for event, seen in items:
            current = self._calls.get(event.call_id)
            state = merge(current, event)
            if current is not None and state == current:
                continue
            self._calls[event.call_id] = state
            self._seq += 1
            at = wire_text(believable_start(state, to_local_naive(seen))) or local_text(seen)
            if current is None:
                self._order[event.call_id] = (at, self._seq)
                added[event.call_id] = None
            else:
                self._order[event.call_id] = (at, self._order[event.call_id][1])
                if event.call_id not in added:
                    updated[event.call_id] = None
        removed = self._evict()
        fresh = set(added)
        for call_id in removed:
            added.pop(call_id, None)
            updated.pop(call_id, None)
        gone = tuple(i for i in removed if i not in fresh)  # the UI never saw the others
        return FeedChange(tuple(added), tuple(updated), gone)

    def _evict(self) -> list[str]:
        excess = len(self._calls) - self.limit
        if excess <= 0:
            return []
        oldest = sorted(self._order, key=self._order.__getitem__)[:excess]
        for call_id in oldest:
            del self._calls[call_id]
            del self._order[call_id]
        return oldest

    def in_progress_by_agent(self, now: datetime) -> dict[str, str]:
        """Agent -> ``talking`` or ``ringing`` for agents with a call in progress.

        A call whose end never arrived stops counting after :data:`STALE_AFTER`.
        """
        busy: dict[str, str] = {}
        oldest = now - STALE_AFTER
        for event in self._calls.values():
            if event.starttime is not None and event.starttime < oldest:
                continue
            if event.user_name and event.stage is not Stage.ENDED:
                status = live_status(event)
                if busy.get(event.user_name) != TALKING:
                    busy[event.user_name] = status
        return busy
