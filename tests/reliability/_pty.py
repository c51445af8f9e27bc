"""Run ``python -m alohub_tui`` in a real pseudo-terminal, as a terminal emulator would.

The child gets its own session with the pty as controlling terminal, so closing the
master end makes the kernel send SIGHUP, like closing a terminal window or an SSH drop.
A thread drains the master so the app never blocks writing to a full pty.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def app_env(sim: Any, tmp_path: Path, key: str) -> dict[str, str]:
    """The environment of a TUI on ``sim`` with every folder under ``tmp_path``."""
    config = tmp_path / "config.toml"
    config.write_text('[dial]\ndefault_extension = "6688"\n', encoding="utf-8")
    return {
        **os.environ, "TERM": "xterm-256color", "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"), "ALOHUB_TUI_CONFIG": str(config),
        "ALOHUB_TUI_STATE_DIR": str(tmp_path / "state"),
        "ALOHUB_TUI_DATA_DIR": str(tmp_path / "data"),
        "ALOHUB_API_KEY": key, "ALOHUB_BASE_URL": sim.base_url,
        "ALOHUB_MEDIA_URL": sim.media_url,
    }


def _controlling_tty() -> None:  # runs in the child, before exec
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@dataclass
class PtyApp:
    args: list[str]
    env: Mapping[str, str]
    size: tuple[int, int] = (80, 24)
    output: bytearray = field(default_factory=bytearray)

    def start(self) -> None:
        self.master, slave = os.openpty()
        cols, rows = self.size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "alohub_tui", *self.args], stdin=slave, stdout=slave,
            stderr=slave, preexec_fn=_controlling_tty, env=dict(self.env), close_fds=True,
        )
        os.close(slave)
        self.master_open = True
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def send(self, data: bytes) -> None:
        """Raw bytes, as a terminal (or tmux) writes them for a key."""
        os.write(self.master, data)

    async def wait_for_output(self, marker: bytes, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.output:
            assert self.proc.poll() is None, f"app exited early: {bytes(self.output[-500:])!r}"
            assert time.monotonic() < deadline, f"{marker!r} never shown"
            await asyncio.sleep(0.05)

    def cpu_seconds(self) -> float:
        """User + system CPU the child has used so far (Linux /proc)."""
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def hang_up(self, how: str) -> None:
        if how == "sighup":
            self.proc.send_signal(signal.SIGHUP)
        else:
            os.close(self.master)
            self.master_open = False

    async def wait_exit(self, timeout: float) -> tuple[int | None, float, float]:
        """(exit code or None, seconds waited, CPU seconds used while waiting)."""
        started, cpu = time.monotonic(), self.cpu_seconds()
        while time.monotonic() - started < timeout:
            pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
            if pid:
                self.proc.returncode = os.waitstatus_to_exitcode(status)
                return (self.proc.returncode, time.monotonic() - started,
                        usage.ru_utime + usage.ru_stime - cpu)
            await asyncio.sleep(0.02)
        return None, time.monotonic() - started, self.cpu_seconds() - cpu

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.master_open:
            os.close(self.master)
            self.master_open = False
