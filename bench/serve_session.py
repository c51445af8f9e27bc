"""The served wall (``alohub-tui serve --demo``) in headless Chromium: what a session costs.

``alohub-tui serve --demo`` runs as a child process (the demo's traffic, 8 calls a
minute, reaches every wall through its store). Pages are 1280x720 (a 142x40 wall) in
the system Chromium (Playwright, as the browser tests; see docs/SERVE.md).

- first frame: N page loads one after the other, each a new session (a new app
  process); per load, ``performance.now()`` when the page had received 512 bytes of
  terminal output after connecting (``window.alohubServe.firstFrameMs``, counted from
  navigation start), and the time until the wall's title is text in the page. Median.
- memory: RSS (``/proc/PID/statm``) of one session's app process, 5 s after its first
  frame; baseline: ``alohub-tui --wall`` on a 142x40 pty reading the same kind of store.
- frame rate: over 20 s, the terminal writes (websocket messages) and bytes the page
  received, and the CPU time the app process used; the app runs with TEXTUAL_FPS from
  ``[serve] wall_fps`` (5), where textual-serve would set 60.
- at the cap: the RSS of all app processes with ``max_sessions`` pages open (8; 3 with
  ``--quick``), and of the serve process itself.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import (
    ROOT,
    Result,
    Target,
    child_pids,
    child_server,
    median,
    rss_bytes,
    tui_env,
)
from bench.pty_term import PtyProcess

MB = 1024 * 1024
TITLE = "ALOHUB WALL"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _open(context: Any, url: str) -> tuple[Any, float]:
    """A new page on ``url``; ms from navigating until the wall's title is page text."""
    page = context.new_page()
    began = time.perf_counter()
    page.goto(url, wait_until="commit")
    screen = page.locator(".xterm-accessibility-tree")
    deadline = began + 60
    while TITLE not in ((screen.text_content() if screen.count() else "") or ""):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no {TITLE!r} on {url}")
        time.sleep(0.02)
    return page, (time.perf_counter() - began) * 1000


def _wait_apps(serve_pid: int, count: int) -> list[int]:
    deadline = time.monotonic() + 30
    while len(apps := child_pids(serve_pid)) != count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(apps)} app processes, expected {count}")
        time.sleep(0.1)
    return apps


def _home(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _terminal_wall_rss(folder: Path) -> int:
    env = tui_env(_home(folder / "pty"))
    with PtyProcess([sys.executable, "-m", "alohub_tui", "--demo", "--wall"], env, cols=142,
                    rows=40, cwd=str(ROOT)) as term:
        term.wait_for("Answered", timeout=60)
        time.sleep(5.0)
        return rss_bytes(term.process.pid)


def run(quick: bool = False) -> list[Result]:
    from playwright.sync_api import sync_playwright

    from alohub_tui.serve.headless import launch, why_no_browser

    reason = why_no_browser()
    if reason:
        raise RuntimeError(reason)
    loads = 3 if quick else 7
    cap = 3 if quick else 8
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        terminal_rss = _terminal_wall_rss(folder)
        argv = [sys.executable, "-m", "alohub_tui", "serve", "--demo", "--listen",
                "127.0.0.1:0", "--max-sessions", str(cap)]
        env = tui_env(_home(folder / "serve"))
        with child_server(argv, "open:", env=env, timeout=90) as serve, \
                sync_playwright() as playwright:
            url = serve.field("open:")
            serve_pid = serve.process.pid
            browser = launch(playwright)
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            first_frames, texts = [], []
            for _ in range(loads):
                page, text_ms = _open(context, url)
                first_frames.append(float(page.evaluate("window.alohubServe.firstFrameMs")))
                texts.append(text_ms)
                page.close()
                _wait_apps(serve_pid, 0)

            page, _ = _open(context, url)
            (app,) = _wait_apps(serve_pid, 1)
            time.sleep(5.0)
            session_rss = rss_bytes(app)
            env = Path(f"/proc/{app}/environ").read_bytes().split(b"\0")
            fps = next(v.split(b"=")[1].decode() for v in env if v.startswith(b"TEXTUAL_FPS="))
            before = page.evaluate("[window.alohubServe.frames, window.alohubServe.bytes]")
            cpu_before, began = _cpu_seconds(app), time.monotonic()
            time.sleep(20.0)
            after = page.evaluate("[window.alohubServe.frames, window.alohubServe.bytes]")
            seconds = time.monotonic() - began
            cpu = (_cpu_seconds(app) - cpu_before) / seconds
            writes = (after[0] - before[0]) / seconds
            rate = (after[1] - before[1]) / seconds

            pages = [page] + [_open(context, url)[0] for _ in range(cap - 1)]
            apps = _wait_apps(serve_pid, cap)
            time.sleep(3.0)
            total = sum(rss_bytes(pid) for pid in apps)
            serve_rss = rss_bytes(serve_pid)
            for page in pages:
                page.close()
            _wait_apps(serve_pid, 0)
            browser.close()
    what = "served wall (serve --demo, 1280x720 page, 142x40)"
    return [
        Result(f"{what}: navigation -> first frame (median of {loads} page loads, each a "
               f"new app process); title as page text after "
               f"{', '.join(f'{t:.0f}' for t in texts)} ms",
               median(first_frames), "ms", Target(3000)),
        Result(f"{what}: RSS of one session's app process, 5 s after its first frame",
               session_rss / MB, "MB", Target(150), baseline=terminal_rss / MB,
               baseline_what="alohub-tui --demo --wall on a 142x40 pty"),
        Result(f"{what}: terminal writes sent to the page per second over 20 s, "
               f"TEXTUAL_FPS={fps}; {rate / 1024:.1f} KB/s, app CPU {cpu * 100:.1f} %",
               writes, "/s", Target(float(fps))),
        Result(f"{what}: RSS of the {cap} app processes at the session cap "
               f"(serve itself {serve_rss / MB:.0f} MB)", total / MB, "MB",
               Target(150 * cap)),
    ]


if __name__ == "__main__":
    from bench.run_all import row, text_table

    print(text_table([row(r) for r in run(quick="--quick" in sys.argv)]))
