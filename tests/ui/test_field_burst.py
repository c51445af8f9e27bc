"""Keys that arrive in one burst (over SSH, a terminal sends what was typed during a
round trip in one read) are applied to a field in the order they were typed.

Textual types a printable key in the field at once but lets a bound key (backspace,
arrows, ctrl+u) bubble up to the app before its action runs, so a digit typed after a
backspace landed before it (textual#6605). Each key is posted here as the terminal
driver posts it: all at once, without waiting in between.
"""

from __future__ import annotations

from typing import Any

from conftest import AppFactory
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from alohub_tui.sim.server import Simulator

PRINTABLE = {"space": " "}


def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Post every key at once, as the driver does for the bytes of one read."""
    for key in keys:
        character = PRINTABLE.get(key, key if len(key) == 1 else None)
        pilot.app.post_message(events.Key(key, character))


async def typed_in_burst(pilot: Pilot[Any], *keys: str) -> str:
    field = pilot.app.query_one("#phone", Input)
    assert pilot.app.focused is field
    burst(pilot, *keys)
    await pilot.pause()
    await pilot.pause()
    return field.value


async def test_a_backspace_in_a_burst_deletes_the_key_typed_before_it(
    sim: Simulator, app_factory: AppFactory
) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        assert await typed_in_burst(pilot, *"0915x", "backspace", "6") == "09156"


async def test_an_arrow_in_a_burst_moves_the_cursor_before_the_next_key(
    sim: Simulator, app_factory: AppFactory
) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        assert await typed_in_burst(pilot, *"0915", "left", "7") == "09175"


async def test_ctrl_u_in_a_burst_clears_only_what_was_typed_before_it(
    sim: Simulator, app_factory: AppFactory
) -> None:
    async with app_factory().run_test(size=(80, 24)) as pilot:
        assert await typed_in_burst(pilot, *"12ab", "ctrl+u", *"0914") == "0914"
