"""One log line per second at most for a problem that repeats (a full disk under a burst
of posts, a process out of file descriptors): the log stays readable and small, and the
next line says how many were left out."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable


class LogEvery:
    """Logs through ``logger`` at most once per ``interval`` seconds; thread-safe."""

    def __init__(self, logger: logging.Logger, interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.logger = logger
        self.interval = interval
        self._clock = clock
        self._last: float | None = None
        self._skipped = 0
        self._lock = threading.Lock()

    def allow(self) -> str | None:
        """None to stay silent now; else the suffix for the line (how many were left
        out since the last one, or ``""``)."""
        with self._lock:
            now = self._clock()
            if self._last is not None and now - self._last < self.interval:
                self._skipped += 1
                return None
            skipped, self._skipped = self._skipped, 0
            self._last = now
        return f" (and {skipped} more like it)" if skipped else ""

    def log(self, level: int, message: str, *args: object) -> None:
        suffix = self.allow()
        if suffix is not None:
            self.logger.log(level, message + "%s", *args, suffix)
