"""The live calls one screen shows, and who is told when they change. No Textual.

The UI's link (:mod:`alohub_tui.ui.live_link`) hands a :class:`LiveWatch`, on the UI's
event loop, each batch of events drained from the inbox (:meth:`~LiveWatch.take_events`)
and each reading of the event store (:meth:`~LiveWatch.take_stats`). Both are merged
into one :class:`~alohub_tui.live.feed.LiveFeed` (a late "answered" never turns an
ended call back); then the listeners hear of it, in the order they subscribed: the
Live tab or the wall shows the change, and the dial tracker takes the merged state of
every call with a transactionId (:meth:`~LiveWatch.on_calls`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from ..vntime import to_local_naive
from ..webhook.events import CallEvent
from .feed import DEFAULT_LIMIT, FeedChange, LiveFeed

if TYPE_CHECKING:
    from .stats import LiveStats

EventsListener = Callable[[list[CallEvent], FeedChange], None]
"""``(events, change)``: a batch from the inbox and what it did to the feed."""
StatsListener = Callable[["LiveStats", FeedChange], None]
"""``(stats, change)``: a reading of the store and what its latest calls did to the feed."""
ErrorListener = Callable[[str | None], None]
"""A reading of the store failed (the message), or succeeded again (None)."""
CallsListener = Callable[[list[CallEvent]], None]
"""The merged state of the calls with a transactionId that a batch changed."""


class LiveWatch:
    """One merged feed and its listeners (see the module docstring)."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.feed = LiveFeed(limit)
        self._on_events: list[EventsListener] = []
        self._on_stats: list[StatsListener] = []
        self._on_error: list[ErrorListener] = []
        self._on_calls: list[CallsListener] = []

    def listen(self, *, on_events: EventsListener, on_stats: StatsListener,
               on_error: ErrorListener) -> None:
        """Subscribe a screen to every batch, reading and failed reading."""
        self._on_events.append(on_events)
        self._on_stats.append(on_stats)
        self._on_error.append(on_error)

    def on_calls(self, listener: CallsListener) -> None:
        """Subscribe to the merged calls that carry a transactionId (the dial tracker)."""
        self._on_calls.append(listener)

    def take_events(self, events: list[CallEvent], now: datetime) -> None:
        """Merge a batch (oldest first; ``now`` orders calls with no start time)."""
        change = self.feed.apply(events, to_local_naive(now))
        for on_events in self._on_events:
            on_events(events, change)
        updated = [self.feed.get(e.call_id) or e for e in events if e.transaction_id]
        if updated:
            for on_calls in self._on_calls:
                on_calls(updated)

    def take_stats(self, stats: LiveStats) -> None:
        """A reading of the store: the counters, and the latest calls when it has them."""
        change = FeedChange()
        if stats.recent is not None:
            change = self.feed.apply_stored(stats.recent)
        for on_stats in self._on_stats:
            on_stats(stats, change)

    def take_error(self, message: str | None) -> None:
        for on_error in self._on_error:
            on_error(message)
