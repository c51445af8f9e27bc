"""A server on a non-loopback address asks for its token: on the page and the websocket.

``serve --listen 0.0.0.0:0`` generates a token and prints it once in the URL. Without
it the page says so and no app starts; a websocket handshake without the cookie the page
sets is refused; with the URL the wall opens.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from _serve_proc import ServeProcess, wait_until
from playwright.sync_api import expect


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    server = ServeProcess(tmp_path_factory.mktemp("serve-token"), "--demo",
                          "--listen", "0.0.0.0:0").start()
    yield server
    server.stop()


def handshake(url: str, cookies: dict[str, str] | None = None) -> int:
    """The status of a websocket handshake to ``url``'s /ws."""
    parts = urlsplit(url)
    headers = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
               "Origin": f"{parts.scheme}://{parts.netloc}"}
    with httpx.Client(cookies=cookies, timeout=10) as client:
        return client.get(f"{parts.scheme}://{parts.netloc}/ws", headers=headers).status_code


def test_the_token_is_generated_and_printed_once(served: ServeProcess) -> None:
    assert any("access token: made for this run" in line for line in served.output)
    assert "?token=" in served.url
    assert "?token=" not in served.errors()  # the log never repeats it


def test_without_the_token_page_and_websocket_are_refused(served: ServeProcess,
                                                         browser_context: Any) -> None:
    bare = served.url.split("?", 1)[0]
    page = browser_context.new_page()
    response = page.goto(bare)
    assert response is not None and response.status == 401
    expect(page.get_by_text("Access token missing or wrong")).to_be_visible()
    response = page.goto(bare + "?token=not-the-token")
    assert response is not None and response.status == 401
    assert handshake(bare) == 401
    assert handshake(bare, {"alohub_serve": "not-the-token"}) == 401
    assert served.apps() == []
    page.close()


def test_with_the_token_the_wall_opens(served: ServeProcess, browser_context: Any,
                                       tmp_path: Path) -> None:
    page = browser_context.new_page()
    page.goto(served.url)
    expect(page.locator(".xterm-accessibility-tree")).to_contain_text("ALOHUB WALL",
                                                                       timeout=30_000)
    (cookie,) = browser_context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert handshake(served.url, {cookie["name"]: cookie["value"]}) == 101
    page.close()
    wait_until(lambda: served.apps() == [], 10, "the page's app ends")
