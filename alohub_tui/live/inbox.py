"""Hand call events from the receiver's thread to the UI thread.

The receiver calls :meth:`EventInbox.put` on its own loop for every stored event. Waking
the UI per event would flood it at 200 events/s, so only the first event after a drain
calls ``wake``; everything arriving until the UI drains rides along in the same batch.
The inbox is bounded: if the UI cannot keep up, the oldest events are dropped and counted,
and the UI reloads the latest calls from the store instead (nothing is lost there).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from ..webhook.events import CallEvent

MAX_WAITING = 10_000


class EventInbox:
    """A thread-safe, bounded queue of call events with one coalesced wake-up."""

    def __init__(self, maxlen: int = MAX_WAITING) -> None:
        self._events: deque[CallEvent] = deque()
        self._maxlen = maxlen
        self._lock = threading.Lock()
        self._wake: Callable[[], object] | None = None
        self._signalled = False
        self._dropped = 0

    def set_listener(self, wake: Callable[[], object] | None) -> None:
        """``wake()`` is called (from any thread) when events wait and none was signalled."""
        with self._lock:
            self._wake = wake
            self._signalled = False
            call = wake is not None and bool(self._events or self._dropped)
            if call:
                self._signalled = True
        if call and wake is not None:
            wake()

    def put(self, event: CallEvent) -> None:
        with self._lock:
            if len(self._events) >= self._maxlen:
                self._events.popleft()
                self._dropped += 1
            self._events.append(event)
            wake = None if self._signalled else self._wake
            if wake is not None:
                self._signalled = True
        if wake is not None:
            wake()

    def drain(self) -> tuple[list[CallEvent], int]:
        """Everything waiting, oldest first, and how many were dropped since last time."""
        with self._lock:
            events = list(self._events)
            self._events.clear()
            dropped, self._dropped = self._dropped, 0
            self._signalled = False
        return events, dropped

    def __len__(self) -> int:
        return len(self._events)
