"""The wall in a real browser: counters as text, webhook events, reconnect, cap, cleanup.

One ``alohub-tui serve`` for the module (a wall, at most 2 sessions), which is also the
profile's webhook receiver (``[webhook] listen``): events posted to it reach every
served wall through the event store.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from _screen import screen_text, tile_shows, tile_value
from _serve_proc import ServeProcess, alive, free_port, wait_until
from playwright.sync_api import expect

from alohub_tui.vntime import now_vn

MAX_SESSIONS = 2


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    tmp = tmp_path_factory.mktemp("serve-wall")
    server = ServeProcess(tmp, "--listen", "127.0.0.1:0", "--max-sessions", str(MAX_SESSIONS),
                          webhook_port=free_port(),
                          env={"ALOHUB_API_KEY": "api-key-the-wall-never-needs"}).start()
    yield server
    server.stop()
    assert server.apps() == []


def open_wall(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url)
    expect(page.locator(".xterm-accessibility-tree")).to_contain_text("ALOHUB WALL",
                                                                       timeout=30_000)
    return page


def wait_for_apps(served: ServeProcess, count: int) -> list[int]:
    wait_until(lambda: len(served.apps()) == count, 15, f"{count} app processes")
    return served.apps()


def test_counters_are_text_in_the_page_and_follow_webhook_events(
        served: ServeProcess, browser_context: Any) -> None:
    page = open_wall(browser_context, served.url)
    wait_until(lambda: (tile_value(page, "Offered") or "-").isdigit(), 10, "counters read")
    offered = int(tile_value(page, "Offered") or "")
    abandoned = int(tile_value(page, "Abandoned") or "")
    # rings from 10 s ago for 20 s: posted while it rings, the call is live evidence
    now = now_vn().replace(tzinfo=None)  # today's, even a few seconds after midnight
    start = max(now - timedelta(seconds=10), datetime.combine(now.date(), datetime.min.time()))
    call = {"caller_number": "0977000111", "agent": "userName66", "direction": "inbound",
            "destination_number": "19006688", "hotline": "19006688", "ring": 20}
    served.post_call("BROWSER-1", "ringing", start, **call)
    wait_until(lambda: tile_shows(page, "Waiting", "1"), 10, "the posted call waits")
    served.post_call("BROWSER-1", "missed", start, **call)
    wait_until(lambda: tile_shows(page, "Offered", str(offered + 1))
               and tile_shows(page, "Abandoned", str(abandoned + 1))
               and tile_shows(page, "Waiting", "0"), 10,
               "the call shows as abandoned")
    page.locator(".xterm-helper-textarea").focus()
    page.keyboard.press("3")  # the missed-calls page
    wait_until(lambda: "0977000111" in screen_text(page), 10, "the missed call is listed")
    page.close()


def test_a_killed_app_comes_back_without_a_click(served: ServeProcess,
                                                browser_context: Any) -> None:
    page = open_wall(browser_context, served.url)
    (first,) = wait_for_apps(served, 1)
    os.kill(first, signal.SIGKILL)
    status = page.locator("#alohub-status")
    expect(status).to_contain_text("reconnecting", timeout=5_000)
    began = time.monotonic()
    expect(status).to_be_hidden(timeout=10_000)
    expect(page.locator(".xterm-accessibility-tree")).to_contain_text("ALOHUB WALL")
    assert time.monotonic() - began < 10
    (second,) = wait_for_apps(served, 1)
    assert second != first
    assert page.evaluate("window.alohubServe.sessions") == 2
    page.close()
    wait_for_apps(served, 0)


def test_the_cap_holds_and_a_closed_page_ends_its_app(served: ServeProcess,
                                                     browser_context: Any) -> None:
    pages = [open_wall(browser_context, served.url) for _ in range(MAX_SESSIONS)]
    apps = wait_for_apps(served, MAX_SESSIONS)
    extra = browser_context.new_page()
    response = extra.goto(served.url)
    assert response is not None and response.status == 503
    expect(extra.get_by_text(f"All {MAX_SESSIONS} sessions are in use")).to_be_visible()
    time.sleep(1)
    assert served.apps() == apps  # no process for the page past the cap
    pages[0].close()
    wait_until(lambda: len([p for p in apps if alive(p)]) == MAX_SESSIONS - 1, 10,
               "the closed page's app ends")
    extra.goto(served.url)  # a place is free again
    expect(extra.locator(".xterm-accessibility-tree")).to_contain_text("ALOHUB WALL",
                                                                        timeout=30_000)
    for page in (*pages[1:], extra):
        page.close()
    wait_for_apps(served, 0)


def test_the_wall_app_never_has_the_api_key(served: ServeProcess,
                                           browser_context: Any) -> None:
    page = open_wall(browser_context, served.url)
    (app,) = wait_for_apps(served, 1)
    assert Path(f"/proc/{served.pid}/environ").read_bytes().count(b"ALOHUB_API_KEY=") == 1
    environ = Path(f"/proc/{app}/environ").read_bytes().split(b"\0")
    names = {item.split(b"=", 1)[0] for item in environ}
    assert b"ALOHUB_WEBHOOK_KEY" not in names and b"ALOHUB_API_KEY" not in names
    assert b"api-key-the-wall-never-needs" not in page.content().encode()
    assert b"TEXTUAL_FPS=5" in environ  # a wall's frame rate, not textual-serve's 60
    page.close()
    wait_for_apps(served, 0)
