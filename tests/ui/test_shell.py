"""The app shell: tab keys, keymap overrides, help, theme memory, quit confirmation."""

from __future__ import annotations

import asyncio

from conftest import AppFactory, wait_for
from textual import events
from textual.widgets import Input, TabbedContent

from alohub_tui.config import UiConfig
from alohub_tui.sim.server import Simulator
from alohub_tui.state import StateStore
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.help import HelpScreen


async def test_tabs_by_function_keys_and_alt_digits(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        tabs = app.query_one("#tabs", TabbedContent)
        assert tabs.active == "dial"
        for key, tab in (("f3", "history"), ("f4", "agents"), ("f5", "live"), ("f2", "dial"),
                         ("alt+2", "history"), ("alt+4", "live"), ("alt+1", "dial")):
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == tab, key


async def test_keymap_override_from_config(app_factory: AppFactory) -> None:
    app = app_factory(ui=UiConfig(keymap={"tab.history": "f12"}))
    async with app.run_test(size=(80, 24)) as pilot:
        tabs = app.query_one("#tabs", TabbedContent)
        await pilot.press("f3")
        await pilot.pause()
        assert tabs.active == "dial"  # f3 was replaced
        await pilot.press("f12")
        await pilot.pause()
        assert tabs.active == "history"


async def test_help_lists_live_bindings_with_ids(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert isinstance(app.screen, HelpScreen)
        ids = {row.ident for row in app.screen.rows}
        assert {"app.help", "app.quit", "tab.dial", "tab.history", "dial.call"} <= ids
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        assert isinstance(app.focused, Input)  # back where the user was


async def test_theme_choice_is_remembered(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert StateStore(app.state.path).theme == "nord"
    again = app_factory()
    async with again.run_test(size=(80, 24)):
        assert again.theme == "nord"


async def test_quit_asks_while_a_dial_is_in_flight(
    sim: Simulator, app_factory: AppFactory
) -> None:
    sim.set_latency((4000, 4000))  # wide, so a loaded machine still quits mid-dial
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"0912345673", "enter")
        await wait_for(pilot, lambda: app.guarded_work_in_flight() == ["a dial"])
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        # The dial's answer; the look-up of its outcome may go on (it is not guarded).
        await wait_for(pilot, lambda: not app.guarded_work_in_flight(), timeout=30)
        await pilot.press("ctrl+q")
        await asyncio.sleep(0.2)
        assert not app.is_running  # nothing in flight: quits at once


async def test_toasts_show_brackets_literally(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#phone", Input).notify("Không tìm thấy agent [userName66]")
        await pilot.pause()
        (toast,) = list(app._notifications)
        assert toast.markup is False
        assert "[userName66]" in toast.message


async def test_keys_typed_in_one_burst_after_a_tab_key_reach_the_new_tab(
    app_factory: AppFactory,
) -> None:
    """``F2 0912…`` arrives from a terminal as one read: every key is queued before F2
    is handled, so the new tab must have the focus before the digits are dispatched."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        for key in ("f2", *"0912345678"):
            app.post_message(events.Key(key, None if key == "f2" else key))
        phone = app.query_one("#phone", Input)
        await wait_for(pilot, lambda: phone.value == "0912 345 678" or len(phone.value) >= 10)
        assert phone.value.replace(" ", "") == "0912345678"
        assert app.query_one("#live-filter", Input).value == ""


async def test_tab_keys_do_nothing_under_a_dialog(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        assert app.query_one("#tabs", TabbedContent).active == "dial"


async def test_quit_in_the_same_burst_as_a_dial_still_asks(
    sim: Simulator, app_factory: AppFactory
) -> None:
    """Enter and ctrl+q read together: the dial's worker has not started yet when ctrl+q
    is handled; the dial is in flight all the same."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"0912345673")
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("ctrl+q", None))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: bool(app.dial_tracker.dials)
                       and app.dial_tracker.dials[0].outcome != "sending")
        assert app.is_running
        made = [r for r in sim.requests if r["path"].endswith("/makeCall")]
        assert len(made) == 1 and app.dial_tracker.dials[0].number == "0912345673"
