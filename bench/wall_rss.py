"""Memory of ``alohub-tui --wall`` while it receives many webhook events.

The wall runs on a 160x48 pty (every counter, column and the latest calls show) with
private folders and a config whose ``[webhook] listen`` is a free loopback port, its key
in ``ALOHUB_WEBHOOK_KEY``: the receiver runs inside the wall's process and stores every
event durably (SQLite, synchronous=FULL) before answering. This process posts N events
of realistic call lifecycles of today (:func:`bench.load.call_lifecycles`: ringing,
answered, ended / missed) from 20 connections at most 2,000 a second, and reads the
wall process's RSS (``/proc/PID/statm``) every N/20 answered events. Figures: the peak
RSS, and the growth over the second half (RSS at the end minus RSS at half way).
Baseline: RSS of the wall at start (first frame, 3 s settled), before any event.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, Result, Target, free_port, rss_bytes, tui_env
from bench.load import call_lifecycles, paced_post
from bench.pty_term import PtyProcess

WALL = [sys.executable, "-m", "alohub_tui", "--wall"]
HOOK_KEY = "bench-hook-key"
MAX_RATE = 2000.0
CONCURRENCY = 20
SAMPLES = 20
MB = 1024 * 1024


def run(quick: bool = False, *, events: int | None = None) -> list[Result]:
    count = events or (20_000 if quick else 100_000)
    every = max(1, count // SAMPLES)
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        env = tui_env(Path(folder), config=f'[webhook]\nlisten = "127.0.0.1:{port}"\n',
                      ALOHUB_WEBHOOK_KEY=HOOK_KEY)
        with PtyProcess(WALL, env, cols=160, rows=48, cwd=str(ROOT)) as term:
            term.wait_for("Answered", timeout=30)
            time.sleep(3.0)
            pid = term.process.pid
            start = rss_bytes(pid)
            samples: list[tuple[int, int]] = [(0, start)]

            def sample(done: int) -> None:
                if done % every == 0:
                    samples.append((done, rss_bytes(pid)))

            stats = asyncio.run(asyncio.wait_for(paced_post(
                f"http://127.0.0.1:{port}/alohub/webhook", call_lifecycles(count, "wall"),
                rate=MAX_RATE, concurrency=CONCURRENCY, on_each=sample,
                headers={"Authorization": HOOK_KEY}), timeout=900))
            time.sleep(3.0)  # the wall applies the last batch and refreshes its stats
            samples.append((stats.count, rss_bytes(pid)))
    peak = max(rss for _, rss in samples)
    half = min(samples, key=lambda s: abs(s[0] - stats.count / 2))[1]
    growth = samples[-1][1] - half
    label = f"wall mode, 160x48 pty, {stats.count:,} webhook events"
    trail = ", ".join(f"{rss / MB:.0f}" for _, rss in samples[:: max(1, len(samples) // 10)])
    return [
        Result(f"{label}: peak RSS; {stats.rate:,.0f} events/s, p99 answer "
               f"{stats.ms(0.99):.0f} ms; RSS MB every ~{count // 10:,} events: {trail}",
               peak / MB, "MB", Target(150), start / MB, "wall at start, no events"),
        Result(f"{label}: RSS growth over the 2nd half; end {samples[-1][1] / MB:.0f} MB",
               growth / MB, "MB", Target(8)),
    ]
