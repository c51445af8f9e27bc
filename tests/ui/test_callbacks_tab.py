"""Callbacks tab (issue 19), driven by keys at 80x24 against the simulator on loopback.

The app reads today's calls with searchCallV2 (no webhook is set up here) on the
simulator's clock; a customer calls in through ``Simulator.receive_call``.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from _screen_text import screen_text
from conftest import API_KEY, SEED, sim_app_config, wait_for
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TabbedContent

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.config import CallbacksConfig, UiConfig
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.state import StateStore
from alohub_tui.store.callbacks import DONE
from alohub_tui.store.local import open_local_store
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.screens.callback_note import CallbackNoteScreen
from alohub_tui.vntime import VN_TZ

SPEED = 20.0  # the call back (3 s + 6 s of ringing) is answered in half a second


@pytest.fixture
def sim_config() -> SimConfig:
    return SimConfig(port=0, api_key=API_KEY, seed=SEED, calls=0, speed=SPEED)


def sim_clock(sim: Simulator) -> Callable[[], datetime]:
    return lambda: datetime.fromtimestamp(sim.clock.now(), VN_TZ)


@pytest.fixture
def make_app(sim: Simulator, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> Callable[..., AlohubApp]:
    monkeypatch.setenv("ALOHUB_TUI_DATA_DIR", str(tmp_path / "data"))

    def make(operator: str = "An", read_only: bool = False) -> AlohubApp:
        config = sim_app_config(sim, tmp_path)
        config = dataclasses.replace(config, callbacks=CallbacksConfig(
            operator=operator, search_interval_s=10), ui=UiConfig(read_only=read_only))
        return AlohubApp(Resolved(config, Secret(API_KEY)), StateStore(tmp_path / "s.toml"),
                         clock=sim_clock(sim))

    return make


def text_of(pilot: Pilot[Any], selector: str) -> str:
    return str(pilot.app.query_one(selector, Static).render())


def rows(pilot: Pilot[Any]) -> list[list[str]]:
    table = pilot.app.query_one("#callbacks-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def make_calls(sim: Simulator) -> list[dict[str, Any]]:
    return [r for r in sim.requests if r["path"].endswith("/makeCall")]


async def missed_call(sim: Simulator, number: str) -> None:
    sim.receive_call(number, ring_s=20)
    await asyncio.sleep(20 / SPEED + 0.2)


async def test_enter_claims_opens_dial_and_the_answered_call_back_clears_it(
        sim: Simulator, make_app: Callable[..., AlohubApp]) -> None:
    await missed_call(sim, "+84912345678")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await wait_for(pilot, lambda: len(rows(pilot)) == 1)
        number, times, waiting, state = rows(pilot)[0]
        assert (number, state) == ("0912345678", "● open")
        assert len(times) == len("10:30") and waiting
        status = text_of(pilot, "#callbacks-status")
        assert "1 open" in status and "from searchCallV2 every 10 s" in status
        assert "you: An" in status

        await pilot.press("enter")  # claim, and Dial opens with the number
        assert app.query_one("#tabs", TabbedContent).active == "dial"
        assert app.query_one("#phone", Input).value == "0912345678"
        assert app.focused is app.query_one("#phone", Input)
        assert "yours until" in text_of(pilot, "#dial-result")
        assert make_calls(sim) == []  # nothing rings until the operator presses Enter
        (claim,) = app.store.callbacks.claims(app.clock().date()).values()
        assert (claim.number, claim.operator) == ("0912345678", "An")

        await pilot.press("enter")  # Dial's own path: one makeCall with a transactionId
        await wait_for(pilot, lambda: len(make_calls(sim)) == 1)
        body = make_calls(sim)[0]["body"]
        assert body["phoneNumber"] == "0912345678" and body["transactionId"]

        await asyncio.sleep(10 / SPEED + 0.3)  # rung and answered
        await pilot.press("f12", "ctrl+r")
        await wait_for(pilot, lambda: rows(pilot)[0][3].startswith("✓ called back"))
        assert rows(pilot)[0][3].startswith("✓ called back by userName66 ")
        assert "0 open" not in text_of(pilot, "#callbacks-status")
        assert "none open" in text_of(pilot, "#callbacks-status")


async def test_another_windows_claim_shows_and_enter_does_not_open_dial(
        sim: Simulator, make_app: Callable[..., AlohubApp]) -> None:
    await missed_call(sim, "0987654321")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await wait_for(pilot, lambda: len(rows(pilot)) == 1)
        now = app.clock()
        with open_local_store(app.resolved.profile) as other:  # another window, same profile
            assert other.callbacks.claim(now.date(), "0987654321", "Binh", now,
                                         timedelta(minutes=15)).won
        await wait_for(pilot, lambda: rows(pilot)[0][3].startswith("☎ Binh ·"))
        await pilot.press("enter")
        assert app.query_one("#tabs", TabbedContent).active == "callbacks"
        assert "Binh is calling 0987654321 back" in text_of(pilot, "#callbacks-result")
        await pilot.press("n")  # not theirs to close either
        assert "Binh is calling" in text_of(pilot, "#callbacks-result")
        assert app.store.callbacks.outcomes(now.date()) == []
        assert make_calls(sim) == []


async def test_done_with_a_note_not_needed_and_reopen(
        sim: Simulator, make_app: Callable[..., AlohubApp]) -> None:
    await missed_call(sim, "0912000111")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await wait_for(pilot, lambda: len(rows(pilot)) == 1)
        await pilot.press("d")
        assert isinstance(app.screen, CallbackNoteScreen)
        await pilot.press(*"sent SMS", "enter")
        await wait_for(pilot, lambda: rows(pilot)[0][3].startswith("✓ done by An "))
        assert rows(pilot)[0][3].endswith(": sent SMS")
        (outcome,) = app.store.callbacks.outcomes(app.clock().date())
        assert (outcome.kind, outcome.operator, outcome.note) == (DONE, "An", "sent SMS")
        assert "none open" in text_of(pilot, "#callbacks-status")

        await pilot.press("o")
        await wait_for(pilot, lambda: rows(pilot)[0][3] == "● open")
        await pilot.press("f8")
        await wait_for(pilot, lambda: rows(pilot)[0][3].startswith("– not needed by An"))
        await pilot.press("d")  # closed: nothing to mark, no dialog
        assert not isinstance(app.screen, CallbackNoteScreen)
        assert "nothing to mark done" in text_of(pilot, "#callbacks-result")


async def test_release_gives_the_claim_back(sim: Simulator,
                                            make_app: Callable[..., AlohubApp]) -> None:
    await missed_call(sim, "0912000222")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await wait_for(pilot, lambda: len(rows(pilot)) == 1)
        await pilot.press("f9")
        await pilot.press("f12")
        assert rows(pilot)[0][3].startswith("☎ you · ")
        await pilot.press("u")
        assert rows(pilot)[0][3] == "● open"
        assert app.store.callbacks.claims(app.clock().date()) == {}


async def test_after_marking_an_item_the_cursor_is_on_the_next_open_one(
        sim: Simulator, make_app: Callable[..., AlohubApp]) -> None:
    sim.receive_call("0912000333", ring_s=20)
    await missed_call(sim, "0912000444")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await wait_for(pilot, lambda: len(rows(pilot)) == 2)
        await pilot.press("n")
        await wait_for(pilot, lambda: rows(pilot)[1][3].startswith("– not needed"))
        assert [row[0] for row in rows(pilot)] == ["0912000444", "0912000333"]
        assert app.query_one("#callbacks-table", DataTable).cursor_row == 0
        assert text_of(pilot, "#callbacks-detail").startswith("0912000444 ·")


async def test_read_only_mode_claims_nothing(sim: Simulator,
                                             make_app: Callable[..., AlohubApp]) -> None:
    await missed_call(sim, "0912000555")
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f12")
        await wait_for(pilot, lambda: len(rows(pilot)) == 1)
        await pilot.press("enter")
        assert app.query_one("#tabs", TabbedContent).active == "callbacks"
        assert "read-only mode" in text_of(pilot, "#callbacks-result")
        assert app.store.callbacks.claims(app.clock().date()) == {}
        await pilot.pause()
        # The whole line is on screen at 80 columns: its end ("not sent") was cut.
        assert "a call back is not sent" in " ".join(
            line.strip() for line in screen_text(app).splitlines())
