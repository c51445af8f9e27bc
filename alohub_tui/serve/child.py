"""One app process per browser session: start it, relay its packets, and end it for sure.

The process runs in its own session (process group) so that ending it also ends
anything it started. :meth:`AppProcess.stop` asks first (a "quit" packet, as closing the
page would), then sends SIGTERM, then SIGKILL, each after a grace period: an ended
session leaves no process behind, even one that hangs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from .protocol import DATA, META, PACKED, READY_LINE, meta_packet, read_packet

log = logging.getLogger(__name__)

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
START_TIMEOUT_S = 30.0
QUIT_GRACE_S = 3.0
TERM_GRACE_S = 2.0
STDERR_KEEP = 4096
#: Lines an app may print before the ready line (warnings) before we give up on it.
MAX_PRELUDE_LINES = 50

OnPacket = Callable[[bytes], Awaitable[None]]


class AppFailed(RuntimeError):
    """The app process ended (or never became ready) before it drew anything."""


@dataclass(frozen=True)
class AppCommand:
    """What every session runs: the argv, its environment, the frame rate."""

    argv: tuple[str, ...]
    env: Mapping[str, str]
    fps: int

    def environment(self, width: int, height: int) -> dict[str, str]:
        env = dict(self.env)
        env.update(
            TEXTUAL_DRIVER=WEB_DRIVER,
            TEXTUAL_FPS=str(self.fps),
            TEXTUAL_COLOR_SYSTEM="truecolor",
            TERM_PROGRAM="alohub-tui-serve",
            COLUMNS=str(width),
            ROWS=str(height),
        )
        return env


class AppProcess:
    """The process behind one session. ``on_data``/``on_meta``/``on_packed`` get the
    payloads of its packets, in order, while :meth:`pump` runs."""

    def __init__(self, command: AppCommand, width: int, height: int, *,
                 on_data: OnPacket, on_meta: OnPacket, on_packed: OnPacket) -> None:
        self.command = command
        self.size = (width, height)
        self._handlers = {DATA: on_data, META: on_meta, PACKED: on_packed}
        self._process: asyncio.subprocess.Process | None = None
        self._stderr: deque[bytes] = deque(maxlen=64)
        self._stderr_task: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def returncode(self) -> int | None:
        return self._process.returncode if self._process is not None else None

    def stderr_tail(self) -> str:
        text = b"".join(self._stderr)[-STDERR_KEEP:].decode("utf-8", errors="replace")
        return text.strip()

    async def start(self) -> None:
        """Start the process and wait until it speaks the driver protocol."""
        self._process = process = await asyncio.create_subprocess_exec(
            *self.command.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self.command.environment(*self.size),
            start_new_session=True,
        )
        assert process.stdout is not None and process.stderr is not None
        self._stderr_task = asyncio.create_task(self._keep_stderr(process.stderr))
        try:
            await asyncio.wait_for(self._await_ready(process.stdout), START_TIMEOUT_S)
        except TimeoutError:
            raise AppFailed(f"the app did not start within {START_TIMEOUT_S:.0f} s") from None

    async def _await_ready(self, stdout: asyncio.StreamReader) -> None:
        for _ in range(MAX_PRELUDE_LINES):
            try:
                line = await stdout.readline()
            except ValueError:  # a "line" longer than the stream's limit: not our app
                break
            if line == READY_LINE:
                return
            if not line:
                break
            log.info("app %s printed: %s", self.pid, line.decode(errors="replace").rstrip())
        if self._stderr_task is not None:  # let the last words arrive
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._stderr_task), 2.0)
        last = self.stderr_tail().splitlines()[-1:] or ["no message"]
        raise AppFailed(f"the app ended before drawing: {last[0]}")

    async def _keep_stderr(self, stderr: asyncio.StreamReader) -> None:
        while chunk := await stderr.read(1024):
            self._stderr.append(chunk)

    async def pump(self) -> None:
        """Relay packets until the app's output ends (it exited, or closed stdout)."""
        assert self._process is not None and self._process.stdout is not None
        stdout = self._process.stdout
        while (packet := await read_packet(stdout)) is not None:
            kind, payload = packet
            await self._handlers[kind](payload)

    async def send(self, packet: bytes) -> bool:
        """Write a packet to the app's stdin; False once it is gone."""
        stdin = self._process.stdin if self._process is not None else None
        if stdin is None or stdin.is_closing():
            return False
        try:
            stdin.write(packet)
            await stdin.drain()
        except (BrokenPipeError, ConnectionResetError, RuntimeError):
            return False
        return True

    async def stop(self) -> int | None:
        """End the process (ask, then SIGTERM, then SIGKILL); its exit code."""
        process = self._process
        if process is None:
            return None
        if process.returncode is None:
            await self.send(meta_packet({"type": "quit"}))
            if not await self._exited_within(QUIT_GRACE_S):
                self._signal_group(signal.SIGTERM)
                if not await self._exited_within(TERM_GRACE_S):
                    self._signal_group(signal.SIGKILL)
                    await process.wait()
        self._signal_group(signal.SIGKILL)  # anything it started, in its process group
        if process.stdin is not None:
            process.stdin.close()
        if self._stderr_task is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._stderr_task, 1.0)
        return process.returncode

    async def _exited_within(self, seconds: float) -> bool:
        assert self._process is not None
        try:
            await asyncio.wait_for(self._process.wait(), seconds)
        except TimeoutError:
            return False
        return True

    def _signal_group(self, sig: signal.Signals) -> None:
        if self._process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._process.pid, sig)
