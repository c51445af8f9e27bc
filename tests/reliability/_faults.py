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
import math
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from alohub_tui.api.errors import AlohubError, RateLimitError, ServerError
from alohub_tui.api.policy import RetryPolicy, Timeouts
from alohub_tui.sim.faults import FaultSettings

KEY = "reliability-key-7Qx9Zr2Lw"
OTHER_HOST = "127.0.0.2"
SHORT = 0.3  # read timeouts in the matrix (the simulator's "timeout" holds 5 s)
CONNECT = 0.2

TIMEOUTS = Timeouts(connect=CONNECT, make_call=SHORT, search=SHORT, update_queue=SHORT,
                    recording=SHORT, listing=SHORT)
POLICY = RetryPolicy()  # the shipped policy: what "retried within the policy" means
#: The CLI and TUI columns: the shipped attempts, tiny waits (the API columns prove the
#: real ones); with the simulator's Retry-After at 0 there (``FAST_RETRY_AFTER``).
FAST_POLICY = {"base_delay": 0.01, "max_delay": 0.02}
FAST_RETRY_AFTER = 0
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
    Fault("http429", "HTTP 429 with Retry-After in seconds", "http429"),
    Fault("http429date", "HTTP 429 with Retry-After as an HTTP date", "http429date"),
    Fault("http500", "HTTP 500", "http500"),
    Fault("http502", "HTTP 502", "http502"),
    Fault("http503", "HTTP 503 with Retry-After in seconds", "http503"),
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


#: The answer lost after the request may have arrived: what each write says then.
_LOST = {"makeCall": "Outcome unknown", "updateQueue": "Change may be applied"}
_KIND_BY_FAULT = {
    "refused": "Connection failed", "connect-timeout": "Timed out", "slowdrip": "succeeded",
    "huge": "succeeded", "http401": "Not authorised", "http403": "Not authorised",
    "http404": "Not found", "http429": "Rate limited", "http429date": "Rate limited",
    "http500": "Alohub server error", "http502": "Alohub server error",
    "http503": "Alohub server error", "html": "Alohub server error",
    "envelope": "Alohub refused",
}
_KIND_AFTER_SENDING = {"read-timeout": "Timed out", "drop": "Connection failed",
                       "malformed": "Unexpected response", "wrongtype": "Unexpected response",
                       "redirect": "Unexpected response"}
#: What a message of each kind of error says (the words the user reads).
KIND_PHRASES = {
    "Connection failed": "connect", "Timed out": "within", "Outcome unknown": "may have reached",
    "Change may be applied": "may have reached", "Not authorised": "API key",
    "Not found": "404", "Rate limited": "request rate", "Alohub server error": "on Alohub's side",
    "Alohub refused": "HỆ THỐNG OUTBOUND GẶP SỰ CỐ", "Unexpected response": "cannot use",
    "Refused": "Refused to send the API key",
}
#: The CLI's command for each of the client's operations.
OPERATION_OF = {"call": "makeCall", "history": "search", "queue": "updateQueue",
                "recording": "recording"}


#: "malformed" on a recording: the simulator cuts the MP3 in half (whole frames) and
#: labels it JSON. A recording is decided by its bytes, so it is one, shorter.
MP3_AS_JSON = "half the MP3 frames, labelled application/json: a recording by its bytes"


def expected_kind(fault: Fault, operation: str) -> str:
    """The error (its title) a user must be shown for ``fault`` during ``operation``
    (makeCall, search, updateQueue, recording); ``succeeded`` when none."""
    if fault.id in _KIND_BY_FAULT:
        return _KIND_BY_FAULT[fault.id]
    if operation in _LOST:  # a write whose answer was lost: it may have been applied
        return _LOST[operation]
    if fault.id == "redirect" and operation == "recording":
        return "Refused"  # the key is not sent to another host
    if fault.id == "malformed" and operation == "recording":
        return "succeeded"  # see MP3_AS_JSON
    return _KIND_AFTER_SENDING[fault.id]


def kind_check(fault: Fault, operation: str, message: str, title: str | None = None
               ) -> list[str]:
    """A failed check unless what was shown is what ``fault`` must give: a ✓ means the
    right error was shown. ``title`` is "succeeded" for a success, the error's title
    where the surface shows one, else None (then the message's words decide)."""
    want = expected_kind(fault, operation)
    if want == "succeeded":
        return [] if title == "succeeded" else [f"an error shown ({message:.50}), want success"]
    if title == "succeeded":
        return [f"succeeded, want '{want}'"]
    problems = []
    if title is not None and title != want:
        problems.append(f"'{title}' shown, want '{want}'")
    if KIND_PHRASES[want].casefold() not in message.casefold():
        problems.append(f"the message does not say '{KIND_PHRASES[want]}' ({want})")
    if want not in _LOST.values() and "may have reached" in message:
        problems.append("says the request may have reached Alohub, which it did not")
    return problems


RETRY_AFTER_FAULTS = frozenset({"http429", "http429date", "http503"})


class Waits:
    """The waits the retry policy chose during one cell (with whether each was a
    Retry-After), and the policy that chose them: what a column really used (the API
    matrix records its sleeps instead)."""

    def __init__(self) -> None:
        self.chosen: list[tuple[float, bool]] = []
        self.policy: RetryPolicy | None = None

    def clear(self) -> None:
        self.chosen.clear()

    def of(self, fault: Fault) -> list[float]:
        """The waits ``fault`` causes: Retry-After ones for a 429/503, else backoff ones
        (a TUI's background look-ups may retry something else meanwhile)."""
        return [delay for delay, retry_after in self.chosen
                if retry_after == (fault.id in RETRY_AFTER_FAULTS)]


WAITS = Waits()


class RecordingPolicy(RetryPolicy):
    """The shipped policy, noting each wait it chooses in :data:`WAITS`."""

    def delay_for(self, err: AlohubError, attempt: int, *, idempotent: bool,
                  rand: Callable[[], float]) -> float | None:
        delay = super().delay_for(err, attempt, idempotent=idempotent, rand=rand)
        if delay is not None:
            told = isinstance(err, RateLimitError | ServerError) and err.retry_after is not None
            WAITS.chosen.append((delay, told))
            WAITS.policy = self
        return delay


def retried(fault: Fault, received: int) -> bool:
    """Whether a CLI or TUI cell's operation was tried again: the simulator got it more
    than once, or it never reached it (a closed port, a full backlog: retried as never
    sent). Waits noted in a cell that did not are a background look-up's, not its own."""
    return received > 1 or fault.target != "sim"


def timing(fault: Fault, waits: list[float], policy: RetryPolicy | None) -> str:
    """What the retries of one cell waited, in words; "" when it did not retry."""
    if not waits or policy is None:
        return ""
    if fault.id in ("http429", "http503"):
        return "Retry-After " + "/".join(sorted({f"{w:g}" for w in waits})) + " s"
    if fault.id == "http429date":
        return f"Retry-After date (≤ {math.ceil(max(waits)):d} s)"
    return f"backoff {policy.base_delay:g}–{policy.max_delay:g} s"


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
