"""Where today's calls come from: the webhook's event store, or searchCallV2.

Both keep today's calls by call id and read only what is new after the first read:

- :class:`EventSource` follows the event store by its cursor
  (:meth:`~alohub_tui.webhook.store.EventStore.calls_changed_after`), so a read with
  nothing new costs one indexed query;
- :class:`SearchSource` searches today from 00:00 once, then each time from a little
  before the previous search (:data:`OVERLAP`: a call that was ringing then is read again
  with its outcome), every direction and status: a missed inbound call and the answered
  call that returns it are both needed.

At midnight both start the new day afresh.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from alohub_tui.api.models import SearchCriteria
from alohub_tui.vntime import VN_TZ, local_midnight

from .calls import CallFact, fact_from_record, fact_from_stored

if TYPE_CHECKING:
    from alohub_tui.api.client import AlohubClient
    from alohub_tui.webhook.store import EventStore

WEBHOOK = "webhook"
SEARCH = "search"
#: The source in words, on screen and in the CLI's summary.
SOURCE_LABELS = {WEBHOOK: "webhook events", SEARCH: "searchCallV2"}
OVERLAP = timedelta(minutes=15)
CHANGES_PER_READ = 5000


class _TodaysCalls:
    """Today's calls by call id; emptied when the day changes."""

    def __init__(self) -> None:
        self.day: date | None = None
        self.calls: dict[str, CallFact] = {}

    def start_day(self, now: datetime) -> bool:
        """True (and emptied) when ``now`` is on another day than the calls kept."""
        today = now.astimezone(VN_TZ).date()
        if today == self.day:
            return False
        self.day, self.calls = today, {}
        return True

    def keep(self, fact: CallFact | None) -> None:
        if fact is not None and fact.start.date() == self.day:
            self.calls[fact.call_id] = fact


class EventSource:
    """Today's calls from the webhook event store (blocking reads: run in a thread)."""

    name = WEBHOOK

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._today = _TodaysCalls()
        self._cursor = 0

    def read(self, now: datetime) -> list[CallFact]:
        today = self._today
        if today.start_day(now):
            self._cursor = self.store.last_event_id()  # before the read: nothing slips by
            midnight = local_midnight(now)
            for stored in self.store.calls_started_between(midnight,
                                                           midnight + timedelta(days=1)):
                today.keep(fact_from_stored(stored))
        while True:
            cursor, changed = self.store.calls_changed_after(self._cursor, CHANGES_PER_READ)
            for stored in changed:
                today.keep(fact_from_stored(stored))
            if cursor == self._cursor:
                break
            self._cursor = cursor
        return list(today.calls.values())


class SearchSource:
    """Today's calls from searchCallV2, searched again at most every ``interval_s``."""

    name = SEARCH

    def __init__(self, interval_s: int, page_size: int) -> None:
        self.interval_s = interval_s
        self.page_size = page_size
        self.searched_at: datetime | None = None  # aware: when the last good search began
        self.tried_at: datetime | None = None  # when the last search began, good or not
        self._today = _TodaysCalls()

    def due(self, now: datetime) -> bool:
        """A search is due every ``interval_s`` (after a failed one too: no hammering)."""
        return (self.tried_at is None or self._today.day != now.astimezone(VN_TZ).date()
                or (now - self.tried_at).total_seconds() >= self.interval_s)

    async def read(self, client: AlohubClient, now: datetime) -> list[CallFact]:
        """Search what is new since the last search (all of today the first time).
        An API error propagates; what was read before is kept for the next try."""
        today = self._today
        self.tried_at = now
        fresh = today.start_day(now)
        midnight = local_midnight(now).replace(tzinfo=VN_TZ)
        start = midnight if fresh or self.searched_at is None else max(
            midnight, self.searched_at - OVERLAP)
        criteria = SearchCriteria(start=start, end=now.astimezone(VN_TZ),
                                  limit=self.page_size)
        found: list[CallFact | None] = []
        async for record in client.iter_calls(criteria):
            found.append(fact_from_record(record))
        for fact in found:  # only once every page arrived: a failed search changes nothing
            today.keep(fact)
        self.searched_at = now
        return list(today.calls.values())
