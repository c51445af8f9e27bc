"""A field that refuses a character says what it takes (once each time it gets the
focus): Textual only rings the bell, which tmux and SSH terminals often do not show, so
letters typed into an extension vanished without a word."""

from __future__ import annotations

from conftest import AppFactory
from textual.widgets import Input

from alohub_tui.sim.server import Simulator


async def test_a_letter_in_the_extension_says_what_an_extension_is(
    sim: Simulator, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        extension = app.query_one("#extension", Input)
        await pilot.press("tab")
        assert app.focused is extension
        await pilot.press("ctrl+u", *"66a8x")
        assert extension.value == "668"
        refusals = [n for n in app._notifications if n.title == "Not typed"]
        assert [n.message for n in refusals] == ["An extension is 2 to 8 digits."]
        await pilot.press("shift+tab", "tab", "y")  # once per focus: again after a move
        assert len([n for n in app._notifications if n.title == "Not typed"]) == 2


async def test_the_queue_editor_add_field_says_it_too(
    sim: Simulator, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        field = app.screen.query_one("#editor-new-ext", Input)
        field.focus()
        await pilot.press(*"abc")
        assert field.value == ""
        assert any(n.message == "An extension is 2 to 8 digits." for n in app._notifications)
