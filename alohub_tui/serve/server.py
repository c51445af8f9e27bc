"""The web server of ``alohub-tui serve``: the page, capped sessions, downloads, assets.

Routes (also under the public URL's path prefix, so a proxy may strip it or not):

| route | what |
|---|---|
| ``GET /`` | the page (token checked; a "busy" page at the session cap) |
| ``GET /ws`` | a session: one app process, relayed (token cookie, origin, cap) |
| ``GET /status`` | JSON for the page's reconnect loop: ok / busy / token refused |
| ``GET /download/{key}`` | a file an app delivered (Download / Play) |
| ``GET /static/...`` | ``alohub-serve.js``; ``static/ts/``: textual-serve's assets |
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import importlib.util
import logging
import time
from pathlib import Path
from urllib.parse import quote

from aiohttp import web

from .access import Access
from .child import AppCommand
from .deliveries import Deliveries
from .options import ServeOptions
from .page import PAGE_HEADERS, app_page, font_size, notice_page
from .session import BrowserSession, terminal_size

log = logging.getLogger(__name__)

OUR_STATIC = Path(__file__).with_name("static")
BUSY_RETRY_S = 20
HEARTBEAT_S = 20.0
MAX_MESSAGE = 1024 * 1024  # a paste of 1 MB is plenty


def textual_serve_static() -> Path:
    """textual-serve's bundled assets (textual.js, xterm.css), found without importing it."""
    spec = importlib.util.find_spec("textual_serve")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("textual-serve is not installed (pip install textual-serve)")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def cookie_name(options: ServeOptions) -> str:
    """Stable for one token (a restart with the same token keeps working), distinct for
    two servers with different tokens on one host (cookies ignore the port)."""
    if options.token is None:
        return "alohub_serve"
    digest = hashlib.sha256(options.token.reveal().encode()).hexdigest()[:10]
    return f"alohub_serve_{digest}"


class ServeServer:
    def __init__(self, options: ServeOptions, command: AppCommand) -> None:
        self.options = options
        self.command = command
        self.title = "Alohub wall" if options.mode == "wall" else "Alohub"
        self.access = Access(options.token, cookie_name(options), options.public_url,
                             options.public_url.startswith("https://"), options.base_path)
        self.sessions: dict[int, BrowserSession] = {}
        self.deliveries = Deliveries()
        self._count = 0
        self._runner: web.AppRunner | None = None
        self._ws: set[web.WebSocketResponse] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return self.options.browser_url(self.port)

    # ---------------------------------------------------------------- lifecycle

    def build_app(self) -> web.Application:
        app = web.Application()
        ts_static = textual_serve_static()
        for prefix in dict.fromkeys(("/", self.options.base_path)):
            app.router.add_get(prefix, self.page)
            app.router.add_get(prefix + "ws", self.websocket)
            app.router.add_get(prefix + "status", self.status)
            app.router.add_get(prefix + "download/{key}", self.download)
            app.router.add_get(prefix + "static/alohub-serve.js", self.script)
            app.router.add_get(prefix + "favicon.ico", self.no_icon)
            app.router.add_static(prefix + "static/ts", ts_static)
            if prefix != "/":
                app.router.add_get(prefix.rstrip("/"), self.to_prefix)
        return app

    async def start(self) -> None:
        runner = web.AppRunner(self.build_app(), access_log=None, handle_signals=False,
                               shutdown_timeout=5.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.options.listen.host, self.options.listen.port).start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Close every session (their apps end) and the server."""
        for ws in list(self._ws):
            with contextlib.suppress(Exception):
                await ws.close(code=1001, message=b"server stopping")
        for _ in range(100):  # sessions end their apps in their own handlers
            if not self.sessions:
                break
            await asyncio.sleep(0.1)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.deliveries.close()

    def app_pids(self) -> list[int]:
        return [pid for s in self.sessions.values() if (pid := s.pid) is not None]

    # ---------------------------------------------------------------- handlers

    def _html(self, body: str, status: int = 200) -> web.Response:
        return web.Response(text=body, status=status, content_type="text/html",
                            headers=PAGE_HEADERS)

    def _refusal(self, request: web.Request, *, cookie: bool) -> web.Response | None:
        """The page that refuses ``request``, or None when it may go on."""
        if not self.access.host_ok(request):
            return self._html(notice_page(
                self.title, "Refused",
                "This server answers only to localhost (or its public URL).",
            ), 403)
        allowed = (self.access.cookie_token_ok(request) if cookie
                   else self.access.page_token_ok(request))
        if not allowed:
            return self._html(notice_page(
                self.title, "Access token missing or wrong",
                "Open the address alohub-tui serve printed (it ends with ?token=…).",
            ), 401)
        return None

    def _full(self) -> bool:
        return len(self.sessions) >= self.options.max_sessions

    async def page(self, request: web.Request) -> web.Response:
        refused = self._refusal(request, cookie=False)
        if refused is not None:
            return refused
        if self._full():
            response = self._html(notice_page(
                self.title, f"All {self.options.max_sessions} sessions are in use",
                f"This page tries again every {BUSY_RETRY_S} s.", BUSY_RETRY_S), 503)
        else:
            size = font_size(request.query.get("fontsize"), self.options.font_size)
            response = self._html(app_page(self.title, size, self.options.mode))
        self.access.remember(response)
        return response

    async def to_prefix(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(self.options.base_path + (f"?{request.query_string}"
                                                      if request.query_string else ""))

    async def status(self, request: web.Request) -> web.Response:
        refused = self._refusal(request, cookie=True)
        state = ("refused" if refused is not None and refused.status == 403
                 else "token" if refused is not None else "busy" if self._full() else "ok")
        code = {"ok": 200, "busy": 503, "token": 401, "refused": 403}[state]
        return web.json_response(
            {"state": state, "sessions": len(self.sessions),
             "max_sessions": self.options.max_sessions},
            status=code, headers={"Cache-Control": "no-store"})

    async def no_icon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def script(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(OUR_STATIC / "alohub-serve.js",
                                headers={"Cache-Control": "no-cache"})

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        refused = self._refusal(request, cookie=True)
        if refused is not None:
            return refused
        if not self.access.origin_ok(request):
            return self._html(notice_page(self.title, "Refused", "Wrong origin."), 403)
        if self._full():
            return self._html(notice_page(self.title, "Busy", "No free session."), 503)
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT_S, max_msg_size=MAX_MESSAGE)
        self._count += 1
        number = self._count
        size = terminal_size(request.query.get("width"), request.query.get("height"))
        session = BrowserSession(number, ws, self.command, self.deliveries,
                                 "download/", size)
        self.sessions[number] = session  # counted from here: the cap holds during start
        self._ws.add(ws)
        try:
            await ws.prepare(request)
            log.info("session %d opened (%s, %dx%d; %d of %d)", number, self.options.mode,
                     *size, len(self.sessions), self.options.max_sessions)
            why = await session.run()
            log.info("session %d closed after %.0f s: %s", number,
                     time.monotonic() - session.started, why)
        finally:
            self._ws.discard(ws)
            self.sessions.pop(number, None)
        return ws

    async def download(self, request: web.Request) -> web.StreamResponse:
        refused = self._refusal(request, cookie=True)
        if refused is not None:
            return refused
        delivery = self.deliveries.ready(request.match_info["key"])
        if delivery is None or delivery.session not in self.sessions:
            raise web.HTTPNotFound(text="This download has expired (its page was closed).")
        disposition = "inline" if delivery.open_method == "browser" else "attachment"
        name = delivery.file_name
        ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
        headers = {
            "Content-Type": delivery.mime_type,
            "Content-Disposition": (f'{disposition}; filename="{ascii_name}"; '
                                    f"filename*=UTF-8''{quote(name)}"),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",  # an HTML file opened inline runs nothing
        }
        return web.FileResponse(delivery.path, headers=headers)

