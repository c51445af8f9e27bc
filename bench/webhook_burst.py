"""Throughput and latency of the standalone webhook receiver.

Starts ``python -m alohub_tui.webhook`` on a free loopback port with a fresh store, posts
N distinct events from C concurrent keep-alive connections (aiohttp client, in this
process), and prints events/s and latency percentiles. The receiver runs in its own
process so the client's CPU is not counted against it.

    python bench/webhook_burst.py [--events 5000] [--concurrency 20 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from alohub_tui.webhook.samples import call_payload

KEY = "bench-key"


async def burst(url: str, events: int, concurrency: int, tag: str) -> str:
    bodies = iter(call_payload(f"{tag}-{n}") for n in range(events))
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for body in bodies:
                sent = time.perf_counter()
                async with session.post(url, json=body, headers={"Authorization": KEY}) as r:
                    await r.read()
                    if r.status != 200:
                        raise RuntimeError(f"HTTP {r.status}")
                latencies.append(time.perf_counter() - sent)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000

    return (
        f"{events} events, {concurrency} concurrent: {events / elapsed:,.0f} events/s, "
        f"p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[20, 50])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process = subprocess.Popen(
            [sys.executable, "-m", "alohub_tui.webhook", "--listen", "127.0.0.1:0",
             "--db", str(Path(folder) / "events.sqlite3")],
            stdout=subprocess.PIPE, text=True, env={**os.environ, "ALOHUB_WEBHOOK_KEY": KEY},
        )
        try:
            assert process.stdout is not None
            url = process.stdout.readline().split("listening on ")[1].split()[0]
            for n, concurrency in enumerate(args.concurrency):
                print(asyncio.run(burst(url, args.events, concurrency, f"run{n}")), flush=True)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
