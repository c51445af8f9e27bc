"""A small stdlib HTTP server for answers the simulator does not give: a real tenant's.

The simulator always answers searchCallV2 with its envelope, serves recordings as
``audio/mpeg`` and pages correctly; a real tenant may send a bare record, a duration of
``"N/A"``, a recording as ``application/force-download``, or the same page for every page
number. :class:`FakeTenant` listens on loopback (a real socket, on its own thread, so a
CLI subprocess or the test's event loop can talk to it), answers each path with what a
test set, and records every request::

    with FakeTenant(key="k") as tenant:
        tenant.answer("POST", "/api/v1.0/base/searchCallV2", json_body=DOC_RECORD)
        tenant.answer("GET", "/IPCCMedia/MP3Export.do", body=mp3, content_type="text/plain")
        ... tenant.base_url, tenant.media_url, tenant.requests

A responder may also be a function of the request (``Seen``) returning a ``Reply``, e.g.
to answer by page number. The fixture ``fake_tenant`` in ``tests/conftest.py`` gives one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    """One request as it arrived."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


Responder = Callable[[Seen], Reply]
NOT_FOUND = Reply(404, b'{"success": "0", "error_code": "NOT_FOUND", "error_message": "no"}')


def json_reply(obj: Any, status: int = 200) -> Reply:
    return Reply(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"))


class FakeTenant:
    """A loopback HTTP server answering what each test sets (see module docstring)."""

    def __init__(self, key: str = "fake-tenant-key") -> None:
        self.key = key
        self.requests: list[Seen] = []
        self._routes: dict[tuple[str, str], Responder] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # ---------------------------------------------------------------- set up

    def answer(self, method: str, path: str, responder: Responder | None = None, *,
               json_body: Any = None, body: bytes | None = None,
               content_type: str = "application/json", status: int = 200) -> None:
        """Answer ``method path`` (query ignored) with a fixed reply or ``responder``."""
        if responder is None:
            if body is None:
                body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            fixed = Reply(status, body, content_type)
            responder = lambda _seen: fixed  # noqa: E731
        self._routes[(method.upper(), path)] = responder

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def media_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def seen(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    # ---------------------------------------------------------------- lifecycle

    def __enter__(self) -> FakeTenant:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        tenant = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                seen = Seen(self.command, parts.path, parse_qs(parts.query),
                            {k.lower(): v for k, v in self.headers.items()},
                            self.rfile.read(length) if length else b"")
                tenant.requests.append(seen)
                responder = tenant._routes.get((self.command, parts.path))
                reply = NOT_FOUND if responder is None else responder(seen)
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply.body)

            do_GET = do_POST = do_HEAD = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return  # quiet: pytest shows what a test asserts

        return Handler
