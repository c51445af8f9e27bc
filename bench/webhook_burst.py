"""Throughput and latency of the standalone webhook receiver (durable, synchronous=FULL).

Starts ``python -m alohub_tui.webhook`` on a free loopback port with a fresh store, posts
N distinct events from C concurrent keep-alive connections (:mod:`bench.load`, in this
process), and reports events/s and latency percentiles. The receiver runs in its own
process so the client's CPU is not counted against it. Baseline: the same client against
a trivial aiohttp JSON endpoint (no store, no fsync).

    python -m bench.webhook_burst [--events 5000] [--concurrency 20 50]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alohub_tui.webhook.samples import call_payload
from bench.common import Result, Target, child_env, child_server, trivial_argv
from bench.load import LoadStats, run_post_all

KEY = "bench-key"
CONCURRENCY = 20
READY = "listening on"


def _events(count: int, tag: str) -> Iterator[dict[str, Any]]:
    return (call_payload(f"{tag}-{n}") for n in range(count))


def burst_receiver(events: int, concurrency: int, tag: str = "run") -> LoadStats:
    """Post ``events`` distinct events to a fresh receiver process."""
    import sys

    with tempfile.TemporaryDirectory() as folder:
        argv = [sys.executable, "-m", "alohub_tui.webhook", "--listen", "127.0.0.1:0",
                "--db", str(Path(folder) / "events.sqlite3")]
        with child_server(argv, READY, env=child_env(ALOHUB_WEBHOOK_KEY=KEY)) as receiver:
            url = receiver.field(READY)
            return run_post_all(url, _events(events, tag), concurrency=concurrency,
                                headers={"Authorization": KEY})


def burst_trivial(events: int, concurrency: int) -> LoadStats:
    """The same posts to the trivial endpoint."""
    with child_server(trivial_argv(), READY) as server:
        return run_post_all(server.field(READY), _events(events, "base"),
                            concurrency=concurrency)


def run(quick: bool = False, *, events: int | None = None) -> list[Result]:
    count = events or (2000 if quick else 5000)
    repeats = 1 if quick else 3
    base = burst_trivial(count, CONCURRENCY)
    # fsync time on this shared disk varies run to run: keep the median burst (by rate).
    runs = sorted((burst_receiver(count, CONCURRENCY, f"run{n}") for n in range(repeats)),
                  key=lambda stats: stats.rate)
    stats = runs[len(runs) // 2]
    label = (f"webhook receiver, durable ({count:,} events, {CONCURRENCY} conns, "
             f"median of {repeats} bursts)")
    return [
        Result(f"{label}: rate", stats.rate, "events/s", Target(1000, at_most=False),
               base.rate, "trivial aiohttp endpoint"),
        Result(f"{label}: p99 answer", stats.ms(0.99), "ms", Target(50),
               base.ms(0.99), "trivial aiohttp endpoint"),
    ]


def describe(stats: LoadStats, concurrency: int) -> str:
    return (
        f"{stats.count} events, {concurrency} concurrent: {stats.rate:,.0f} events/s, "
        f"p50 {stats.ms(0.5):.1f} ms, p99 {stats.ms(0.99):.1f} ms, "
        f"max {stats.ms(1.0):.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[20, 50])
    args = parser.parse_args()
    for n, concurrency in enumerate(args.concurrency):
        print(describe(burst_receiver(args.events, concurrency, f"run{n}"), concurrency),
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
