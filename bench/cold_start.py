"""Cold start of the TUI to its first painted frame, in a real pty, against a bare app.

Each run starts a fresh interpreter on a new 100x30 pty and times from ``Popen`` to the
moment the first frame's text (the "Dial [F2]" tab label, see :mod:`bench.bare_app`)
reaches the terminal. The two apps alternate run by run (side by side) so both see the
same machine load; the figure is the median of N runs each, the target a ratio.

The ratio judged is the median of the N run-by-run ratios (app run i / bare run i,
started about a second apart), not median(app) / median(bare): this host switches
between a fast and a slow spell (first frames of ~340 ms and ~530 ms for the same app)
within a run, and where the switch falls skewed the ratio of medians from 0.84x to
1.36x for the same code. Both are printed.

The real app runs as ``python -m alohub_tui`` pointed at a simulator process (so it
has a base URL and key) with empty temporary config/state/data folders. Both apps run
from this checkout, so their modules are byte-compiled first, as ``pip install`` does
for an installed copy (this machine sets PYTHONDONTWRITEBYTECODE, and compiling ~110
modules from source at every start is not what a user's start-up costs).
"""

from __future__ import annotations

import compileall
import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.bare_app import FIRST_SCREEN
from bench.common import ROOT, SIM_KEY, Result, Target, median, running_sim, tui_env
from bench.pty_term import PtyProcess

APP = [sys.executable, "-m", "alohub_tui"]
F3 = b"\x1bOR"
HISTORY_PAGE = "page 1 of"  # History's status line once today's first page is drawn
BARE = [sys.executable, "-m", "bench.bare_app"]


@contextlib.contextmanager
def app_env(calls: int = 3000, **extra: str) -> Iterator[dict[str, str]]:
    """Environment for ``alohub-tui`` in a pty: a sim process, private empty folders."""
    with running_sim(calls) as base, tempfile.TemporaryDirectory() as folder:
        yield tui_env(Path(folder), ALOHUB_BASE_URL=base, ALOHUB_API_KEY=SIM_KEY, **extra)


def first_frame(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from start to the first frame's text on the pty."""
    with PtyProcess(argv, env, cwd=str(ROOT)) as term:
        return term.wait_for(FIRST_SCREEN, timeout=30) - term.started


def history_after_first_frame(env: dict[str, str]) -> float:
    """Seconds from the app's first frame to History's first page, F3 pressed at once.

    The app builds History, Agents and Live after its first frame; this shows what
    that costs a user who wants History straight away (it includes one search).
    """
    with PtyProcess(APP, env, cwd=str(ROOT)) as term:
        shown = term.wait_for(FIRST_SCREEN, timeout=30)
        since = term.mark()
        term.send(F3)
        return term.wait_for(HISTORY_PAGE, since=since, timeout=30) - shown


def run(quick: bool = False, *, runs: int | None = None) -> list[Result]:
    count = runs or (3 if quick else 7)
    app: list[float] = []
    bare: list[float] = []
    history: list[float] = []
    for package in ("alohub_tui", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)
    with app_env() as env:
        first_frame(BARE, env)  # warm the OS file cache for both
        first_frame(APP, env)
        for _ in range(count):
            bare.append(first_frame(BARE, env))
            app.append(first_frame(APP, env))
        for _ in range(count):
            history.append(history_after_first_frame(env))
    paired = median([a / b for a, b in zip(app, bare, strict=True)])
    return [
        Result(
            f"cold start to first frame, pty (median of {count})", median(app) * 1000, "ms",
            Target(1.3, on="ratio"), median(bare) * 1000, "bare Textual app, same widgets",
            notes=[f"app runs {_ms(app)} ms, bare runs {_ms(bare)} ms; ratio = median of "
                   f"the {count} paired ratios (median app / median bare: "
                   f"{median(app) / median(bare):.2f}x)"],
            paired_ratio=paired,
        ),
        Result(
            f"first frame -> History page 1, F3 pressed at once (median of {count})",
            median(history) * 1000, "ms",
            notes=[f"runs {_ms(history)} ms; "
                   "tabs built after the first frame, plus one search"],
        ),
    ]


def _ms(seconds: list[float]) -> str:
    return ", ".join(f"{t * 1000:.0f}" for t in seconds)
