"""``alohub-tui serve`` on the command line: refusals are one line with the right code."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest


def run(tmp_path: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "c"),
           "ALOHUB_TUI_DATA_DIR": str(tmp_path / "d"), "ALOHUB_TUI_STATE_DIR": str(tmp_path / "s")}
    for name in ("ALOHUB_TUI_CONFIG", "ALOHUB_API_KEY", "ALOHUB_SERVE_TOKEN"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "alohub_tui", "serve", *args], env=env,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("args", "words"), [
    (("--app",), "add --allow-actions"),
    (("--max-sessions", "500"), "--max-sessions must be between 1 and 64"),
    (("--listen", "localhost"), "host:port"),
    (("--public-url", "noc.example"), "--public-url must be an http(s) URL"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args: tuple[str, ...],
                                           words: str) -> None:
    result = run(tmp_path, *args)
    assert result.returncode == 2
    assert words in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_the_full_app_on_a_tenant_needs_the_api_key(tmp_path: Path) -> None:
    result = run(tmp_path, "--app", "--allow-actions", "--base-url", "https://t.example/api")
    assert result.returncode == 2 and "ALOHUB_API_KEY" in result.stderr


def test_a_port_in_use_exits_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(tmp_path, "--listen", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
