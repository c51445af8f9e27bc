"""An app started by ``alohub-tui serve``: it reads the store serve names and never
receives webhooks itself; under ``serve --demo`` it uses serve's one simulator."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from alohub_tui.boot.connect import resolve
from alohub_tui.boot.demo import DEMO_EXTENSION
from alohub_tui.boot.live import live_plan
from alohub_tui.boot.served import SERVED_ENV, Served, SharedDemo, served_from_env
from alohub_tui.config import Config, ConfigError, WebhookConfig
from alohub_tui.live.service import LivePlan

DEMO = SharedDemo("http://127.0.0.1:1/api", "http://127.0.0.1:1", "demo-key", 3)


def test_the_context_survives_the_environment(tmp_path: Path) -> None:
    for served in (Served(tmp_path / "events.sqlite3", DEMO), Served(None)):
        assert served_from_env(served.to_env()) == served
    assert served_from_env({}) is None


@pytest.mark.parametrize("text", ["{", "[]", '{"event_store": null}',
                                  '{"event_store": null, "demo": {"seed": "x"}}'])
def test_a_garbled_context_is_a_config_error(text: str) -> None:
    with pytest.raises(ConfigError, match=SERVED_ENV):
        served_from_env({SERVED_ENV: text})


def test_a_served_app_only_reads_even_with_a_receiver_configured(tmp_path: Path) -> None:
    receiving = Config(webhook=WebhookConfig(listen="127.0.0.1:8787"))
    env = {"ALOHUB_WEBHOOK_KEY": "k", **Served(tmp_path / "events.sqlite3").to_env()}
    plan = live_plan(receiving, env=env)
    assert plan == LivePlan(tmp_path / "events.sqlite3") and not plan.receives
    assert live_plan(receiving, env={**env, **Served(None).to_env()}) == LivePlan(None)


def test_a_served_demo_app_uses_the_shared_simulator(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setenv(SERVED_ENV, Served(tmp_path / "e.sqlite3", DEMO).to_env()[SERVED_ENV])
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    monkeypatch.delenv("ALOHUB_TUI_CONFIG", raising=False)
    resolved = resolve(argparse.Namespace(demo=True), need_api=False)
    assert resolved.demo is None and resolved.is_demo  # no simulator of its own; DEMO badge
    assert resolved.config.api.base_url == DEMO.base_url
    assert resolved.api_key.reveal() == "demo-key"
    assert resolved.config.dial.default_extension == DEMO_EXTENSION
    assert resolved.config.catalog.agents  # the seeded tenant's agents, for the names


def test_an_app_whose_server_died_hangs_itself_up(tmp_path: Path) -> None:
    """serve killed outright: its app gets SIGHUP (a closed terminal) instead of lingering."""
    marker = tmp_path / "hung-up"
    app = textwrap.dedent(f"""
        import signal, sys, time
        from alohub_tui.boot.served import hang_up_when_orphaned
        def hung_up(*_):
            open({str(marker)!r}, "w").close()
            sys.exit(0)
        signal.signal(signal.SIGHUP, hung_up)
        hang_up_when_orphaned(interval=0.05)
        print("ready", flush=True)
        time.sleep(30)
    """)
    server = textwrap.dedent(f"""
        import subprocess, sys, time
        app = subprocess.Popen([sys.executable, "-c", {app!r}], stdout=subprocess.PIPE)
        print(app.pid, app.stdout.readline().decode().strip(), flush=True)
        time.sleep(30)
    """)
    parent = subprocess.Popen([sys.executable, "-c", server], stdout=subprocess.PIPE,
                              text=True)
    assert parent.stdout is not None
    pid, ready = parent.stdout.readline().split()
    assert ready == "ready" and not marker.exists()
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while not marker.exists():
        assert time.monotonic() < deadline, "the orphaned app did not hang up"
        time.sleep(0.05)
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()
