"""The served full app (``serve --app --allow-actions --demo``): a recording's Download
lands in the browser's downloads, and Play plays it in the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _serve_proc import ServeProcess, wait_until
from playwright.sync_api import expect

from alohub_tui.sim import mp3


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    server = ServeProcess(tmp_path_factory.mktemp("serve-app"), "--demo", "--app",
                          "--allow-actions", "--listen", "127.0.0.1:0").start()
    yield server
    server.stop()


def test_download_and_play_reach_the_browser(served: ServeProcess,
                                             browser_context: Any) -> None:
    page = browser_context.new_page()
    page.goto(served.url)
    screen = page.locator(".xterm-accessibility-tree")
    expect(screen).to_contain_text("Dial", timeout=30_000)
    page.locator(".xterm-helper-textarea").focus()
    page.keyboard.press("F3")
    expect(screen).to_contain_text("page 1 of", timeout=30_000)  # today's calls, newest first
    with page.expect_download(timeout=30_000) as download_info:
        page.keyboard.press("d")
    download = download_info.value
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
