"""A closed-loop HTTP load generator: C keep-alive connections posting JSON bodies.

Used by the simulator and webhook benchmarks against their servers and against the
trivial baseline server, so both sides of a ratio are measured with the same client.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
                sent = time.perf_counter()
                async with session.post(url, json=body) as response:
                    await response.read()
                    if response.status != 200:
                        raise RuntimeError(f"{url}: HTTP {response.status}")
                latencies.append(time.perf_counter() - sent)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return LoadStats(len(latencies), elapsed, latencies)


def run_post_all(url: str, bodies: Iterable[Any], *, concurrency: int,
                 headers: Mapping[str, str] | None = None) -> LoadStats:
    """:func:`post_all` on a fresh event loop."""
    return asyncio.run(post_all(url, bodies, concurrency=concurrency, headers=headers))
