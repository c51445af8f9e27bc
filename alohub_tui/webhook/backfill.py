"""Fill today's gaps (the times no receiver was up) from searchCallV2.

A receiver runs :meth:`Backfill.run_forever` beside itself: on start, then every
``every_s`` seconds, it works out today's gaps from the recorded runs (uptime.py),
searches each gap not yet covered (paged), stores what it finds in ``searched_calls``
and records the run, failed or not, in ``backfill_runs`` (searched.py). Readers merge
the found calls with the events field by field, the events winning (``with_search``).

A gap counts as *covered* once a search that worked started at least
:data:`SETTLE_S` after the gap ended (calls that ended just before may take a moment
to appear in the search); a gap searched earlier is searched once more later.

Which calls: those that started in the gap or in the :data:`LOOKBACK_S` before it (a
call that began while the receiver was up and ended while it was down lost its end
post). Every call found is stored: a call the events already know changes nothing
the events said.

Without an API key (a receiver given none) each gap is recorded as "not backfilled: no
API key", so the wall can say its numbers may be incomplete instead of failing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..api.errors import AlohubError, one_line
from ..api.models import MAX_LIMIT, CallRecord, SearchCriteria
from ..vntime import VN_TZ, local_midnight
from .searched import BackfillRun, SearchedCalls
from .uptime import Span, UptimeLog, gaps

if TYPE_CHECKING:
    from ..api.client import AlohubClient

log = logging.getLogger(__name__)

DEFAULT_EVERY_S = 300.0
SETTLE_S = 60.0
LOOKBACK_S = 3600.0
MAX_PAGES = 200  # x MAX_LIMIT records per gap at most
NO_KEY = "not backfilled: no API key"

ClientFactory = Callable[[], "AlohubClient"]


def _local(unix: float) -> datetime:
    return datetime.fromtimestamp(unix, VN_TZ).replace(tzinfo=None)


def covered(gap: Span, runs: Sequence[BackfillRun]) -> bool:
    """A search that worked covered the whole gap and started after it had settled."""
    return any(run.ok and run.gap_start <= gap.start and run.gap_end >= gap.end
               and run.started_at >= gap.end + SETTLE_S for run in runs)


def failure_text(exc: BaseException) -> str:
    """One line for a failed search (never the key: the client scrubs its errors)."""
    if isinstance(exc, AlohubError):
        return f"backfill failed: {exc.message}"
    if isinstance(exc, OSError):
        return f"backfill failed: {exc.strerror or exc}"
    return f"backfill failed: {type(exc).__name__}: {one_line(exc)}"


class Backfill:
    """Searches the gaps of the event store at ``path``; see the module docstring.

    ``client`` makes an :class:`AlohubClient` for one round (closed after it); None when
    this receiver has no API key.
    """

    def __init__(self, path: Path, client: ClientFactory | None, *,
                 every_s: float = DEFAULT_EVERY_S,
                 clock: Callable[[], float] = time.time) -> None:
        self.uptime = UptimeLog(path)
        self.searched = SearchedCalls(path)
        self.client = client
        self.every_s = every_s
        self.clock = clock

    def open_gaps(self, now: float) -> list[Span]:
        """Today's gaps not yet covered (blocking: SQLite)."""
        midnight = local_midnight(datetime.fromtimestamp(now, VN_TZ)).replace(tzinfo=VN_TZ)
        start = midnight.timestamp()
        runs = self.searched.runs(start)
        return [gap for gap in gaps(self.uptime.runs(start, now), start, now)
                if not covered(gap, runs)]

    async def run_once(self) -> list[BackfillRun]:
        """Search every open gap once; returns the runs recorded. Never raises (but
        cancellation)."""
        now = self.clock()
        try:
            todo = await asyncio.to_thread(self.open_gaps, now)
        except Exception as exc:  # the store itself failed: nothing to record it in
            log.warning("backfill: cannot read the receiver's runs: %s", exc)
            return []
        done: list[BackfillRun] = []
        if not todo:
            return done
        if self.client is None:
            for gap in todo:
                done.append(BackfillRun(gap.start, gap.end, now, now, False, 0, NO_KEY))
        else:
            async with self.client() as client:
                for gap in todo:
                    done.append(await self._search(client, gap))
        try:
            await asyncio.to_thread(self._record, done)
        except Exception as exc:
            log.warning("backfill: cannot record the runs: %s", exc)
        return done

    def _record(self, runs: Sequence[BackfillRun]) -> None:
        for run in runs:
            self.searched.record_run(run)

    async def _search(self, client: AlohubClient, gap: Span) -> BackfillRun:
        began = self.clock()
        criteria = SearchCriteria(start=_local(gap.start - LOOKBACK_S), end=_local(gap.end),
                                  limit=MAX_LIMIT)
        records: list[CallRecord] = []
        try:
            async for record in client.iter_calls(criteria, max_pages=MAX_PAGES):
                records.append(record)
            await asyncio.to_thread(self.searched.put, records, self.clock())
        except Exception as exc:
            log.warning("backfill of %s-%s failed: %s", _local(gap.start), _local(gap.end),
                        exc)
            return BackfillRun(gap.start, gap.end, began, self.clock(), False, 0,
                               failure_text(exc))
        log.info("backfill of %s-%s: %d calls", _local(gap.start), _local(gap.end),
                 len(records))
        return BackfillRun(gap.start, gap.end, began, self.clock(), True, len(records), "")

    async def open(self) -> None:
        """Open the store's side tables now (a first read of the runs), so that a receiver
        holds every file it needs before it says it listens: once descriptors run out, a
        lazy open would take the ones accepting connections needs. Never raises."""
        try:
            await asyncio.to_thread(self.open_gaps, self.clock())
        except Exception as exc:
            log.warning("backfill: cannot read the receiver's runs: %s", exc)

    async def run_forever(self, sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                          ) -> None:
        """:meth:`run_once` now and every ``every_s`` seconds, until cancelled."""
        while True:
            await self.run_once()
            await sleep(self.every_s)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.uptime.close()
            self.searched.close()
