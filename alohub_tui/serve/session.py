"""One browser session: a websocket on one side, one app process on the other.

From the page (JSON arrays, as textual-serve's client sends them): ``["stdin", text]``,
``["resize", {"width", "height"}]``, ``["focus"]``, ``["blur"]``, ``["ping", x]``.
To the page: the app's terminal output as binary frames, and JSON arrays
``["pong", x]``, ``["open_url", {...}]``, ``["download", {...}]``,
``["download_failed", {...}]``, ``["error", text]``.

The session ends when either side does: the page closed (the app is stopped) or the app
ended (the websocket is closed, and the page reconnects by itself).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from typing import Any

from aiohttp import WSMsgType, web

from .child import AppCommand, AppFailed, AppProcess
from .deliveries import Deliveries, DeliveryFailed
from .protocol import ProtocolError, data_packet, meta_packet, unpack

log = logging.getLogger(__name__)

#: Close codes the page can tell apart (4000-4999 are the application's).
CLOSE_APP_ENDED = 4000
CLOSE_APP_FAILED = 4001
MIN_SIZE, MAX_SIZE = (10, 5), (1000, 400)


def terminal_size(width: Any, height: Any) -> tuple[int, int]:
    """A size from the page, as ints within reason (80x24 when it makes no sense)."""
    try:
        w, h = int(width), int(height)
    except (TypeError, ValueError):
        return 80, 24
    return (min(max(w, MIN_SIZE[0]), MAX_SIZE[0]), min(max(h, MIN_SIZE[1]), MAX_SIZE[1]))


class BrowserSession:
    def __init__(self, number: int, ws: web.WebSocketResponse, command: AppCommand,
                 deliveries: Deliveries, download_url: str, size: tuple[int, int]) -> None:
        self.number = number
        self.ws = ws
        self.deliveries = deliveries
        self.download_url = download_url  # relative to the page; the key is appended
        self.app = AppProcess(command, *size, on_data=self._app_data, on_meta=self._app_meta,
                              on_packed=self._app_packed)
        self.started = time.monotonic()
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def pid(self) -> int | None:
        return self.app.pid

    async def run(self) -> str:
        """Run until one side ends; stop the app; say why it ended."""
        try:
            await self.app.start()
        except (AppFailed, OSError) as exc:
            log.warning("session %d: %s", self.number, exc)
            await self._send_json(["error", f"The app could not start: {exc}"])
            await self.app.stop()
            await self.ws.close(code=CLOSE_APP_FAILED, message=b"app failed")
            return "the app failed to start"
        except BaseException:  # cancelled (server stopping) or a bug: no app left behind
            await self.app.stop()
            raise
        log.info("session %d: app started (pid %s)", self.number, self.pid)
        pump = asyncio.create_task(self._pump())
        reader = asyncio.create_task(self._read_page())
        try:
            done, _ = await asyncio.wait({pump, reader}, return_when=asyncio.FIRST_COMPLETED)
            why = "the page closed" if reader in done or self.ws.closed else "the app ended"
        finally:
            for task in (reader, pump, *self._tasks):
                task.cancel()
            await self.app.stop()
            for task in (reader, pump, *self._tasks):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            self.deliveries.end_session(self.number)
            if not self.ws.closed:
                await self.ws.close(code=CLOSE_APP_ENDED, message=b"app ended")
        return why

    # ---------------------------------------------------------------- app -> page

    async def _pump(self) -> None:
        try:
            await self.app.pump()
        except ProtocolError as exc:
            log.warning("session %d: %s", self.number, exc)
        except ConnectionError:  # the page went away while we wrote to it
            pass

    async def _app_data(self, payload: bytes) -> None:
        if not self.ws.closed:
            await self.ws.send_bytes(payload)

    async def _app_meta(self, payload: bytes) -> None:
        try:
            meta = json.loads(payload)
        except ValueError:
            log.warning("session %d: undecodable meta packet", self.number)
            return
        kind = meta.get("type") if isinstance(meta, dict) else None
        if kind == "open_url":
            url = str(meta.get("url", ""))
            if url.startswith(("https://", "http://")):
                await self._send_json(["open_url", {"url": url,
                                                    "new_tab": bool(meta.get("new_tab"))}])
        elif kind == "deliver_file_start":
            task = asyncio.create_task(self._deliver(meta))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        elif kind != "exit":  # "exit": the app is leaving; its output ends next
            log.debug("session %d: meta %r ignored", self.number, kind)

    async def _app_packed(self, payload: bytes) -> None:
        try:
            self.deliveries.chunk_arrived(unpack(payload))
        except ProtocolError as exc:
            log.warning("session %d: %s", self.number, exc)

    async def _deliver(self, meta: dict[str, Any]) -> None:
        try:
            delivery = await self.deliveries.fetch(
                self.number, meta, lambda asked: self.app.send(meta_packet(asked)))
        except DeliveryFailed as exc:
            log.warning("session %d: delivery failed: %s", self.number, exc)
            name = str(meta.get("path", "")).rsplit("/", 1)[-1]
            await self._send_json(["download_failed", {"name": name, "reason": str(exc)}])
            return
        log.info("session %d: delivering %s (%d bytes, %s)", self.number, delivery.file_name,
                 delivery.size, delivery.open_method)
        await self._send_json(["download", delivery.describe(self.download_url + delivery.key)])

    async def _send_json(self, message: list[Any]) -> None:
        if not self.ws.closed:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self.ws.send_str(json.dumps(message))

    # ---------------------------------------------------------------- page -> app

    async def _read_page(self) -> None:
        async for message in self.ws:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if isinstance(envelope, list) and envelope and not await self._from_page(envelope):
                return

    async def _from_page(self, envelope: list[Any]) -> bool:
        """Forward one message; False when the app is gone."""
        kind, arg = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(arg, str):
            return await self.app.send(data_packet(arg))
        if kind == "resize" and isinstance(arg, dict):
            width, height = terminal_size(arg.get("width"), arg.get("height"))
            return await self.app.send(meta_packet({"type": "resize", "width": width,
                                                    "height": height}))
        if kind in ("focus", "blur"):
            return await self.app.send(meta_packet({"type": kind}))
        if kind == "ping":
            await self._send_json(["pong", arg])
        return True
