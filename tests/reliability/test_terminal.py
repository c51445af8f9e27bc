"""Terminal robustness: hang-up in a real pty, tiny sizes, no colour, keyboard only."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _faults import KEY
from _pty import PtyApp, app_env
from textual.widgets import Input, Static, TabbedContent

from alohub_tui.sim.server import Simulator
from alohub_tui.ui.app import AlohubApp

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pty")


@pytest.fixture
def pty_app(sim: Simulator, tmp_path: Path) -> Iterator[PtyApp]:
    env = app_env(sim, tmp_path, KEY)
    app = PtyApp([], env)
    app.start()
    try:
        yield app
    finally:
        app.close()


@pytest.mark.parametrize("how", ["sighup", "close"])
async def test_terminal_going_away_ends_the_app_and_records_the_dial(
    how: str, sim: Simulator, pty_app: PtyApp, tmp_path: Path
) -> None:
    await pty_app.wait_for_output(b"Recent dials")
    sim.set_faults(["timeout@makecall"])  # answers after 5 s: the dial stays in flight
    pty_app.type("0912345673\r")
    for _ in range(200):
        if any(r["path"].endswith("/makeCall") for r in sim.requests):
            break
        await asyncio.sleep(0.05)  # the loop keeps serving the simulator meanwhile
    else:
        pytest.fail("the dial never reached the simulator")

    pty_app.hang_up(how)
    code, seconds, cpu = await pty_app.wait_exit(timeout=5.0)

    assert code is not None and seconds <= 2.0, f"still running {seconds:.1f} s after {how}"
    assert cpu < 1.5, f"{cpu:.1f} s of CPU while going away"
    assert code == 129  # 128 + SIGHUP, after a clean exit (not killed by the signal)
    (store,) = (tmp_path / "data" / "profiles").glob("*/local.sqlite3")
    with sqlite3.connect(store) as conn:
        (dial,) = [json.loads(data) for (data,) in conn.execute("SELECT data FROM dials")]
    assert dial["number"] == "0912345673"
    assert dial["outcome"] == "unknown" and "terminal closed" in dial["detail"]
    made = [r for r in sim.requests if r["path"].endswith("/makeCall")]
    assert len(made) == 1


# ------------------------------------------------------------------ Pilot-level checks

def rendered(app: AlohubApp) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Static) if w.display)


async def test_resize_to_40x12_and_back(sim: Simulator, app_factory: Any) -> None:
    app: AlohubApp = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        for tab in ("f2", "f3", "f4", "f5"):
            await pilot.press(tab)
            for size in ((40, 12), (20, 6), (80, 24)):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                assert app.is_running
                app.export_screenshot()  # renders every visible widget at this size
        await pilot.press("f2")
        assert app.query_one("#phone", Input).display


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TEXTUAL_COLOR_SYSTEM": "standard"}])
async def test_no_colour_and_16_colours_stay_readable(
    env: dict[str, str], sim: Simulator, app_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app: AlohubApp = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"call me", "enter")  # invalid: a ✗ and words
        await pilot.pause()
        text = rendered(app)
        assert "✗" in text and "Not sent" in text
        sim.set_faults(["envelope@makecall"])
        app.query_one("#phone", Input).value = ""
        await pilot.press(*"0912345673", "enter")
        await pilot.pause(0.5)
        text = rendered(app)
        assert "✗ Refused by Alohub" in text
        svg = app.export_screenshot()
        assert "Refused" in svg


async def test_every_tab_and_its_main_action_by_keys(sim: Simulator, app_factory: Any) -> None:
    app: AlohubApp = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        tabs = app.query_one("#tabs", TabbedContent)
        for key, tab in (("f3", "history"), ("f4", "agents"), ("f5", "live"), ("f2", "dial")):
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == tab
        await pilot.press(*"0912345673", "f9")  # Dial: F9 calls
        await pilot.pause(0.3)
        assert any(r["path"].endswith("/makeCall") for r in sim.requests)
        await pilot.press("f3", "ctrl+r")  # History: Ctrl+R searches
        await pilot.pause(0.5)
        assert any(r["path"].endswith("/searchCallV2") for r in sim.requests)
        await pilot.press("f4")  # Agents: Enter on an agent opens the editor
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "QueueEditorScreen"
        await pilot.press("escape", "f1")  # help lists the keys
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
