"""Two-step startup: the first frame has the Dial tab; History, Agents and Live follow.

``App.run_test`` (Textual's own, not :meth:`AlohubApp.run_test`, which waits for every
tab) hands over the pilot before the second step, which these tests hold back so that a
key pressed "too early" is tested every time, not only when the race goes that way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from conftest import AppFactory, wait_for
from textual.app import App
from textual.widgets import Input, Static, TabbedContent

from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.tabs.agents import AgentsTab
from alohub_tui.ui.tabs.history import HistoryTab
from alohub_tui.ui.tabs.live import LiveTab


@pytest.fixture
def held_back(monkeypatch: pytest.MonkeyPatch) -> Iterator[asyncio.Event]:
    """An event that lets the app's second startup step run once it is set."""
    gate = asyncio.Event()
    build = AlohubApp._build_remaining_tabs

    async def gated(app: AlohubApp) -> None:
        await gate.wait()
        await build(app)

    monkeypatch.setattr(AlohubApp, "_build_remaining_tabs", gated)
    yield gate


async def test_first_frame_is_dial_and_the_rest_follows(
    app_factory: AppFactory, held_back: asyncio.Event
) -> None:
    app = app_factory()
    async with App.run_test(app, size=(80, 24)) as pilot:
        tabs = app.query_one("#tabs", TabbedContent)
        assert tabs.active == "dial"
        assert isinstance(app.focused, Input) and app.focused.id == "phone"
        for pane in ("history", "agents", "live"):
            placeholder = tabs.get_pane(pane).query_one(".tab-loading", Static)
            assert str(placeholder.render()) == "Loading…"
        assert app._client is None  # no HTTP stack before the first frame
        held_back.set()
        await app.wait_until_built()
        await pilot.pause()
        assert not app.query(".tab-loading")
        assert [type(t) for t in (app.query_one(HistoryTab), app.query_one(AgentsTab),
                                  app.query_one(LiveTab))] == [HistoryTab, AgentsTab, LiveTab]
        assert app._client is not None and app.live is not None
        assert isinstance(app.focused, Input) and app.focused.id == "phone"  # undisturbed


@pytest.mark.parametrize(("key", "pane", "focus_in"), [
    ("f3", "history", HistoryTab), ("f4", "agents", AgentsTab), ("f5", "live", LiveTab),
])
async def test_a_tab_chosen_before_it_is_built_opens_when_ready(
    app_factory: AppFactory, held_back: asyncio.Event, key: str, pane: str,
    focus_in: type[HistoryTab | AgentsTab | LiveTab],
) -> None:
    app = app_factory()
    async with App.run_test(app, size=(80, 24)) as pilot:
        tabs = app.query_one("#tabs", TabbedContent)
        await pilot.press(key)
        await pilot.pause()
        assert tabs.active == pane
        assert app.focused is None  # not left in Dial, which would switch back to it
        held_back.set()
        await app.wait_until_built()
        tab = app.query_one(focus_in)
        await wait_for(pilot, lambda: app.focused is not None and tab in app.focused.ancestors)
        assert tabs.active == pane
        if pane == "history":  # its first search runs when it is first shown
            status = app.query_one("#history-status", Static)
            await wait_for(pilot, lambda: "page 1 of" in str(status.render()))
