"""The ``sim`` command line, the package's layering, and the demo catalog."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest

from alohub_tui.sim import demo_catalog


def _run_cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "alohub_tui.sim", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "ALOHUB_API_KEY": "env-key"},
    )


def test_cli_prints_urls_and_key_and_stops_cleanly_on_ctrl_c() -> None:
    proc = _run_cli("--port", "0", "--calls", "50", "--fault", "http503:0.5@search")
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(5)]
        text = "".join(lines)
        assert "base URL:  http://127.0.0.1:" in text and text.count("/api") == 1
        assert "media URL: http://127.0.0.1:" in text
        assert "API key:   env-key" in text
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--host", "0.0.0.0"), "non-loopback"),
        (("--fault", "meteor"), "unknown fault kind"),
        (("--latency", "9-1"), "bad latency"),
        (("--host", "0.0.0.0"), "add --allow-remote"),
        (("--calls", "many"), "argument --calls: 'many' is not a whole number"),
        (("--speed", "nan"), "argument --speed: 'nan' is not a number"),
        (("--traffic", "x"), "argument --traffic: 'x' is not a number"),
        (("--webhook-url", "localhost:8787"), "'localhost:8787' is not an http(s) URL"),
    ],
)
def test_cli_refuses_bad_configuration(args: tuple[str, ...], message: str) -> None:
    proc = _run_cli("--port", "0", *args)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert message in err


def test_demo_catalog_shape() -> None:
    catalog = demo_catalog()
    assert catalog == demo_catalog(1)
    agent = next(a for a in catalog["agents"] if a["user_name"] == "userName66")
    assert agent["extensions"] == ["6688"] and agent["callin_ids"] == [1, 2]
    assert agent["callout_id"] == 99999 and agent["name"]
    assert {"id": 1, "name": "Sales"} in catalog["callin_queues"]
    assert {"id": 99999, "name": "Outbound"} in catalog["callout_queues"]
    assert {"extension": "6688", "user_name": "userName66"} in catalog["extensions"]
    assert len(catalog["agents"]) == 12


def test_cli_names_the_media_port_it_could_not_listen_on() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _run_cli("--port", "0", "--media-port", str(port))
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 1
    assert err == f"alohub-tui sim: cannot listen on 127.0.0.1:0 (media {port}): " \
        "Address already in use\n"
