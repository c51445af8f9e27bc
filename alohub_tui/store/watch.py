"""Noticing another process's writes: ``PRAGMA data_version`` polled at a modest pace.

``data_version`` changes when *another* connection commits to the file, and this
process uses one connection, so a change means another window or command wrote (a new
dial, an applied change, an audit line). Reading it costs no lock wait and no I/O beyond
the WAL index, so polling once a second is cheap; the thread sleeps in between.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from .db import StoreError
from .local import LocalStore

log = logging.getLogger(__name__)

POLL_S = 1.0


class StoreWatcher:
    """Calls ``on_change`` (from its own thread) after another process wrote."""

    def __init__(self, store: LocalStore, on_change: Callable[[], object],
                 interval: float = POLL_S) -> None:
        self.store = store
        self.on_change = on_change
        self.interval = interval
        self._seen: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> bool:
        """One poll: whether another process wrote since the last one."""
        version = self.store.data_version()
        changed = self._seen is not None and version != self._seen
        self._seen = version
        return changed

    def start(self) -> None:
        self.check()  # the baseline: what is there now was read at start
        self._thread = threading.Thread(target=self._run, name="local-store-watch",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if self.check():
                    self.on_change()
            except StoreError:  # closed under us: the app is leaving
                return
            except Exception:  # keep watching; a failed callback is logged, not fatal
                log.exception("local store watcher: on_change failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2 * self.interval + 1)
        self._thread = None
