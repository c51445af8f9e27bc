"""What a wall costs: idle, under 200 events/s in both modes, and event to screen.

The wall (``python -m alohub_tui --wall``) runs on a real pty with private folders, on
a store prefilled with a day of calls (:data:`PREFILL_CALLS`), in either mode:

- *receiving*: ``[webhook] listen`` on a free loopback port, its key set: the receiver
  runs inside the wall's process;
- *store*: ``alohub-tui webhook`` in a process of its own writes the store the wall
  reads (the wall wakes on the store file's changes).

Idle (no events for :data:`IDLE_S` seconds, both modes side by side, on the overview
at 80x24): the wall's CPU time (``/proc/PID/stat``, all threads) over the window, as %
of one core, and the bytes it wrote to the terminal per second (escapes included).
Baseline: :mod:`bench.bare_clock`, a bare Textual app redrawing a clock and a "last
event" age every second, on the same pty.

Load (160x48, the missed-calls page shown): 200 webhook events/s of call lifecycles
(:func:`bench.load.call_lifecycles`) for :data:`LOAD_S` seconds from a forked child
process, once all answered ("answered" mix), once all missed ("missed" mix). The wall's
CPU over the window as % of a core; baseline: the standalone receiver's own CPU in the
same window (store mode), i.e. what storing the events costs. Meanwhile, every 0.5 s,
the bench posts a marker call (ringing, then missed, inbound, a unique customer number)
and times from the moment the missed post is answered to the moment that number reaches
the pty: event to screen, p95 (p50 and max in the notes). Baseline: the same markers
with no load, first.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from alohub_tui import paths
from bench.common import (
    ROOT,
    Result,
    Target,
    cpu_seconds,
    free_port,
    percentile,
    stop_process,
    tui_env,
)
from bench.load import BackgroundLoad, call_lifecycles, paced_post
from bench.pty_term import PtyProcess

WALL = [sys.executable, "-m", "alohub_tui", "--wall"]
BARE = [sys.executable, "-m", "bench.bare_clock"]
HOOK_KEY = "bench-hook-key"
PATH = "/alohub/webhook"
RATE = 200.0
MARKER_EVERY_S = 0.5
PREFILL_CALLS = 3000
_numbers = itertools.count(1)  # every marker's customer number is new


@dataclass
class Wall:
    """A wall on a pty, and the receiver it reads from when it is a separate process."""

    term: PtyProcess
    port: int
    receiver: subprocess.Popen[str] | None

    @property
    def pid(self) -> int:
        return self.term.process.pid


def prefill(db: Path, calls: int) -> None:
    """A day of calls in the store, written as a receiver would (group commit)."""
    from alohub_tui.webhook.events import CallEvent
    from alohub_tui.webhook.store import EventStore

    with EventStore(db) as store:
        futures = [store.submit(CallEvent.parse(p))
                   for p in call_lifecycles(calls * 11 // 4, "prefill")]
        for future in futures:
            future.result(60)


@contextlib.contextmanager
def running_wall(folder: Path, mode: str, *, cols: int, rows: int, pages: str,
                 calls: int) -> Iterator[Wall]:
    port = free_port()
    config = f'[profile]\nname = "bench"\n[wall]\npages = {pages}\n'
    env = tui_env(folder, config=config)
    db = paths.profile_dir("bench", env) / "events.sqlite3"  # the profile's store
    db.parent.mkdir(parents=True, exist_ok=True)
    prefill(db, calls)
    receiver = None
    if mode == "receiving":
        config += f'[webhook]\nlisten = "127.0.0.1:{port}"\n'
        env = tui_env(folder, config=config, ALOHUB_WEBHOOK_KEY=HOOK_KEY)
    else:
        receiver = subprocess.Popen(
            [sys.executable, "-m", "alohub_tui", "webhook", "--listen", f"127.0.0.1:{port}",
             "--db", str(db)], env={**env, "ALOHUB_WEBHOOK_KEY": HOOK_KEY},
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        assert receiver.stdout is not None
        if "listening" not in receiver.stdout.readline():
            raise RuntimeError("the standalone receiver did not start")
    try:
        with PtyProcess(WALL, env, cols=cols, rows=rows, cwd=str(ROOT)) as term:
            term.wait_for("acknowledge", timeout=60)
            yield Wall(term, port, receiver)
    finally:
        if receiver is not None:
            stop_process(receiver)


def _post(conn: http.client.HTTPConnection, payload: dict[str, object]) -> None:
    conn.request("POST", PATH, body=json.dumps(payload),
                 headers={"Authorization": HOOK_KEY, "Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"marker post: HTTP {response.status}")


def markers(wall: Wall, seconds: float, tag: str) -> tuple[list[float], int]:
    """Post a marker missed call every 0.5 s for ``seconds``; event-to-screen times (s)
    and how many never showed within 5 s."""
    from datetime import timedelta

    from alohub_tui.vntime import now_vn
    from alohub_tui.webhook.samples import call_payload

    conn = http.client.HTTPConnection("127.0.0.1", wall.port, timeout=10)
    times: list[float] = []
    lost = 0
    deadline = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < deadline:
        n += 1
        number = f"0999{next(_numbers):06d}"
        start = now_vn().replace(tzinfo=None) - timedelta(seconds=30)
        common = {"start": start, "ring": 25, "direction": "inbound", "agent": "marker",
                  "caller_number": number, "destination_number": "19006688"}
        _post(conn, call_payload(f"marker-{tag}-{n}", "ringing", **common))
        mark = wall.term.mark()
        _post(conn, call_payload(f"marker-{tag}-{n}", "missed", **common))
        answered = time.perf_counter()
        try:
            times.append(wall.term.wait_for(number, since=mark, timeout=5) - answered)
        except TimeoutError:
            lost += 1
        time.sleep(max(0.0, MARKER_EVERY_S - (time.perf_counter() - answered)))
    conn.close()
    return times, lost


def _loaded(port: int, seconds: float, missed_every: int, tag: str) -> BackgroundLoad:
    count = int(RATE * (seconds + 30))

    async def job(stop: object) -> float:
        stats = await paced_post(f"http://127.0.0.1:{port}{PATH}",
                                 call_lifecycles(count, tag, missed_every=missed_every),
                                 rate=RATE, concurrency=20, stop=stop,  # type: ignore[arg-type]
                                 headers={"Authorization": HOOK_KEY})
        return stats.rate

    return BackgroundLoad(job, max_seconds=seconds + 120)


def _ms(values: list[float], p: float) -> float:
    return percentile(values, p) * 1000


# ---------------------------------------------------------------- idle


def _idle(quick: bool) -> list[Result]:
    seconds = 30.0 if quick else 300.0
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b, \
            tempfile.TemporaryDirectory() as c:
        pages = '["overview", "agents", "missed"]'
        calls = 1000 if quick else PREFILL_CALLS
        with running_wall(Path(a), "receiving", cols=80, rows=24, pages=pages,
                          calls=calls) as receiving, \
                running_wall(Path(b), "store", cols=80, rows=24, pages=pages,
                             calls=calls) as store, \
                PtyProcess(BARE, tui_env(Path(c)), cols=80, rows=24, cwd=str(ROOT)) as bare:
            bare.wait_for("bare clock", timeout=30)
            time.sleep(5.0)  # settled: first reads done, backfill runs recorded
            terms = {"receiving": receiving.term, "store": store.term, "bare": bare}
            before = {k: (cpu_seconds(t.process.pid), t.raw_bytes) for k, t in terms.items()}
            began = time.perf_counter()
            time.sleep(seconds)
            elapsed = time.perf_counter() - began
            after = {k: (cpu_seconds(t.process.pid), t.raw_bytes) for k, t in terms.items()}
    cpu = {k: (after[k][0] - before[k][0]) / elapsed * 100 for k in terms}
    rate = {k: (after[k][1] - before[k][1]) / elapsed for k in terms}
    results = []
    for mode in ("receiving", "store"):
        what = (f"wall idle, {mode} mode, 80x24 overview, {elapsed:.0f} s without events "
                f"(store of {calls:,} calls)")
        results.append(Result(f"{what}: CPU", cpu[mode], "% of a core", Target(1.0),
                              cpu["bare"], "bare Textual clock + age, same pty"))
        results.append(Result(f"{what}: bytes written to the terminal", rate[mode], "B/s",
                              Target(300.0), rate["bare"],
                              "bare Textual clock + age, same pty"))
    return results


# ---------------------------------------------------------------- load


def _load(mode: str, quick: bool, receiver_cpu: dict[str, float]) -> list[Result]:
    seconds = 20.0 if quick else 120.0
    calls = 1000 if quick else PREFILL_CALLS
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder, running_wall(
            Path(folder), mode, cols=160, rows=48, pages='["missed", "overview", "agents"]',
            calls=calls) as wall:
        time.sleep(3.0)
        idle_times, idle_lost = markers(wall, 5.0 if quick else 15.0, f"{mode}-idle")
        for mix, missed_every in (("answered", 0), ("missed", 1)):
            load = _loaded(wall.port, seconds, missed_every, f"{mode}-{mix}")
            time.sleep(3.0)  # up to rate
            cpu0 = cpu_seconds(wall.pid)
            rcv0 = cpu_seconds(wall.receiver.pid) if wall.receiver else 0.0
            began = time.perf_counter()
            times, lost = markers(wall, seconds, f"{mode}-{mix}")
            elapsed = time.perf_counter() - began
            cpu = (cpu_seconds(wall.pid) - cpu0) / elapsed * 100
            if wall.receiver is not None:
                receiver_cpu[mix] = (cpu_seconds(wall.receiver.pid) - rcv0) / elapsed * 100
            (achieved,) = load.stop()
            label = (f"wall under {RATE:.0f} events/s ({mix} calls), {mode} mode, 160x48 "
                     f"missed-calls page, {elapsed:.0f} s")
            note = f"load {achieved:,.0f} events/s"
            base = receiver_cpu.get(mix)
            results.append(Result(
                f"{label}: CPU; {note}", cpu, "% of a core", Target(30.0), base,
                "alohub-tui webhook alone, storing the same events" if base is not None
                else ""))
            results.append(Result(
                f"{label}: event to screen p95 (POST answered -> number on the pty); "
                f"p50 {_ms(times, 0.5):.0f} ms, max {_ms(times, 1.0):.0f} ms, "
                f"{len(times)} markers, {lost} not shown in 5 s; {note}",
                _ms(times, 0.95) if not lost else 5000.0, "ms", Target(150.0),
                _ms(idle_times, 0.95),
                f"same markers, no load; p50 {_ms(idle_times, 0.5):.0f} ms"
                + (f", {idle_lost} lost" if idle_lost else "")))
    return results


def run(quick: bool = False) -> list[Result]:
    receiver_cpu: dict[str, float] = {}
    results = _idle(quick)
    results += _load("store", quick, receiver_cpu)
    results += _load("receiving", quick, receiver_cpu)
    return results
