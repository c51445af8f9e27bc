"""The serve server over real sockets, without a browser: relay, cap, refusals, ends.

The apps are the small ones in ``_serve_apps.py`` (the protocol by hand, or a Textual
app that delivers a file); the browser tests run the real wall.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from alohub_tui.serve import child as child_module
from alohub_tui.serve.child import AppCommand
from alohub_tui.serve.options import ServeOptions
from alohub_tui.serve.server import ServeServer
from alohub_tui.serve.session import CLOSE_APP_ENDED, CLOSE_APP_FAILED
from alohub_tui.webhook.listen import Listen

APPS = Path(__file__).with_name("_serve_apps.py")

Factory = Callable[..., Any]


def command(*args: str) -> AppCommand:
    return AppCommand((sys.executable, str(APPS), *args), dict(os.environ), fps=5)


def options(**changes: Any) -> ServeOptions:
    values: dict[str, Any] = {"listen": Listen("127.0.0.1", 0), "mode": "wall",
                              "max_sessions": 2, "font_size": 16, "fps": 5, "token": None}
    values.update(changes)
    return ServeOptions(**values)


@asynccontextmanager
async def serving(app: AppCommand, **changes: Any) -> AsyncIterator[ServeServer]:
    server = ServeServer(options(**changes), app)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def base(server: ServeServer) -> str:
    return f"http://127.0.0.1:{server.port}"


async def frames_until(ws: aiohttp.ClientWebSocketResponse, needle: str,
                       timeout: float = 15) -> str:
    """Terminal output (text) until ``needle`` appears."""
    seen = ""
    async with asyncio.timeout(timeout):
        while needle not in seen:
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data.decode(errors="replace")
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"closed before {needle!r}: {message}")
    return seen


async def wait_gone(pid: int, timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while Path(f"/proc/{pid}").exists():
            await asyncio.sleep(0.05)


async def test_keys_size_and_focus_reach_the_app_and_its_output_the_page() -> None:
    async with serving(command("echo")) as server, aiohttp.ClientSession() as http, \
            http.ws_connect(f"{base(server)}/ws?width=120&height=40") as ws:
        assert "hello 120x40 fps=5" in await frames_until(ws, "fps=")
        await ws.send_str(json.dumps(["stdin", "x"]))
        await frames_until(ws, "key:x")
        await ws.send_str(json.dumps(["resize", {"width": 99999, "height": "50"}]))
        await frames_until(ws, '"height": 50, "type": "resize", "width": 1000')
        await ws.send_str(json.dumps(["focus"]))
        await frames_until(ws, '{"type": "focus"}')
        await ws.send_str(json.dumps(["ping", "p1"]))
        async with asyncio.timeout(10):
            while True:
                message = await ws.receive()
                if message.type == aiohttp.WSMsgType.TEXT:
                    assert json.loads(message.data) == ["pong", "p1"]
                    break
        for junk in ("not json", "{}", "[]", '["resize", 3]', '["stdin", 5]'):
            await ws.send_str(junk)  # ignored, the session goes on
        await ws.send_str(json.dumps(["stdin", "y"]))
        await frames_until(ws, "key:y")


async def test_closing_the_page_ends_the_app() -> None:
    async with serving(command("echo")) as server, aiohttp.ClientSession() as http:
        ws = await http.ws_connect(f"{base(server)}/ws")
        await frames_until(ws, "hello")
        (pid,) = server.app_pids()
        await ws.close()
        await wait_gone(pid)
        async with asyncio.timeout(5):
            while server.sessions:
                await asyncio.sleep(0.05)


async def test_an_app_that_ends_closes_the_page_socket() -> None:
    async with serving(command("echo")) as server, aiohttp.ClientSession() as http, \
            http.ws_connect(f"{base(server)}/ws") as ws:
        await frames_until(ws, "hello")
        await ws.send_str(json.dumps(["stdin", "q"]))
        async with asyncio.timeout(10):
            while not ws.closed:
                await ws.receive()
        assert ws.close_code == CLOSE_APP_ENDED


async def test_an_app_that_cannot_start_says_why() -> None:
    async with serving(command("fail")) as server, aiohttp.ClientSession() as http, \
            http.ws_connect(f"{base(server)}/ws") as ws:
        message = await ws.receive(timeout=15)
        kind, text = json.loads(message.data)
        assert kind == "error" and "boom: the config is broken" in text
        await ws.receive(timeout=5)
        assert ws.closed and ws.close_code == CLOSE_APP_FAILED


async def test_an_app_that_ignores_quit_and_sigterm_is_killed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(child_module, "QUIT_GRACE_S", 0.3)
    monkeypatch.setattr(child_module, "TERM_GRACE_S", 0.3)
    async with serving(command("stubborn")) as server, aiohttp.ClientSession() as http:
        ws = await http.ws_connect(f"{base(server)}/ws")
        await frames_until(ws, "hello")
        (pid,) = server.app_pids()
        await ws.close()
        await wait_gone(pid, timeout=5)


async def test_the_session_cap_holds() -> None:
    async with serving(command("echo"), max_sessions=1) as server, \
            aiohttp.ClientSession() as http, http.ws_connect(f"{base(server)}/ws") as ws:
        await frames_until(ws, "hello")
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{base(server)}/ws")
        assert refused.value.status == 503
        async with http.get(base(server) + "/") as page:
            assert page.status == 503
            assert "All 1 sessions are in use" in await page.text()
        async with http.get(base(server) + "/status") as status:
            assert status.status == 503 and (await status.json())["state"] == "busy"
        assert len(server.app_pids()) == 1


async def test_other_origins_and_host_names_are_refused() -> None:
    async with serving(command("echo")) as server, aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{base(server)}/ws",
                                  headers={"Origin": "https://evil.example"})
        assert refused.value.status == 403
        async with http.get(base(server) + "/", headers={"Host": "evil.example"}) as page:
            assert page.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{base(server)}/ws", headers={"Host": "evil.example"})
        assert refused.value.status == 403
        assert server.app_pids() == []


async def test_the_page_is_ours_and_safe(tmp_path: Path) -> None:
    async with serving(command("echo"), public_url="https://noc.example/wall/") as server, \
            aiohttp.ClientSession() as http:
        for path in ("/", "/wall/"):
            async with http.get(base(server) + path + "?fontsize=30",
                                headers={"Host": "noc.example"}) as page:
                html = await page.text()
                assert page.status == 200
                assert 'data-font-size="30"' in html and 'href="static/ts/css' in html
                assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
                assert page.headers["Cache-Control"] == "no-store"
                assert "googleapis" not in html  # nothing from the internet
        async with http.get(base(server) + "/wall?fontsize=9", allow_redirects=False,
                            headers={"Host": "noc.example"}) as moved:
            assert moved.status == 302 and moved.headers["Location"] == "/wall/?fontsize=9"
        for asset in ("/static/alohub-serve.js", "/wall/static/ts/js/textual.js",
                      "/static/ts/css/xterm.css"):
            async with http.get(base(server) + asset) as response:
                assert response.status == 200, asset


async def test_a_delivered_file_is_served_to_its_page_then_removed(tmp_path: Path) -> None:
    recording = tmp_path / "call 1 ☎.mp3"
    body = bytes(range(256)) * 1000  # 256 KB: several chunks
    recording.write_bytes(body)
    async with serving(command("deliver", str(recording))) as server, \
            aiohttp.ClientSession() as http:
        ws = await http.ws_connect(f"{base(server)}/ws")
        async with asyncio.timeout(30):
            while True:
                message = await ws.receive()
                if message.type == aiohttp.WSMsgType.TEXT:
                    kind, info = json.loads(message.data)
                    if kind == "download":
                        break
        assert info["name"] == "call 1 _.mp3" and info["size"] == len(body)
        assert info["open_method"] == "download" and info["mime_type"] == "audio/mpeg"
        assert info["url"].startswith("download/")  # relative to the page
        url = base(server) + "/" + info["url"]
        async with http.get(url) as response:
            assert response.status == 200 and await response.read() == body
            assert response.headers["Content-Disposition"].startswith("attachment;")
            assert "filename*=UTF-8''call%201%20_.mp3" in response.headers["Content-Disposition"]
        async with http.get(url, headers={"Range": "bytes=10-19"}) as part:
            assert part.status == 206 and await part.read() == body[10:20]
        async with http.get(base(server) + "/download/nope") as missing:
            assert missing.status == 404
        await ws.close()
        async with asyncio.timeout(10):
            while server.sessions:
                await asyncio.sleep(0.05)
        async with http.get(url) as gone:
            assert gone.status == 404
        assert not any(server.deliveries.folder.iterdir())
