"""The served full app (``serve --app --allow-actions --demo``): a recording's Download
lands in the browser's downloads, and Play plays it in the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _serve_proc import ServeProcess, wait_until
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from alohub_tui.sim import mp3


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    server = ServeProcess(tmp_path_factory.mktemp("serve-app"), "--demo", "--app",
                          "--allow-actions", "--listen", "127.0.0.1:0").start()
    yield server
    server.stop()


def click_row_text(page: Any, text: str | re.Pattern[str]) -> None:
    """Click near the left end of the first screen row that shows ``text`` (xterm's
    accessibility tree has one element per row, at the row's place on the page)."""
    row = page.locator(".xterm-accessibility-tree > div", has_text=text).first
    expect(row).to_be_attached(timeout=30_000)
    box = page.locator(".xterm-screen").bounding_box()
    top = row.bounding_box()
    page.mouse.click(box["x"] + 24, top["y"] + top["height"] / 2)  # two or three cells in
    page.wait_for_timeout(300)


def download_from_a_row_with_a_recording(page: Any) -> Any:
    """Press ``d`` on each row in turn until one downloads: the newest calls of the demo's
    live traffic may be ringing, missed or unanswered (no recording: a toast, no file)."""
    for _ in range(12):
        try:
            with page.expect_download(timeout=5_000) as download_info:
                page.keyboard.press("d")
            return download_info.value
        except PlaywrightTimeout:
            page.keyboard.press("ArrowDown")
    raise AssertionError("no row of the last 7 days downloaded a recording")


def test_download_and_play_reach_the_browser(served: ServeProcess,
                                             browser_context: Any) -> None:
    page = browser_context.new_page()
    page.goto(served.url)
    screen = page.locator(".xterm-accessibility-tree")
    expect(screen).to_contain_text("Dial", timeout=30_000)
    page.locator(".xterm-helper-textarea").focus()
    # The first frame can come before the app reads keys (a loaded machine): press F3
    # again until History shows, as a user would.
    for _ in range(6):
        page.keyboard.press("F3")
        try:
            expect(screen).to_contain_text("phone (caller or callee)", timeout=5_000)
            break
        except AssertionError:
            continue
    # Today's search has answered: a page, or (just after midnight in Vietnam) none yet.
    expect(screen).to_contain_text(re.compile(r"page 1 of|No calls match"), timeout=30_000)
    # Today may hold few calls (the demo runs on the real clock, a trickle at night): pick
    # "Last 7 days" in the range picker, with the mouse (F7 and Shift+Tab are the browser's),
    # then click an answered call that has a recording (♪), which also focuses the table.
    click_row_text(page, "Today")
    click_row_text(page, "Last 7 days")
    expect(screen).to_contain_text(re.compile(r"calls · \d\d/\d\d–"), timeout=30_000)  # a range
    click_row_text(page, re.compile(r"answered\s+♪"))
    download = download_from_a_row_with_a_recording(page)
    saved = Path(download.path())
    assert download.suggested_filename.endswith(".mp3")
    assert saved.stat().st_size > 1000
    assert saved.read_bytes()[:2] == mp3.HEADER[:2]  # an MPEG audio frame
    # nothing was saved on the server's side for the user: it went to the browser
    assert not (served.tmp / "downloads").exists() or not any((served.tmp / "downloads").iterdir())

    page.keyboard.press("p")
    player = page.locator("#alohub-player")
    expect(player).to_be_visible(timeout=30_000)
    expect(player).to_contain_text(".mp3")
    wait_until(lambda: page.evaluate("document.getElementById('alohub-player-audio')"
                                     ".readyState") >= 1, 10, "the audio loaded")
    assert page.evaluate("document.getElementById('alohub-player-audio').duration") > 1
    assert page.evaluate("document.getElementById('alohub-player-audio').error") is None
    page.close()
    wait_until(lambda: served.apps() == [], 10, "the page's app ends")
