"""A first run in a real terminal: no config and no key, so `alohub-tui` asks (the setup
screen), tests the connection, writes config.toml and opens the app; the key typed is
used for the session and written nowhere."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from _pty import PtyApp

from alohub_tui.config import parse_config
from alohub_tui.sim.server import SimConfig, Simulator

KEY = "first-run-pty-key-9d1e"
pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pty")


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimConfig(port=0, api_key=KEY, seed=4, calls=30)) as simulator:
        yield simulator


async def test_a_first_run_asks_tests_saves_and_opens(sim: Simulator, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("ALOHUB_")}
    env.update({"TERM": "xterm-256color", "HOME": str(tmp_path / "home"),
                "XDG_CONFIG_HOME": str(tmp_path / "config"),
                "ALOHUB_TUI_STATE_DIR": str(tmp_path / "state"),
                "ALOHUB_TUI_DATA_DIR": str(tmp_path / "data")})
    app = PtyApp([], env)
    app.start()
    try:
        await app.wait_for_output(b"first run")
        await asyncio.sleep(0.3)
        for answer in (sim.base_url, sim.media_url, "", "", KEY, "", "6688"):  # no gateway
            app.type(answer + "\r")  # Enter goes to the next question
            await asyncio.sleep(0.1)
        app.send(b"\x1b[15~")  # F5: test the connection
        await app.wait_for_output(b"Reached")
        app.send(b"\x1b[17~")  # F6: save and open the app
        await app.wait_for_output(b"Recent dials")
        config = tmp_path / "config" / "alohub-tui" / "config.toml"
        text = config.read_text(encoding="utf-8")
        assert KEY not in text and stat.S_IMODE(config.stat().st_mode) == 0o600
        assert parse_config(text).api.base_url == sim.base_url
        app.type("0912345673\r")  # the session uses the key typed in the setup
        for _ in range(100):
            if any(r["path"].endswith("/makeCall") for r in sim.requests):
                break
            await asyncio.sleep(0.05)
        made = [r for r in sim.requests if r["path"].endswith("/makeCall")]
        assert len(made) == 1 and made[0]["body"]["ipPhone"] == "6688"
    finally:
        app.close()
