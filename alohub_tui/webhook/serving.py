"""What the receiver's HTTP server does with clients that misbehave and with a machine
that runs short, so that neither costs an event or floods the log:

- a connection that sends nothing, or not a whole request head, for
  :data:`IDLE_TIMEOUT_S` (from connecting, or since its last answer) is closed;
  a body that has not fully arrived :data:`BODY_TIMEOUT_S` after its head is dropped
  by the handler (``receiver.py``);
- malformed HTTP (from anyone: the key has not been read yet) is logged as one line
  naming the client and the kind of error, never the bytes it sent;
- running out of file descriptors (asyncio then retries accepting every second) is
  logged as one line, at most once a second, without a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiohttp.http_exceptions import HttpProcessingError

from .log_limit import LogEvery

IDLE_TIMEOUT_S = 10.0
BODY_TIMEOUT_S = 10.0

HTTP_LOGGER = "alohub_tui.webhook.http"
_ACCEPT_FAILED = "socket.accept() out of system resource"

log = logging.getLogger(__name__)


class _OneLineBadRequests(logging.Filter):
    """Turns aiohttp's "Error handling request" record for malformed HTTP (a traceback
    whose message quotes the bytes) into one warning line, at most one a second."""

    def __init__(self) -> None:
        super().__init__()
        self._limit = LogEvery(logging.getLogger(HTTP_LOGGER))

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not isinstance(exc, HttpProcessingError):
            return True
        # aiohttp logs a bad method on a first request (a port scan, TLS to plain HTTP)
        # at debug level: shown only when asked for, so not rate-limited.
        suffix = self._limit.allow() if record.levelno > logging.DEBUG else ""
        if suffix is None:
            return False
        remote = record.args[0] if isinstance(record.args, tuple) and record.args else None
        record.msg = "refused malformed HTTP from %s (%s, answered %s)%s"
        record.args = (remote or "an unknown client", type(exc).__name__, exc.code, suffix)
        record.exc_info = record.exc_text = None
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def server_logger() -> logging.Logger:
    """The logger aiohttp's request handler reports to (see the module docstring)."""
    logger = logging.getLogger(HTTP_LOGGER)
    if not any(isinstance(f, _OneLineBadRequests) for f in logger.filters):
        logger.addFilter(_OneLineBadRequests())
    return logger


def server_options(idle_timeout_s: float = IDLE_TIMEOUT_S) -> dict[str, Any]:
    """Keyword arguments for ``web.AppRunner`` (passed on to each request handler).
    aiohttp's keep-alive timer runs from the connection (or the last answer) until a
    whole request head has arrived, so it is the head timeout too."""
    return {"keepalive_timeout": idle_timeout_s, "logger": server_logger()}


Handler = Callable[[asyncio.AbstractEventLoop, dict[str, Any]], object]


def guard_accept_errors(loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
    """Log ``loop``'s "cannot accept: out of file descriptors" as one line a second at
    most; every other report goes where it went. Returns the undo."""
    previous: Handler | None = loop.get_exception_handler()
    limit = LogEvery(log)

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message") == _ACCEPT_FAILED:
            exc = context.get("exception")
            reason = getattr(exc, "strerror", None) or exc or "no resources"
            limit.log(logging.ERROR, "cannot accept connections: %s (out of file "
                      "descriptors?); retrying every second", reason)
        elif previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)

    def undo() -> None:
        if loop.get_exception_handler() is handler:
            loop.set_exception_handler(previous)

    return undo
