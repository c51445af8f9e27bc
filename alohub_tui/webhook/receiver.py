"""The HTTP endpoint Alohub posts call events to (aiohttp, like the simulator).

Checks, in this order, so that nothing is read from a caller who may not post:
``Authorization`` (401), size (413), JSON (400, or 415 when it is not labelled JSON
either) and ``call_id`` (400). Those are what can never be stored: a 4xx tells Alohub
not to send that post again. Everything else is stored: a body labelled ``text/plain``
that is a JSON call event, or one whose text has bytes that are not valid (replaced
with U+FFFD, ``body.py``). An accepted event is committed to the :class:`EventStore`
*before* the 200 goes out, so a 200 always means "on disk"; a store that cannot write
(disk full) answers 503, so Alohub retries, and logs the cause in one line.
Connection-level defences (timeouts, malformed HTTP, no file descriptors left) are in
``serving.py``.

While it listens, :class:`WebhookReceiver` records its run in the store's file (uptime.py:
started, a heartbeat, stopped), and, given a :class:`~.backfill.Backfill`, searches the
day's gaps on start and every few minutes. Neither ever stops the receiver: a failure
is logged (and a failed backfill recorded for the wall).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..api.secret import Secret
from .body import decode_json
from .events import CallEvent, WebhookPayloadError
from .log_limit import LogEvery
from .serving import BODY_TIMEOUT_S, IDLE_TIMEOUT_S, guard_accept_errors, server_options
from .store import EventStore, StoreWriteError
from .uptime import HEARTBEAT_S, UptimeLog

if TYPE_CHECKING:
    from .backfill import Backfill

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/alohub/webhook"
MAX_BODY = 1024 * 1024  # 1 MiB

OnEvent = Callable[[CallEvent, bool], object]
"""Called as ``on_event(event, is_new)`` after the event is committed; must be cheap."""

_STORE_KEY = web.AppKey("store", EventStore)
_KEY_KEY = web.AppKey("key", bytes)
_ON_EVENT_KEY: web.AppKey[OnEvent | None] = web.AppKey("on_event")
_STORE_FAILURES = web.AppKey("store_failures", LogEvery)
_BODY_TIMEOUT_KEY = web.AppKey("body_timeout_s", float)


class _BodyTimedOut(Exception):
    """The body did not arrive in time: the connection is dropped without an answer."""


def _error(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def _is_json(mime: str) -> bool:
    """application/json, or a structured ``application/...+json`` type."""
    return mime == "application/json" or (
        mime.startswith("application/") and mime.endswith("+json")
    )


def _authorised(request: web.Request) -> bool:
    given = request.headers.get("Authorization", "").strip().encode("utf-8", "surrogateescape")
    return hmac.compare_digest(given, request.app[_KEY_KEY])


async def _read_body(request: web.Request) -> bytes | web.Response:
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _error(413, f"body larger than {MAX_BODY} bytes")
    try:
        if request.content.is_eof():  # the usual case: it came with the head
            return await request.read()  # bounded by the app's client_max_size
        async with asyncio.timeout(request.app[_BODY_TIMEOUT_KEY]):
            return await request.read()
    except web.HTTPRequestEntityTooLarge:
        return _error(413, f"body larger than {MAX_BODY} bytes")
    except TimeoutError:
        raise _BodyTimedOut from None


async def _read_event(request: web.Request) -> CallEvent | web.Response:
    """The request's call event, or the error response refusing it."""
    if not _authorised(request):
        return _error(401, "missing or wrong Authorization key")
    body = await _read_body(request)
    if isinstance(body, web.Response):
        return body
    try:
        decoded = decode_json(body, request.charset)
    except (ValueError, RecursionError):  # not JSON (a bad byte alone is replaced)
        if not _is_json(request.content_type):
            return _error(415, "Content-Type must be application/json")
        return _error(400, "malformed JSON")
    try:
        event = CallEvent.parse(decoded.value)
    except WebhookPayloadError as exc:
        return _error(400, exc.message)
    if decoded.repaired:
        log.warning("call %s: text that was not valid (bad bytes or a lone surrogate) was "
                    "stored as U+FFFD", event.call_id)
    return event


def _notify(on_event: OnEvent | None, event: CallEvent, is_new: bool) -> None:
    if on_event is None:
        return
    try:
        on_event(event, is_new)
    except Exception:
        log.exception("on_event callback failed for call %s", event.call_id)


async def _handle_event(request: web.Request) -> web.Response:
    try:
        parsed = await _read_event(request)
    except _BodyTimedOut:
        log.warning("dropped a connection from %s: the body did not arrive within %g s",
                    request.remote, request.app[_BODY_TIMEOUT_KEY])
        request.protocol.force_close()  # no answer: the sender sees a failed delivery
        return web.Response(status=408)  # cannot be written any more; keeps aiohttp happy
    if isinstance(parsed, web.Response):
        return parsed
    store = request.app[_STORE_KEY]
    try:
        is_new = await store.add_async(parsed)
    except (ValueError, RecursionError):  # this payload cannot be serialised again
        return _error(400, "payload cannot be stored")
    except StoreWriteError as exc:
        request.app[_STORE_FAILURES].log(
            logging.ERROR, "could not store event for call %s: %s; answered 503",
            parsed.call_id, exc.cause)
        return _error(503, "could not store the event; retry later")
    except Exception:
        log.exception("could not store event for call %s", parsed.call_id)
        return _error(503, "could not store the event; retry later")
    _notify(request.app[_ON_EVENT_KEY], parsed, is_new)
    return web.json_response({"success": "1"})


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "events": request.app[_STORE_KEY].event_count()})


def _key_bytes(key: str | Secret) -> bytes:
    value = key.reveal() if isinstance(key, Secret) else key
    if not isinstance(value, str) or not value.strip():
        raise ValueError("the webhook key must not be empty")
    return value.strip().encode("utf-8", "surrogateescape")


def build_app(
    store: EventStore, key: str | Secret, on_event: OnEvent | None = None,
    body_timeout_s: float = BODY_TIMEOUT_S,
) -> web.Application:
    """The receiver's aiohttp application; ``key`` is what Alohub sends as Authorization.
    A body not fully arrived ``body_timeout_s`` after its head is dropped."""
    app = web.Application(client_max_size=MAX_BODY)
    app[_STORE_KEY] = store
    app[_KEY_KEY] = _key_bytes(key)
    app[_ON_EVENT_KEY] = on_event
    app[_STORE_FAILURES] = LogEvery(log)
    app[_BODY_TIMEOUT_KEY] = body_timeout_s
    app.router.add_post("/", _handle_event)
    app.router.add_post(WEBHOOK_PATH, _handle_event)
    app.router.add_get("/health", _health)
    return app


class WebhookReceiver:
    """Runs :func:`build_app` on ``host:port`` (port 0 picks a free one); records its
    uptime as ``kind`` and runs ``backfill`` while it listens (module docstring).

    A connection idle for ``idle_timeout_s`` (from connecting, or since its last answer,
    including one whose request head is still incomplete) is closed.
    """

    def __init__(
        self,
        store: EventStore,
        key: str | Secret,
        host: str = "127.0.0.1",
        port: int = 0,
        on_event: OnEvent | None = None,
        *,
        kind: str = "webhook",
        backfill: Backfill | None = None,
        clock: Callable[[], float] = time.time,
        idle_timeout_s: float = IDLE_TIMEOUT_S,
        body_timeout_s: float = BODY_TIMEOUT_S,
    ) -> None:
        self.host = host
        self._requested_port = port
        self._app = build_app(store, key, on_event, body_timeout_s)
        self._idle_timeout_s = idle_timeout_s
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self.kind = kind
        self.backfill = backfill
        self.clock = clock  # Unix time of the uptime records (a test: the simulator's)
        self._uptime = UptimeLog(store.path)
        self._run_id: int | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._unguard: Callable[[], None] | None = None

    async def start(self) -> None:
        runner = web.AppRunner(self._app, access_log=None, handle_signals=False,
                               shutdown_timeout=5.0, **server_options(self._idle_timeout_s))
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self._requested_port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        self._unguard = guard_accept_errors(asyncio.get_running_loop())
        await self._record_start()
        if self.backfill is not None:
            await self.backfill.open()
        self._tasks = [asyncio.create_task(self._heartbeat(), name="receiver-heartbeat")]
        if self.backfill is not None:
            self._tasks.append(asyncio.create_task(self.backfill.run_forever(),
                                                   name="receiver-backfill"))

    async def stop(self) -> None:
        """Stop listening; requests in flight get up to 5 s to finish. Idempotent."""
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        unguard, self._unguard = self._unguard, None
        if unguard is not None:
            unguard()
        await self._record_stop()

    # ------------------------------------------------------------ uptime

    async def _record_start(self) -> None:
        try:
            self._run_id = await asyncio.to_thread(self._uptime.started, self.kind, self.clock())
        except Exception as exc:
            log.warning("cannot record the receiver's start in %s: %s", self._uptime.path, exc)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            if self._run_id is None:
                await self._record_start()
                continue
            try:
                await asyncio.to_thread(self._uptime.beat, self._run_id, self.clock())
            except Exception as exc:
                log.warning("cannot record the receiver's heartbeat: %s", exc)

    async def _record_stop(self) -> None:
        run_id, self._run_id = self._run_id, None
        try:
            if run_id is not None:
                await asyncio.to_thread(self._uptime.stopped, run_id, self.clock())
        except Exception as exc:
            log.warning("cannot record the receiver's stop: %s", exc)
        finally:
            self._uptime.close()
            if self.backfill is not None:
                self.backfill.close()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the receiver has not started")
        return self._port

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{WEBHOOK_PATH}"

    async def __aenter__(self) -> WebhookReceiver:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.stop()
