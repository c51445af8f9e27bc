"""The wall as a browser shows it (``alohub-tui serve``), as a PNG for screenshots/.

``python -m alohub_tui.ui.browser_scene screenshots/`` stores the seeded demo's calls of
the scene day (see :mod:`alohub_tui.ui.scenes`: same seed, same pinned clock) in an event
store of its own, serves the wall with the real server, and takes a picture of the page
in headless Chromium (Playwright, the ``test`` extra; see docs/SERVE.md). The served app
is this module too (``--app DB``): the wall with the clock pinned, reading that store.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.boot.demo import catalog_from_tenant
from alohub_tui.boot.served import Served
from alohub_tui.config import Config
from alohub_tui.exitcodes import EXIT_OK
from alohub_tui.live.service import LivePlan, LiveService
from alohub_tui.sim.tenant import build_tenant
from alohub_tui.ui.scenes import SCENE_NOW, SCENE_SEED, scene_backend
from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.store import EventStore
from alohub_tui.webhook.uptime import UptimeLog

MODULE = "alohub_tui.ui.browser_scene"
FILE_NAME = "wall-browser-1280x720.png"
WIDTH, HEIGHT = 1280, 720
QUIET_S = 17  # "last event 17 s ago"


def fill_store(db: Path) -> int:
    """The scene day's calls (until the pinned clock), arrived 17 s before it, and a
    receiver up all day (no gap: the numbers are complete)."""
    backend = scene_backend()
    backend.start()
    try:
        payloads = backend.todays_calls()
    finally:
        backend.stop()
    with EventStore(db) as store:
        for payload in payloads:
            store.add(CallEvent.parse(payload))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET received_at = ?",
                     ((SCENE_NOW - timedelta(seconds=QUIET_S)).timestamp(),))
    conn.close()
    uptime = UptimeLog(db)
    try:
        midnight = SCENE_NOW.replace(hour=0, minute=0, second=0, microsecond=0)
        uptime.beat(uptime.started("webhook", midnight.timestamp()), SCENE_NOW.timestamp() - 5)
    finally:
        uptime.close()
    return len(payloads)


def run_wall(db: Path) -> None:
    """The served app: the wall on ``db`` with the pinned clock (Textual's web driver)."""
    from alohub_tui.ui.wall import WallApp

    config = Config(catalog=catalog_from_tenant(build_tenant(SCENE_SEED)))
    service = LiveService(LivePlan(db))
    service.start()
    try:
        WallApp(Resolved(config, Secret(""), shared_demo=True), clock=lambda: SCENE_NOW,
                service=service).run()
    finally:
        service.stop()


def shoot(out: Path) -> Path:
    from playwright.sync_api import expect, sync_playwright

    from alohub_tui.background import BackgroundLoop
    from alohub_tui.serve.child import AppCommand
    from alohub_tui.serve.headless import launch
    from alohub_tui.serve.options import ServeOptions
    from alohub_tui.serve.server import ServeServer
    from alohub_tui.webhook.listen import Listen

    with tempfile.TemporaryDirectory(prefix="alohub-shot-") as folder:
        db = Path(folder) / "events.sqlite3"
        fill_store(db)
        env = {**os.environ, "ALOHUB_TUI_STATE_DIR": folder, **Served(db).to_env()}
        command = AppCommand((sys.executable, "-m", MODULE, "--app", str(db)), env, fps=5)
        options = ServeOptions(Listen("127.0.0.1", 0), "wall", max_sessions=1, font_size=16,
                               fps=5, token=None)
        server = ServeServer(options, command)
        loop = BackgroundLoop("alohub-shot-serve")
        loop.start()
        try:
            loop.start_service(server)
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
                page.goto(server.url)
                screen = page.locator(".xterm-accessibility-tree")
                expect(screen).to_contain_text(f"last event {QUIET_S} s ago", timeout=30_000)
                expect(page.locator("#alohub-status")).to_be_hidden()
                page.wait_for_timeout(1500)  # a frame or two more, at 5 fps
                target = out / FILE_NAME
                page.screenshot(path=str(target))
                browser.close()
        finally:
            loop.stop()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The served wall, as a PNG.")
    parser.add_argument("out", type=Path, nargs="?", default=Path("screenshots"))
    parser.add_argument("--app", type=Path, metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.app:
        run_wall(args.app)
        return EXIT_OK
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"wrote {shoot(args.out)}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
