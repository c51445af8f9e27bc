"""A child process on a real pseudo-terminal, with timestamped output.

Used by the cold-start and keypress-echo benchmarks: Pilot drives an app from inside its
own event loop (and adds its own waits), while a pty measures what a user sees: bytes
reaching the terminal. The output is kept as plain text with the escape sequences
removed, so "the first frame" or "the echo" is found by searching for text.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Sequence

# CSI ... final byte, OSC ... BEL/ST, DCS/APC ... ST, and two-byte ESC sequences.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[P_^][^\x1b]*\x1b\\|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f]"
)


class PtyProcess:
    """``argv`` with its stdin/stdout/stderr on a new pty of ``cols`` x ``rows``."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], *, cols: int = 100,
                 rows: int = 30, cwd: str | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
            start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._lock = threading.Condition()
        self._pending = b""
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._text = ""
        self._times: list[tuple[int, float]] = []  # (text length, time it was reached)
        self.raw_bytes = 0  # bytes the child wrote to the terminal, escapes included
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self._master], [], [], 0.5)
                if not ready:
                    if self.process.poll() is not None:
                        return
                    continue
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            now = time.perf_counter()
            if not chunk:
                return
            with self._lock:
                self.raw_bytes += len(chunk)
                self._text += self._strip(chunk)
                self._times.append((len(self._text), now))
                self._lock.notify_all()

    def _strip(self, chunk: bytes) -> str:
        """Plain text of ``chunk``, holding back an escape sequence cut by the read."""
        data = self._pending + chunk
        cut = data.rfind(b"\x1b")
        if cut >= 0 and _ESCAPES.match(data, cut) is None and len(data) - cut < 256:
            data, self._pending = data[:cut], data[cut:]
        else:
            self._pending = b""
        return self._decoder.decode(_ESCAPES.sub(b"", data))

    @property
    def text(self) -> str:
        with self._lock:
            return self._text

    def mark(self) -> int:
        """The current length of the plain text, to search only what comes after it."""
        with self._lock:
            return len(self._text)

    def wait_for(self, needle: str, *, since: int = 0, timeout: float = 30.0) -> float:
        """perf_counter time at which ``needle`` appeared after offset ``since``."""
        deadline = time.perf_counter() + timeout
        with self._lock:
            while True:
                found = self._text.find(needle, since)
                if found >= 0:
                    end = found + len(needle)
                    return next(t for length, t in self._times if length >= end)
                remaining = deadline - time.perf_counter()
                if remaining <= 0 or (self.process.poll() is not None and not self._reader
                                      .is_alive()):
                    tail = self._text[-400:]
                    raise TimeoutError(f"{needle!r} not seen; output ends {tail!r}")
                self._lock.wait(min(remaining, 0.5))

    def send(self, data: bytes) -> float:
        """Write ``data`` as typed keys; returns the time it was written."""
        os.write(self._master, data)
        return time.perf_counter()

    def close(self) -> None:
        """SIGTERM the child's session, then SIGKILL; close the pty."""
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            if self.process.poll() is not None:
                break
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        os.close(self._master)
        self._reader.join(timeout=2)

    def __enter__(self) -> PtyProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
