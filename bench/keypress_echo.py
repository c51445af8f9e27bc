"""Keypress echo in the Dial input, typed on a real pty, while the app is under load.

The app (``python -m alohub_tui``, 80x24 pty, private folders, ``[webhook] listen`` on a
free loopback port with its key set, so the Live receiver runs in the app) talks to
:mod:`bench.load_sim`: every search is slow (1.5 s) and every recording is a 10 MB file
served at ~640 KB/s. With keys, as a user would: F3, Ctrl+R (a search), Down to the
first answered call, ``d`` (download its 10 MB recording), ``e`` (export the search:
500-row pages, each a slow search), Ctrl+R (another slow search), F2 (back to Dial).

The app runs at most two searches at once by design (History's search group is
exclusive, a second export is refused), so the other 18 of the "20 slow searches" are
posted by the bench to the same simulator (kept in flight until the end), and 200
webhook events/s (call lifecycles) go to the app's receiver; both from a forked child
process (:class:`bench.load.BackgroundLoad`), so they do not share the GIL with the
thread that time-stamps the pty output. Then characters are typed
one at a time: the figure is the time from ``os.write`` on the pty master until the
input's new value appears in the terminal output. Baseline: the same typing in
:mod:`bench.bare_app` with no load. At the end the bench checks that the download and
the export were still running (their ``.part``/CSV files) and the loads kept their rate.
"""

from __future__ import annotations

import contextlib
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.bare_app import FIRST_SCREEN
from bench.common import (
    ROOT,
    SIM_KEY,
    Result,
    Target,
    child_server,
    free_port,
    percentile,
    tui_env,
)
from bench.load import BackgroundLoad, LoadStats, call_lifecycles, paced_post, repeat_post
from bench.load_sim import READY
from bench.pty_term import PtyProcess

APP = [sys.executable, "-m", "alohub_tui"]
BARE = [sys.executable, "-m", "bench.bare_app"]
F2, F3, CTRL_R, CTRL_U, DOWN, TAB = b"\x1bOQ", b"\x1bOR", b"\x12", b"\x15", b"\x1b[B", b"\t"
HOOK_KEY = "bench-hook-key"
EVENTS_PER_S = 200
SEARCHES = 20
APP_SEARCHES = 2  # the History search and the export's page request
PREFIX = "09"  # typed unmeasured at the start of each number, so every needle is >= 3 chars
GROUP = 8  # measured characters per number, then Ctrl+U clears the input


def type_and_time(term: PtyProcess, chars: int, seed: int = 8) -> list[float]:
    """Type ``chars`` digits one at a time (numbers of PREFIX + GROUP digits, ~70 ms
    apart); seconds from each write to its echo."""
    rng = random.Random(seed)
    echoes: list[float] = []
    while len(echoes) < chars:
        value = PREFIX
        mark = term.mark()
        term.send(PREFIX.encode())
        term.wait_for(PREFIX, since=mark, timeout=10)
        for _ in range(min(GROUP, chars - len(echoes))):
            time.sleep(0.05 + rng.random() * 0.04)
            digit = str(rng.randrange(10))
            value += digit
            mark = term.mark()
            sent = term.send(digit.encode())
            echoes.append(term.wait_for(value, since=mark, timeout=10) - sent)
        term.send(CTRL_U)
        time.sleep(0.2)
    return echoes


def bare_echo(env: dict[str, str], chars: int) -> list[float]:
    with PtyProcess(BARE, env, cols=80, rows=24, cwd=str(ROOT)) as term:
        term.wait_for(FIRST_SCREEN, timeout=30)
        term.send(TAB)  # focus moves from the tab strip to the phone input
        time.sleep(1.0)
        return type_and_time(term, chars)


def first_recording_row(base: str) -> int:
    """Row of the first call with a recording on the first page (newest first, as the
    History tab's search of today shows it)."""
    import httpx

    answer = httpx.post(f"{base}/v1.0/base/searchCallV2", json={"page": 1, "limit": 100},
                        headers={"Authorization": SIM_KEY}, timeout=30).json()
    return next(n for n, row in enumerate(answer["data"]) if row.get("recording_url"))


@contextlib.contextmanager
def loaded_app(env: dict[str, str], base: str, hook: str, events: int,
               results: list[LoadStats]) -> Iterator[PtyProcess]:
    """The app in a pty with the download, the export and its searches in flight, and the
    external searches and webhook events running (see the module docstring); the loads'
    stats land in ``results`` on exit."""
    row = first_recording_row(base)
    with PtyProcess(APP, env, cols=80, rows=24, cwd=str(ROOT)) as term:
        term.wait_for(FIRST_SCREEN, timeout=30)
        mark = term.mark()
        term.send(F3)
        term.send(CTRL_R)
        term.wait_for("Enter: detail", since=mark, timeout=30)  # the page's status line
        time.sleep(0.5)
        term.send(DOWN * row + b"d")
        time.sleep(0.5)
        term.send(b"e")
        time.sleep(0.5)
        term.send(CTRL_R)
        search = f"{base}/v1.0/base/searchCallV2"
        load = BackgroundLoad(
            lambda stop: repeat_post(search, {"page": 1, "limit": 100},
                                     concurrency=SEARCHES - APP_SEARCHES, stop=stop,
                                     headers={"Authorization": SIM_KEY}),
            lambda stop: paced_post(hook, call_lifecycles(events, "echo"),
                                    rate=EVENTS_PER_S, concurrency=10, stop=stop,
                                    headers={"Authorization": HOOK_KEY}),
            max_seconds=600,
        )
        try:
            time.sleep(1.0)
            term.send(F2)
            time.sleep(1.0)
            yield term
        finally:
            results += load.stop()


def run(quick: bool = False) -> list[Result]:
    chars = 24 if quick else 80
    argv = [sys.executable, "-m", "bench.load_sim", "--calls", "20000"]
    loads: list[LoadStats] = []
    with child_server(argv, READY, banner_lines=3) as sim, \
            tempfile.TemporaryDirectory() as folder:
        home, port, base = Path(folder), free_port(), sim.field("base URL:")
        env = tui_env(home, config=f'[webhook]\nlisten = "127.0.0.1:{port}"\n',
                      ALOHUB_BASE_URL=base, ALOHUB_API_KEY=SIM_KEY,
                      ALOHUB_WEBHOOK_KEY=HOOK_KEY)
        size = int(sim.field("recording bytes:"))
        bare = bare_echo(env, chars)
        hook = f"http://127.0.0.1:{port}/alohub/webhook"
        with loaded_app(env, base, hook, EVENTS_PER_S * 600, loads) as term:
            app = type_and_time(term, chars)
            downloads = home / "downloads"
            partial = sum(p.stat().st_size for p in downloads.glob("*.mp3.part"))
            exporting = any(downloads.glob("*.csv.part")) or any(downloads.glob("*.csv"))
    searches, events = loads
    in_flight = "in flight" if 0 < partial < size and exporting else "NOT in flight"
    notes = [
        f"p50 {percentile(app, 0.5) * 1000:.1f} ms, bare p50 "
        f"{percentile(bare, 0.5) * 1000:.1f} ms; {chars} keys",
        f"{size / 2**20:.1f} MiB download ({partial / 2**20:.1f} MiB done) and CSV export "
        f"{in_flight} at the end; 2 slow searches in the app + {searches.count} external "
        f"({SEARCHES - APP_SEARCHES} at a time); {events.rate:.0f} webhook events/s",
    ]
    return [Result(
        "keypress echo in the Dial input, pty 80x24, under load: p95",
        percentile(app, 0.95) * 1000, "ms", Target(30), percentile(bare, 0.95) * 1000,
        "bare app, no load", notes=notes,
    )]
