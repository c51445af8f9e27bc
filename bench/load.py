"""A closed-loop HTTP load generator: C keep-alive connections posting JSON bodies.

Used by the simulator and webhook benchmarks against their servers and against the
trivial baseline server, so both sides of a ratio are measured with the same client.
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import time
import traceback
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp

from bench.common import percentile


@dataclass(frozen=True)
class LoadStats:
    """Requests completed, wall time, and each request's latency in seconds."""

    count: int
    elapsed: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def ms(self, p: float) -> float:
        return percentile(self.latencies, p) * 1000



async def _post_timed(
    session: aiohttp.ClientSession, url: str, body: object, latencies: list[float]
) -> None:
    """POST ``body``; record the answer time; anything but a 200 fails the benchmark."""
    sent = time.perf_counter()
    async with session.post(url, json=body) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
    latencies.append(time.perf_counter() - sent)

async def post_all(
    url: str, bodies: Iterable[Any], *, concurrency: int,
    headers: Mapping[str, str] | None = None,
) -> LoadStats:
    """POST every body (JSON) from ``concurrency`` workers; any non-200 raises."""
    work = iter(bodies)
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:

        async def worker() -> None:
            for body in work:
                await _post_timed(session, url, body, latencies)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return LoadStats(len(latencies), elapsed, latencies)


def run_post_all(url: str, bodies: Iterable[Any], *, concurrency: int,
                 headers: Mapping[str, str] | None = None) -> LoadStats:
    """:func:`post_all` on a fresh event loop."""
    return asyncio.run(post_all(url, bodies, concurrency=concurrency, headers=headers))


async def paced_post(
    url: str, bodies: Iterable[Any], *, rate: float, concurrency: int,
    headers: Mapping[str, str] | None = None, stop: asyncio.Event | None = None,
    on_each: Callable[[int], None] | None = None,
) -> LoadStats:
    """POST the bodies at most ``rate`` a second (an open schedule: body n is due at
    ``n / rate`` s) from ``concurrency`` connections, until they run out or ``stop`` is
    set. ``on_each(count)`` runs after every answer; any non-200 raises."""
    work = enumerate(bodies)
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=concurrency)
    began = time.perf_counter()
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:

        async def worker() -> None:
            for n, body in work:
                delay = began + n / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                if stop is not None and stop.is_set():
                    return
                await _post_timed(session, url, body, latencies)
                if on_each is not None:
                    on_each(len(latencies))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return LoadStats(len(latencies), time.perf_counter() - began, latencies)


async def repeat_post(
    url: str, body: Any, *, concurrency: int, stop: asyncio.Event,
    headers: Mapping[str, str] | None = None,
) -> LoadStats:
    """Keep ``concurrency`` identical POSTs in flight until ``stop`` is set."""
    return await post_all(url, iter(lambda: body if not stop.is_set() else None, None),
                          concurrency=concurrency, headers=headers)


class BackgroundLoad:
    """Load coroutines on their own event loop in a forked child process.

    Not a thread of the measuring process: a pty benchmark stamps each output chunk in
    a reader thread, and a load thread in the same interpreter (aiohttp posting 200
    events/s, reading 18 search answers at a time) held the GIL often enough to delay
    those stamps by 5-30 ms, which was then counted as the app's latency. ``stop()``
    ends the jobs (each gets the stop event) and returns their results; every job is
    also cancelled after ``max_seconds``.
    """

    def __init__(self, *jobs: Callable[[asyncio.Event], Awaitable[Any]],
                 max_seconds: float = 300.0) -> None:
        context = multiprocessing.get_context("fork")  # the jobs are closures: no pickling
        self._max = max_seconds
        self._stop = context.Event()
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_load, name="bench-load", daemon=True,
                                        args=(jobs, max_seconds, self._stop, sender))
        self._process.start()
        sender.close()

    def stop(self) -> list[Any]:
        """Set the stop event, wait for the jobs, re-raise what failed; their results."""
        self._stop.set()
        try:
            if not self._results.poll(self._max + 10):
                raise TimeoutError("the load process did not report")
            failed, payload = self._results.recv()
        except EOFError:
            failed, payload = True, "the load process ended without a result"
        finally:
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.kill()
        if failed:
            raise RuntimeError(f"load failed: {payload}")
        return list(payload)


def _run_load(jobs: tuple[Callable[[asyncio.Event], Awaitable[Any]], ...], max_seconds: float,
              stop: Any, sender: Any) -> None:
    """The child process: run ``jobs`` until ``stop`` is set; send (failed, results)."""
    async def everything() -> list[Any]:
        stopping = asyncio.Event()

        async def watch() -> None:
            while not stop.is_set():
                await asyncio.sleep(0.05)
            stopping.set()

        watcher = asyncio.create_task(watch())
        try:
            return list(await asyncio.wait_for(
                asyncio.gather(*(job(stopping) for job in jobs)), max_seconds))
        finally:
            watcher.cancel()

    try:
        sender.send((False, asyncio.run(everything())))
    except BaseException:  # handed to the measuring process as text (it may not pickle)
        sender.send((True, traceback.format_exc()))
    finally:
        sender.close()


def call_lifecycles(count: int, tag: str, *, agents: int = 20,
                    missed_every: int = 4) -> Iterator[dict[str, Any]]:
    """``count`` webhook posts of realistic calls of today (Vietnam time), in order:
    every ``missed_every``-th call rings and is missed (1: all of them, 0: none), the
    others ring, are answered and end. Half of them inbound. Distinct call ids,
    customers cycling over 5,000 numbers, ``agents`` agents."""
    from alohub_tui.vntime import now_vn
    from alohub_tui.webhook.samples import call_payload

    now = now_vn().replace(tzinfo=None)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    sent = 0
    for n in itertools.count():
        start = max(midnight, now - timedelta(seconds=(count - sent) // 3))
        missed = missed_every > 0 and n % missed_every == missed_every - 1
        steps = ("ringing", "missed") if missed else ("ringing", "answered", "ended")
        common = {"start": start, "ring": 3 + n % 20, "talk": 20 + n % 200,
                  "agent": f"agent{n % agents}", "caller_number": f"09{n % 5000:08d}",
                  "direction": "inbound" if n % 2 else "outbound"}
        for step in steps:
            if sent == count:
                return
            yield call_payload(f"{tag}-{n}", step, **common)
            sent += 1
