"""The one-shot commands' yes/no questions in a real terminal: Ctrl+C stops at once and
Ctrl+D is a no, each with a line saying nothing was sent, never a traceback.

Before: Ctrl+D at `call`'s or `queue`'s question printed an EOFError traceback, and
Ctrl+C was swallowed until Enter (asyncio.run's own SIGINT handler waits for the loop),
so the next line typed was taken as the answer.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from _pty import PtyApp, app_env

from alohub_tui.sim.server import SimConfig, Simulator

KEY = "prompt-pty-key-3b8f20"
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pty")

COMMANDS = {
    "call": (["call", "0912345673", "--ext", "6688"], b"[y/N]", "/makeCall"),
    "queue": (["queue", "userName66", "--callin", "1", "--ext", "6688"], b"[y/N]",
              "/updateQueue"),
    "plan-apply": (["plan", "apply", "morning"], b"to confirm:", "/updateQueue"),
}
KEYS = {"ctrl-c": (b"\x03", 130, b"interrupted; nothing was sent."),
        "ctrl-d": (b"\x04", 2, b"cancelled; nothing was sent.")}


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimConfig(port=0, api_key=KEY, seed=5, calls=0)) as simulator:
        yield simulator


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("command", COMMANDS)
async def test_a_question_answered_with_ctrl_c_or_ctrl_d_sends_nothing(
    sim: Simulator, tmp_path: Path, command: str, key: str,
) -> None:
    args, prompt, path = COMMANDS[command]
    data, code, line = KEYS[key]
    env = app_env(sim, tmp_path, KEY)
    shutil.copy(ROOT / "plans.example.toml", tmp_path / "plans.toml")  # beside the config
    app = PtyApp(args, env)
    app.start()
    try:
        await app.wait_for_output(prompt)
        app.send(data)
        exit_code, _, _ = await app.wait_exit(timeout=10)
        assert exit_code == code, bytes(app.output[-600:])
        assert line in app.output
        assert b"Traceback" not in app.output and KEY.encode() not in app.output
        assert [r for r in sim.requests if str(r["path"]).endswith(path)] == []
    finally:
        app.close()


@pytest.mark.parametrize("question", [0, 7], ids=["first", "key"])
async def test_config_init_stopped_with_ctrl_d_writes_nothing(
    sim: Simulator, tmp_path: Path, question: int,
) -> None:
    """At any question, also the hidden key (getpass): before, an EOFError traceback."""
    env = {**app_env(sim, tmp_path, KEY), "ALOHUB_TUI_CONFIG": ""}
    app = PtyApp(["config", "init"], env)
    app.start()
    try:
        await app.wait_for_output(b"[]: ")
        if question:  # the base URL, then Enter keeps each default
            app.type(f"{sim.base_url}\r" + "\r" * (question - 1))
            await app.wait_for_output(b"Enter skips): ")  # the hidden key
        app.send(b"\x04")
        exit_code, _, _ = await app.wait_exit(timeout=10)
        assert exit_code == 2, bytes(app.output[-600:])
        assert b"config init: cancelled;" in app.output and b"was not written." in app.output
        assert b"Traceback" not in app.output
        assert not (tmp_path / "config" / "alohub-tui" / "config.toml").exists()
    finally:
        app.close()
