"""Background asyncio services: an event loop on its own daemon thread.

The embedded demo simulator and the webhook receiver both serve HTTP; run on the UI's
event loop they would compete with key presses (200 events/s is a lot of parsing and
SQLite waiting). Each gets a :class:`BackgroundLoop` instead, and the UI only ever
receives finished results (see :mod:`alohub_tui.live.inbox`). No Textual import.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Coroutine
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class AsyncService(Protocol):
    """Anything with ``await start()`` / ``await stop()`` (the simulator, the receiver)."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class BackgroundLoop:
    """An asyncio loop running on a daemon thread; services are started and stopped on it.

    ``start()`` and ``run()`` block the calling thread until the loop has done the work,
    so a caller sees a service's failure to start as an ordinary exception.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._services: list[AsyncService] = []

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            raise RuntimeError(f"{self.name} already started")
        ready = threading.Event()
        loop = asyncio.new_event_loop()
        self._loop = loop

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(ready.set)
            try:
                loop.run_forever()
            finally:
                with contextlib.suppress(Exception):
                    loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name=self.name, daemon=True)
        self._thread.start()
        if not ready.wait(timeout):
            raise RuntimeError(f"{self.name} did not start in time")

    def run(self, work: Coroutine[Any, Any, T], timeout: float | None = 60.0) -> T:
        """Run ``work`` on the loop and wait for its result (from another thread only)."""
        if self._loop is None or not self.running:
            work.close()
            raise RuntimeError(f"{self.name} is not running")
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout)

    def start_service(self, service: AsyncService, timeout: float | None = 60.0) -> None:
        """``await service.start()`` on the loop; it is stopped by :meth:`stop`."""
        self.run(service.start(), timeout)
        self._services.append(service)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the services (newest first), then the loop and its thread. Idempotent."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or not thread.is_alive():
            return
        while self._services:
            service = self._services.pop()
            try:
                self.run(service.stop(), timeout)
            except Exception:
                log.exception("%s: stopping %r failed", self.name, service)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
