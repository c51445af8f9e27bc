"""``alohub-tui serve`` as a real process for the browser tests, and its app processes.

Files go under the test's temporary folder; the config can add a ``[webhook]`` receiver
(run by ``serve``, the profile's one receiver) with a key the test knows, so a test can
post call events the way Alohub does.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from alohub_tui.webhook.samples import call_payload
from bench.common import child_pids

WEBHOOK_KEY = "browser-test-webhook-key"
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.1)


class ServeProcess:
    """``python -m alohub_tui serve ARGS`` with its own files; ``url`` once it listens."""

    def __init__(self, tmp: Path, *args: str, webhook_port: int | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.tmp = tmp
        self.webhook_port = webhook_port
        config = tmp / "config" / "alohub-tui" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(
            f'[webhook]\nlisten = "127.0.0.1:{webhook_port}"\n' if webhook_port else "",
            encoding="utf-8")
        self.env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "ALOHUB_TUI_DATA_DIR": str(tmp / "data"),
            "ALOHUB_TUI_STATE_DIR": str(tmp / "state"),
            "ALOHUB_TUI_CACHE_DIR": str(tmp / "cache"),
            "ALOHUB_TUI_DOWNLOADS_DIR": str(tmp / "downloads"),
            "ALOHUB_WEBHOOK_KEY": WEBHOOK_KEY,
        }
        self.env.pop("ALOHUB_SERVE_TOKEN", None)
        self.env.update(env or {})
        self.args = args
        self.process: subprocess.Popen[str] | None = None
        self.url = ""
        self.output: list[str] = []

    def start(self) -> ServeProcess:
        self.stderr = (self.tmp / "serve.err").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "alohub_tui", "serve", *self.args],
            stdout=subprocess.PIPE, stderr=self.stderr, text=True, env=self.env,
            cwd=self.tmp,
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.output.append(line.rstrip())
            if match := re.match(r"\s*open: (\S+)", line):
                self.url = match.group(1).replace("0.0.0.0", "127.0.0.1")
                return self
        self.stop()
        raise AssertionError(f"serve did not start: {self.output} {self.errors()}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def apps(self) -> list[int]:
        """The live app processes (one per session)."""
        return [pid for pid in child_pids(self.pid) if alive(pid)]

    def errors(self) -> str:
        return (self.tmp / "serve.err").read_text(errors="replace")

    def post_call(self, call_id: str, step: str, start: object, **fields: object) -> None:
        """Post a call event to serve's webhook receiver, as Alohub does."""
        payload = call_payload(call_id, step, start=start, **fields)  # type: ignore[arg-type]
        response = httpx.post(f"http://127.0.0.1:{self.webhook_port}/alohub/webhook",
                              json=payload, headers={"Authorization": WEBHOOK_KEY},
                              timeout=10)
        assert response.status_code == 200, response.text

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.stderr.close()
