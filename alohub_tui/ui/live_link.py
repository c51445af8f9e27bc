"""Connect a :class:`LiveService` to a :class:`LiveWatch`, on a Textual node's loop.

The node (the Live tab, the wall) only lends its timers and workers; what arrives goes
to the watch, which merges it and tells its listeners. Two jobs, both keeping work off
the UI's event loop:

- events: the receiver's thread puts events in the inbox, whose one wake-up per batch
  asks the node to call :meth:`LiveLink.wake` on the UI's loop (``call_later``, a
  message like any other); the inbox is drained at most every ``drain_every`` seconds
  (so 200 events/s become ~10 table updates a second, not 200).
- stats: every ``interval`` seconds the counters are read in a thread
  (:func:`asyncio.to_thread`); a failure is reported and retried with backoff (x2, up to
  30 s), and the first success clears the report. The first read also loads the latest
  calls, and so does any read after the inbox overflowed or, with no receiver in this
  process (a standalone ``alohub-tui webhook`` fills the store), after new events came
  (at most every ``RELOAD_GAP_S``: a busy store is not re-read as fast as it changes).

Both re-arm themselves with :func:`~alohub_tui.ui.timers.call_after`, never Textual's
``set_timer``, which can drop a short one-shot timer under load and so end the chain
for good (ui/timers.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime

from textual.dom import DOMNode

from alohub_tui.live.feed import DEFAULT_LIMIT
from alohub_tui.live.service import LiveService
from alohub_tui.live.watch import LiveWatch
from alohub_tui.ui.timers import call_after

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 30.0
NEW_CALLS_RELOAD = 100  # calls re-read when a standalone receiver added events
RELOAD_GAP_S = 0.25  # the soonest a changed store is read again


class LiveLink:
    """Events and stats from ``service`` into ``watch``, on ``owner``'s timers."""

    def __init__(
        self,
        owner: DOMNode,
        service: LiveService,
        watch: LiveWatch,
        clock: Callable[[], datetime],
        *,
        interval: float = 1.5,
        drain_every: float = 0.1,
    ) -> None:
        self.owner = owner
        self.service = service
        self.watch = watch
        self._clock = clock
        self.interval = interval
        self.drain_every = drain_every
        self._timer: asyncio.TimerHandle | None = None
        self._last_drain = 0.0
        self._reload = DEFAULT_LIMIT  # calls to (re)load at the next read; 0: none
        self._last_event_at: datetime | None = None
        self._poll_timer: asyncio.TimerHandle | None = None
        self._failures = 0
        self._stopped = False

    def start(self) -> None:
        # Called on the receiver's thread: call_later hands wake() to the UI's loop.
        self.service.inbox.set_listener(lambda: self.owner.call_later(self.wake))
        if self.service.plan.db_path is not None:
            self._arm(0.0)

    def stop(self) -> None:
        self.service.inbox.set_listener(None)
        self._stopped = True
        for handle in (self._poll_timer, self._timer):
            if handle is not None:
                handle.cancel()

    # ---------------------------------------------------------------- events

    def wake(self) -> None:
        """Events wait in the inbox: drain it now, or when ``drain_every`` has passed."""
        if self._timer is not None or self._stopped:
            return
        wait = self._last_drain + self.drain_every - time.monotonic()
        if wait <= 0:
            self._drain()
        else:
            self._timer = call_after(self.owner, wait, self._drain)

    def _drain(self) -> None:
        self._timer = None
        self._last_drain = time.monotonic()
        events, dropped = self.service.inbox.drain()
        if dropped:
            self._reload = DEFAULT_LIMIT  # the store has them all
        if events:
            self.watch.take_events(events, self._clock())

    # ---------------------------------------------------------------- stats

    def _arm(self, delay: float) -> None:
        """Read again after ``delay`` s: poll, render, re-arm (no worker between reads,
        so waiting for the app's workers to finish never waits for this one)."""
        if not self._stopped:
            self._poll_timer = call_after(self.owner, delay, self._read)

    def _read(self) -> None:
        self.owner.run_worker(self._read_once(), group="live-stats", exclusive=True,
                              exit_on_error=False, description="live counters")

    async def _read_once(self) -> None:
        try:
            stats = await asyncio.to_thread(self.service.read_stats, self._clock(), self._reload)
            self.watch.take_stats(stats)
        except Exception as exc:
            log.warning("live refresh failed", exc_info=exc)
            self._failures += 1
            delay = min(MAX_BACKOFF_S, self.interval * 2**self._failures)
            self.watch.take_error(f"refresh failed ({exc or type(exc).__name__}); "
                           f"retrying in {delay:.0f} s")
            self._arm(delay)
            return
        if self._failures:
            self._failures = 0
            self.watch.take_error(None)
        self._reload = 0
        if (self.service.receiver is None and self._last_event_at is not None
                and stats.last_event_at != self._last_event_at):
            self._reload = NEW_CALLS_RELOAD  # a standalone receiver stored calls
        self._last_event_at = stats.last_event_at
        self._arm(RELOAD_GAP_S if self._reload else self.interval)
