"""The standalone receiver (``python -m alohub_tui.webhook``) under a burst of events.

The receiver runs in its own process, as ``alohub-tui webhook`` would, so the clients'
CPU does not count against it and the CLI's start-up and Ctrl-C are exercised too.
"""

from __future__ import annotations

import asyncio
import json
import operator
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from alohub_tui.webhook.samples import call_payload

KEY = "burst-key-77e1"
MORNING = datetime(2024, 1, 13, 8)
CALLS = 2250  # x (answer, end) = 4,500 distinct events, + 500 repeats = 5,000 posts
REPEATS = 500
WORKERS = 50


class Standalone:
    def __init__(self, process: subprocess.Popen[str], url: str, db: Path) -> None:
        self.process, self.url, self.db = process, url, db


@pytest.fixture
def standalone(tmp_path: Path) -> Iterator[Standalone]:
    db = tmp_path / "store" / "events.sqlite3"
    env = {**os.environ, "BURST_KEY": KEY}
    process = subprocess.Popen(
        [sys.executable, "-m", "alohub_tui.webhook", "--listen", "127.0.0.1:0",
         "--db", str(db), "--key-env", "BURST_KEY"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        assert "listening on http://127.0.0.1:" in first, first + process.stderr.read()
        yield Standalone(process, first.split("listening on ")[1].split()[0], db)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            raise


async def _post_all(url: str, posts: list[dict[str, Any]]) -> tuple[list[int], list[float]]:
    statuses: list[int] = []
    latencies: list[float] = []
    work = iter(posts)

    async def worker() -> None:
        # One client per worker: one httpx pool shared by 50 tasks is itself the
        # bottleneck (under 100 requests/s on a small machine).
        async with httpx.AsyncClient(timeout=10, verify=False) as client:
            for body in work:
                sent = time.perf_counter()
                response = await client.post(url, json=body, headers={"Authorization": KEY})
                latencies.append(time.perf_counter() - sent)
                statuses.append(response.status_code)

    await asyncio.gather(*(worker() for _ in range(WORKERS)))
    return statuses, latencies


async def test_burst_of_5000_events_all_stored_once(
    standalone: Standalone, capsys: pytest.CaptureFixture[str]
) -> None:
    rnd = random.Random(6)
    unique = [
        call_payload(f"burst-{n}", step, start=MORNING + timedelta(seconds=7 * n))
        for n in range(CALLS)
        for step in ("answered", "ended")
    ]
    posts = unique + rnd.sample(unique, REPEATS)
    rnd.shuffle(posts)  # many ends now arrive before their answer

    began = time.perf_counter()
    statuses, latencies = await _post_all(standalone.url, posts)
    elapsed = time.perf_counter() - began

    assert statuses == [200] * len(posts)
    conn = sqlite3.connect(standalone.db)
    try:
        stored = [json.loads(raw) for (raw,) in conn.execute("SELECT raw FROM events")]
        calls, ended = conn.execute("SELECT COUNT(*), TOTAL(final) FROM calls").fetchone()
    finally:
        conn.close()
    key = operator.itemgetter("call_id", "call_status", "endtime")
    assert len(stored) == 2 * CALLS  # none lost, none twice
    assert {key(post) for post in stored} == {key(post) for post in unique}
    assert calls == ended == CALLS  # every call ended, whatever order its events came in

    health = httpx.get(standalone.url.replace("alohub/webhook", "health")).json()
    assert health == {"ok": True, "events": 2 * CALLS}

    standalone.process.send_signal(signal.SIGINT)
    out, err = standalone.process.communicate(timeout=10)
    assert standalone.process.returncode == 0, err
    assert "stopped" in out and KEY not in out + err

    latencies.sort()
    p99_ms = latencies[int(len(latencies) * 0.99)] * 1000
    with capsys.disabled():
        print(f"\nwebhook burst: {len(posts) / elapsed:.0f} events/s, p99 {p99_ms:.1f} ms "
              f"({WORKERS} httpx clients in one process)")


def test_refuses_to_start_without_a_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ALOHUB_WEBHOOK_KEY"}
    done = subprocess.run(
        [sys.executable, "-m", "alohub_tui.webhook", "--db", str(tmp_path / "e.sqlite3")],
        capture_output=True, text=True, env=env, timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "alohub-tui webhook: no webhook key: set the environment variable ALOHUB_WEBHOOK_KEY"
    ]
    assert not (tmp_path / "e.sqlite3").exists()
