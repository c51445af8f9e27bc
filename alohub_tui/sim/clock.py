"""Simulated wall clock in Vietnam local time, with a speed factor.

Alohub reports times as ``YYYY-MM-DD HH:mm:ss`` in Asia/Ho_Chi_Minh local time with no
offset. Vietnam has used UTC+7 without daylight saving since 1975, so a fixed offset is
exact and needs no tz database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime

from ..timezone import VN_TZ

VN_OFFSET_S = 7 * 3600


def to_epoch(moment: datetime) -> float:
    """Epoch seconds of ``moment``; a naive datetime is taken as Vietnam local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.timestamp()


DAY = 86_400


class TimeFormatter:
    """Formats epochs as Vietnam local time, caching the per-day parts.

    Formatting is the hot spot when generating 100k history records, and
    ``datetime.strftime`` per field is several times slower than this.
    """

    def __init__(self) -> None:
        self._days: dict[int, tuple[str, str, str]] = {}

    def _day(self, local_day: int) -> tuple[str, str, str]:
        hit = self._days.get(local_day)
        if hit is None:
            d = datetime.fromtimestamp(local_day * DAY, UTC)
            hit = (d.strftime("%Y-%m-%d"), d.strftime("%Y%m%d"), d.strftime("%Y/%m/%d"))
            self._days[local_day] = hit
        return hit

    def parts(self, epoch: float) -> tuple[str, str, str]:
        """(``YYYY-MM-DD HH:mm:ss``, ``YYYYmmddHHMMSS``, ``YYYY/MM/DD``) in local time."""
        local_day, sod = divmod(int(epoch) + VN_OFFSET_S, DAY)
        dash, compact, slash = self._day(local_day)
        h, rem = divmod(sod, 3600)
        m, s = divmod(rem, 60)
        return f"{dash} {h:02d}:{m:02d}:{s:02d}", f"{compact}{h:02d}{m:02d}{s:02d}", slash

    def text(self, epoch: float) -> str:
        """``YYYY-MM-DD HH:mm:ss`` in Vietnam local time (the vendor's response format)."""
        return self.parts(epoch)[0]


def local_midnight(epoch: float) -> int:
    """Epoch of the Vietnam-local midnight that starts the day containing ``epoch``."""
    return (int(epoch) + VN_OFFSET_S) // DAY * DAY - VN_OFFSET_S


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
