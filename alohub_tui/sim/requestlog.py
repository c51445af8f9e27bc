"""Log of every request the simulator received: in memory and as JSON lines.

An entry is appended when the request arrives (so a test sees what a client sent even
while the answer is held back by a fault) and completed with the status when the
answer is done. The API key never appears: the auth headers are logged as ``"***"``
and any occurrence of the key in the query or body is replaced by ``***``.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from ..vntime import VN_TZ

REDACTED = "***"
#: Set by the fault middleware (inner) and read here (outer): both run in the request's task.
APPLIED_FAULT: ContextVar[str | None] = ContextVar("applied_fault", default=None)
MAX_BODY_CHARS = 10_000


class RequestLog:
    def __init__(self, keys: str | tuple[str, ...], path: Path | None = None) -> None:
        self._keys = tuple(k for k in ((keys,) if isinstance(keys, str) else keys) if k)
        self.entries: list[dict[str, Any]] = []
        self._file: IO[str] | None = (
            path.open("a", encoding="utf-8", buffering=1) if path is not None else None
        )

    def redact(self, text: str) -> str:
        """``text`` with every key (the API's, the gateway's) replaced by ``***``."""
        for key in self._keys:
            text = text.replace(key, REDACTED)
        return text

    def begin(self, request: web.Request, raw_body: bytes) -> dict[str, Any]:
        text = self.redact(raw_body.decode("utf-8", errors="replace"))
        body: Any
        try:
            body = json.loads(text) if text else None
        except json.JSONDecodeError:
            body = text[:MAX_BODY_CHARS]
        entry: dict[str, Any] = {
            "time": datetime.now(VN_TZ).isoformat(timespec="milliseconds"),
            "method": request.method,
            "path": request.path,
            "query": {k: self.redact(v) for k, v in request.query.items()},
            "status": None,
            "body": body,
            "authorization": REDACTED if "Authorization" in request.headers else None,
            "x_api_key": REDACTED if "X-Api-Key" in request.headers else None,
            "content_type": request.headers.get("Content-Type"),
            "fault": None,
        }
        self.entries.append(entry)
        return entry

    def finish(self, entry: dict[str, Any], status: int | None, fault: str | None) -> None:
        entry["status"] = status
        entry["fault"] = fault
        if self._file is not None:
            self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def request_log_middleware(log: RequestLog) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        entry = log.begin(request, await request.read() if request.can_read_body else b"")
        APPLIED_FAULT.set(None)  # keep-alive requests share a task
        status: int | None = None
        try:
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        finally:
            log.finish(entry, status, APPLIED_FAULT.get())

    return middleware
