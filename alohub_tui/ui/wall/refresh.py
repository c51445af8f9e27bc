"""The wall's refresh loop: read the store when something may have changed, and say so
when the loop itself has stopped.

One long-lived asyncio task (a Textual worker) does every read, so nothing depends on
a chain of one-shot timers. The old wall re-armed ``set_timer(0.001, read)`` after each
read; Textual's ``set_timer`` is a ``Timer(repeat=0, skip=True)``, which ends without
firing if more than its delay passes between its first two clock reads, and the chain
would then end for good, silently (tests/ui/test_wall_health.py shows it with a late
clock; measured under the bench's load it did not happen: docs/WALL.md, "A wall never
freezes silently"). Here the waits are plain asyncio waits, which never skip.

Wake-ups, coalesced (at most one read per ``min_gap_s``):

- the in-process receiver's inbox says events arrived (thread-safe, one per batch);
- the store changed (``PRAGMA data_version`` on a connection of its own, asked every
  ``poll_s`` when no receiver runs in this process: a receiver in another process writes
  it; the question costs microseconds: wallboard/changes.py). 50 ms while the store is
  busy, 250 ms once it has been quiet for :data:`QUIET_AFTER_S` (twenty wake-ups a
  second cost an idle wall half its budget; the first event after a quiet spell shows
  up to 200 ms later);
- ``interval_s`` passed, while the screen shows values that change with the clock alone
  (``clock_matters``: longest wait, time in state, an alert waiting out its hysteresis);
  else ``idle_interval_s`` (what the store's other tables say: receivers, backfills).

A failed read is reported at once and retried with backoff (up to 30 s). The loop's
``alive_at`` is what :meth:`WallRefresh.stalled` checks, from a separate Textual
interval, so a loop that stops (cancelled, or a read that never returns) is shown on
the screen within one refresh interval, and a dead loop is started again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.app import App
from textual.worker import Worker

from alohub_tui.live.inbox import EventInbox
from alohub_tui.wallboard.changes import StoreChanges, Token
from alohub_tui.wallboard.reading import WallReader, WallReading

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 30.0
STALL_GRACE_S = 0.5  # silence beyond one interval plus this is a stall
IDLE_INTERVAL_S = 5.0  # between reads when nothing changes and the clock changes nothing
BUSY_POLL_S = 0.05  # how often a store another process writes is asked, while busy
QUIET_POLL_S = 0.25  # ... and once quiet for QUIET_AFTER_S
QUIET_AFTER_S = 10.0


class WallRefresh:
    """Reads through ``reader`` on ``app``'s loop; see the module docstring."""

    def __init__(self, app: App[Any], reader: WallReader, clock: Callable[[], datetime],
                 on_reading: Callable[[WallReading], None],
                 on_error: Callable[[str | None], None], *,
                 inbox: EventInbox | None = None, interval_s: float = 1.0,
                 min_gap_s: float = 0.05, poll_s: float | None = None,
                 clock_matters: Callable[[], bool] = lambda: True,
                 idle_interval_s: float = IDLE_INTERVAL_S) -> None:
        self.app = app
        self.reader = reader
        self.clock = clock
        self.on_reading = on_reading
        self.on_error = on_error
        self.inbox = inbox
        self.interval_s = interval_s
        self.min_gap_s = min_gap_s
        self.clock_matters = clock_matters
        self.idle_interval_s = max(idle_interval_s, interval_s)
        # With a receiver in this process its inbox says when to read: no need to poll.
        self.poll_s = poll_s if poll_s is not None else (
            interval_s if inbox is not None else BUSY_POLL_S)  # an empty inbox is falsy
        self.quiet_poll_s = max(self.poll_s, QUIET_POLL_S)
        self._changed_at = time.monotonic()  # the store's last change seen
        self.alive_at = time.monotonic()  # the loop's last sign of life
        self.reading_since: float | None = None  # a read in progress since (monotonic)
        self.last_read_at: float | None = None  # the last read that worked
        self.reads = 0
        self.restarts = 0
        self._wake: asyncio.Event | None = None
        self._worker: Worker[None] | None = None
        self._stopped = False

    # ---------------------------------------------------------------- control

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        wake = self._wake
        if self.inbox is not None:  # called on the receiver's thread
            self.inbox.set_listener(lambda: loop.call_soon_threadsafe(wake.set))
        self._spawn()

    def _spawn(self) -> None:
        self.alive_at = time.monotonic()
        self._worker = self.app.run_worker(self._run(), name="wall-refresh", group="wall-refresh",
                                           exit_on_error=False, description="wall refresh")

    def stop(self) -> None:
        self._stopped = True
        if self.inbox is not None:
            self.inbox.set_listener(None)
        if self._worker is not None:
            self._worker.cancel()

    def wake(self) -> None:
        """Read as soon as the coalescing allows (e.g. a new page is shown)."""
        if self._wake is not None:
            self._wake.set()

    @property
    def running(self) -> bool:
        return self._worker is not None and not self._worker.is_finished

    def stalled(self, now: float | None = None) -> float | None:
        """Seconds the loop has been silent, when longer than it may be; else None.

        A loop waits at most ``interval_s`` between signs of life (a read, or a poll of
        the file), so silence beyond that (and :data:`STALL_GRACE_S`) means it has
        stopped, or a read has not returned.
        """
        now = time.monotonic() if now is None else now
        silent = now - self.alive_at
        return silent if silent > self.interval_s + STALL_GRACE_S or not self.running else None

    def revive(self) -> bool:
        """Start the loop again if it ended (cancelled or failed); True if it did."""
        if self._stopped or self.running:
            return False
        self.restarts += 1
        log.warning("wall refresh loop had ended; starting it again")
        self._spawn()
        return True

    # ---------------------------------------------------------------- the loop

    async def _run(self) -> None:
        changes = StoreChanges(self.reader.store.path)
        try:
            await self._loop(changes)
        finally:
            changes.close()

    async def _loop(self, changes: StoreChanges) -> None:
        failures = 0
        signature = changes.token()
        while not self._stopped:
            began = time.monotonic()
            self.alive_at = began
            self.reading_since = began
            try:
                reading = await asyncio.to_thread(self.reader.read, self.clock())
            except Exception as exc:
                self.reading_since = None
                failures += 1
                delay = min(MAX_BACKOFF_S, self.interval_s * 2 ** failures)
                log.warning("wall refresh failed", exc_info=exc)
                self.on_error(f"refresh failed ({exc or type(exc).__name__}); retrying in "
                              f"{delay:.0f} s")
                await self._idle(delay)
                continue
            finally:
                self.reading_since = None
            self.reads += 1
            self.last_read_at = time.monotonic()
            self.alive_at = self.last_read_at
            try:
                self.on_reading(reading)
            except Exception as exc:  # never let drawing end the loop: say it, go on
                log.exception("wall: showing a reading failed")
                failures += 1
                self.on_error(f"showing the numbers failed ({exc or type(exc).__name__})")
            else:
                if failures:
                    failures = 0
                    self.on_error(None)
            gap = self.min_gap_s - (time.monotonic() - began)
            if gap > 0:
                await asyncio.sleep(gap)
            signature = await self._next_wake(began, signature, changes)

    async def _idle(self, seconds: float) -> None:
        """Wait ``seconds`` while showing signs of life."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.alive_at = time.monotonic()
            await asyncio.sleep(min(left, self.interval_s))

    async def _next_wake(self, last_read: float, signature: Token,
                         changes: StoreChanges) -> Token:
        """Wait for a reason to read again; returns the store's change token now."""
        wake = self._wake
        assert wake is not None
        while True:
            self.alive_at = time.monotonic()
            if wake.is_set():
                wake.clear()
                if self.inbox is not None:
                    self.inbox.drain()  # the store has them; only the wake-up mattered
                return changes.token()
            now_sig = changes.token()
            if now_sig != signature:
                self._changed_at = time.monotonic()
                return now_sig
            every = self.interval_s if self.clock_matters() else self.idle_interval_s
            left = last_read + every - time.monotonic()
            if left <= 0:
                return now_sig
            if self.inbox is None:  # polling the store anyway: a plain sleep is cheaper
                quiet = time.monotonic() - self._changed_at > QUIET_AFTER_S
                await asyncio.sleep(min(left, self.quiet_poll_s if quiet else self.poll_s))
            else:  # the inbox wakes us at once
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), min(left, self.poll_s))
