"""The faults of the matrix and the loopback tricks that produce them.

Most faults are the simulator's own (``Simulator.set_faults``). Two need a different
target, both on loopback only:

* connection refused: a port that was bound, then closed (nothing listens);
* connect timeout: a listening socket whose accept backlog is already full, so the
  kernel drops further SYNs and ``connect()`` hangs until the client's connect timeout.

The recording redirect points at ``127.0.0.2`` (another host, still loopback), where
:class:`OtherHost` listens on the simulator's port and records what arrives, so a
test can prove the key never went there.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from alohub_tui.api.policy import RetryPolicy, Timeouts
from alohub_tui.sim.faults import FaultSettings

KEY = "reliability-key-7Qx9Zr2Lw"
OTHER_HOST = "127.0.0.2"
SHORT = 0.3  # read timeouts in the matrix (the simulator's "timeout" holds 5 s)
CONNECT = 0.2

TIMEOUTS = Timeouts(connect=CONNECT, make_call=SHORT, search=SHORT, update_queue=SHORT,
                    recording=SHORT, listing=SHORT)
POLICY = RetryPolicy()  # the shipped policy: what "retried within the policy" means
FAULT_SETTINGS = FaultSettings(
    timeout_s=5.0, drip_interval_s=0.0, drip_bytes=16, retry_after_s=1, huge_bytes=4 * 1024 * 1024,
    redirect_host=OTHER_HOST,
)
"""``drip_interval_s=0``, 16 bytes per write: the body still arrives in many small pieces
(the client must reassemble it) without making the suite slow;
``test_slow_drip_longer_than_the_read_timeout`` covers a drip that lasts longer than the
read timeout in total."""


@dataclass(frozen=True)
class Fault:
    id: str
    label: str
    sim: str | None = None  # simulator fault kind; None for a target fault
    target: str = "sim"  # "sim", "refused" or "connect-timeout"


FAULTS: tuple[Fault, ...] = (
    Fault("refused", "connection refused (closed port)", target="refused"),
    Fault("connect-timeout", "connect timeout (full accept backlog)", target="connect-timeout"),
    Fault("read-timeout", "read timeout (no answer for 5 s)", "timeout"),
    Fault("slowdrip", "slow-drip body (16-byte writes)", "slowdrip"),
    Fault("drop", "connection dropped after the request", "drop"),
    Fault("http401", "HTTP 401", "http401"),
    Fault("http403", "HTTP 403", "http403"),
    Fault("http404", "HTTP 404", "http404"),
    Fault("http429", "HTTP 429, Retry-After: 1 (seconds)", "http429"),
    Fault("http429date", "HTTP 429, Retry-After as an HTTP date", "http429date"),
    Fault("http500", "HTTP 500", "http500"),
    Fault("http502", "HTTP 502", "http502"),
    Fault("http503", "HTTP 503, Retry-After: 1", "http503"),
    Fault("envelope", "HTTP 200 with the failure envelope", "envelope"),
    Fault("malformed", "malformed JSON (body cut in half)", "malformed"),
    Fault("html", "HTML error page (502 text/html)", "html"),
    Fault("wrongtype", "wrong content type (200 text/plain)", "wrongtype"),
    Fault("huge", "huge body (4 MiB)", "huge"),
    Fault("redirect", "redirect to another host (127.0.0.2)", "redirect"),
)
FAULT_IDS = [f.id for f in FAULTS]
#: Faults after which the simulator did run the request but the answer was lost.
LOST_ANSWER = frozenset({"read-timeout", "drop", "malformed"})


def queue_lost_answer_check(fault: Fault, message: str) -> list[str]:
    """After a lost answer the change did reach Alohub: the message must say it may have."""
    if fault.id in LOST_ANSWER and "may have reached" not in message:
        return ["does not say the queue change may have been applied"]
    return []
BY_ID = {f.id: f for f in FAULTS}


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    yield port


@contextmanager
def full_backlog() -> Iterator[int]:
    """A loopback port whose accept queue is full: connects to it hang."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port: int = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(3):  # backlog 0 still queues one; a spare makes sure
            filler = socket.socket()
            filler.setblocking(False)
            with suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        yield port
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


@dataclass
class OtherHost:
    """Listens on ``127.0.0.2:port`` and keeps every request's headers."""

    port: int
    seen: list[dict[str, Any]] = field(default_factory=list)
    _runner: web.AppRunner | None = None

    async def __aenter__(self) -> OtherHost:
        async def anything(request: web.Request) -> web.Response:
            self.seen.append({"path": request.path, "headers": dict(request.headers)})
            return web.Response(body=b"\xff\xfb\x18\xc0" + bytes(140), content_type="audio/mpeg")

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", anything)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, OTHER_HOST, self.port).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def got_key(self) -> bool:
        return any(KEY in str(r["headers"]) for r in self.seen)


@contextmanager
def target_port(fault: Fault, sim_port: int) -> Iterator[int]:
    """The port a surface should talk to for ``fault``."""
    if fault.target == "refused":
        with closed_port() as port:
            yield port
    elif fault.target == "connect-timeout":
        with full_backlog() as port:
            yield port
    else:
        yield sim_port


async def no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)
