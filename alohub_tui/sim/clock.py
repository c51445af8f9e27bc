"""Simulated wall clock in Vietnam local time, with a speed factor.

How its epochs become Alohub's ``YYYY-MM-DD HH:mm:ss`` text is :mod:`alohub_tui.vntime`'s
(:class:`~alohub_tui.vntime.EpochFormatter`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime

from ..vntime import to_epoch


class SimClock:
    """A clock that starts at ``start`` and runs ``speed`` times faster than real time.

    Live calls are scheduled in simulated seconds; ``sleep`` converts them to real seconds,
    so a test at ``speed=100`` sees a 60-second call end in 0.6 s.
    """

    def __init__(
        self,
        start: datetime | None = None,
        speed: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be > 0")
        self.speed = speed
        self._start_epoch = to_epoch(start) if start is not None else time.time()
        self._monotonic = monotonic
        self._t0 = monotonic()

    @property
    def start_epoch(self) -> float:
        return self._start_epoch

    def now(self) -> float:
        """Simulated epoch seconds."""
        return self._start_epoch + (self._monotonic() - self._t0) * self.speed

    async def sleep(self, sim_seconds: float) -> None:
        await asyncio.sleep(max(0.0, sim_seconds) / self.speed)
