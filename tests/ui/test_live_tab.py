"""Live tab: events posted to the app's own receiver over loopback, as Alohub would."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from _live_ui import (
    NOW,
    WEBHOOK_KEY,
    cell,
    fill_store,
    fixed_clock,
    post,
    row_keys,
    text,
)
from conftest import AppFactory, wait_for
from textual.widgets import DataTable, Input

from alohub_tui.config import WebhookConfig
from alohub_tui.dial.record import Dial
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.tabs.dial import DialTab
from alohub_tui.ui.tabs.live import LiveTab
from alohub_tui.webhook.samples import DEFAULT_START, call_payload

FEED = "#live-feed"


@pytest.fixture
def sim_config() -> SimConfig:  # live calls at 50x speed: the dial test lasts a second
    return SimConfig(port=0, api_key="k", seed=7, calls=50, speed=50)


@pytest.fixture
def live_app(app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch) -> AlohubApp:
    monkeypatch.setenv("ALOHUB_WEBHOOK_KEY", WEBHOOK_KEY)
    app = app_factory(webhook=WebhookConfig(listen="127.0.0.1:0"))
    app.clock = fixed_clock()
    return app


def url(app: AlohubApp) -> str:
    assert app.live is not None and app.live.url is not None
    return app.live.url


async def test_a_call_is_shown_ringing_then_updated_in_place_when_it_ends(
    live_app: AlohubApp,
) -> None:
    async with live_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        assert live_app.query_one("#tabs").active == "live"  # type: ignore[attr-defined]
        await post(url(live_app), call_payload("c1", "ringing"))
        await wait_for(pilot, lambda: row_keys(live_app, FEED) == ["c1"])
        assert "☎ ringing" in cell(live_app, FEED, "c1", "status")
        assert cell(live_app, FEED, "c1", "duration") == "…"

        await post(url(live_app), call_payload("c1", "answered"))
        await wait_for(pilot, lambda: "talking" in cell(live_app, FEED, "c1", "status"))
        await post(url(live_app), call_payload("c1", "ended", talk=125))
        await wait_for(pilot, lambda: "answered" in cell(live_app, FEED, "c1", "status"))
        assert row_keys(live_app, FEED) == ["c1"]  # the same row, updated in place
        assert cell(live_app, FEED, "c1", "duration") == "2:10"
        assert cell(live_app, FEED, "c1", "time") == "15:00:30"

        # A late, repeated "answered" never turns the ended call back.
        await post(url(live_app), call_payload("c1", "answered"))
        await pilot.pause(0.3)
        assert "✓ answered" in cell(live_app, FEED, "c1", "status")


async def test_newest_first_and_typing_filters(live_app: AlohubApp) -> None:
    later = DEFAULT_START + timedelta(minutes=5)
    async with live_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert live_app.focused is live_app.query_one("#live-filter", Input)
        await post(url(live_app), call_payload("old", "missed", agent="userName61"),
                   call_payload("new", "ended", start=later, caller_number="0987000111"))
        await wait_for(pilot, lambda: row_keys(live_app, FEED) == ["new", "old"])
        await pilot.press(*"missed")
        await wait_for(pilot, lambda: row_keys(live_app, FEED) == ["old"])
        await pilot.press("escape")
        await wait_for(pilot, lambda: row_keys(live_app, FEED) == ["new", "old"])
        await pilot.press(*"0987")
        await wait_for(pilot, lambda: row_keys(live_app, FEED) == ["new"])


async def test_pause_holds_events_and_resume_applies_them(live_app: AlohubApp) -> None:
    async with live_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await post(url(live_app), call_payload("c1", "ringing"))
        await wait_for(pilot, lambda: row_keys(live_app, FEED) == ["c1"])

        await pilot.press("f6")
        assert "PAUSED" in text(live_app, "#live-state")
        await post(url(live_app), call_payload("c1", "ended"), call_payload("c2", "ringing"))
        await wait_for(pilot, lambda: "2 events waiting" in text(live_app, "#live-state"))
        assert row_keys(live_app, FEED) == ["c1"]
        assert "ringing" in cell(live_app, FEED, "c1", "status")

        await pilot.press("f6")
        await wait_for(pilot, lambda: set(row_keys(live_app, FEED)) == {"c1", "c2"})
        assert "answered" in cell(live_app, FEED, "c1", "status")
        assert "LIVE" in text(live_app, "#live-state")


async def test_counters_since_midnight_come_from_the_store(live_app: AlohubApp) -> None:
    yesterday = DEFAULT_START - timedelta(days=1)
    async with live_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await post(
            url(live_app),
            call_payload("a1", "ended", talk=60, hold=10, agent="userName66"),
            call_payload("a2", "ended", talk=120, hold=0, agent="userName66"),
            call_payload("m1", "missed", agent="userName61"),
            call_payload("old", "ended", start=yesterday),  # before 00:00: not counted
        )
        await wait_for(pilot, lambda: "Calls 3" in text(live_app, "#live-counters"),
                       timeout=15)
        counters = text(live_app, "#live-counters")
        assert "✓ Answered 2" in counters and "✗ Unanswered 1" in counters
        assert "Answer % 67%" in counters
        assert "Avg talk 1:30" in counters and "Avg hold 0:05" in counters
        agents = live_app.query_one("#live-agents", DataTable)
        assert agents.get_cell("userName66", "answered") == "2"
        assert agents.get_cell("userName61", "missed") == "1"
        assert agents.get_cell("userName66", "talk") == "1:30"


async def test_a_dial_matched_by_transaction_id_updates_at_once(
    live_app: AlohubApp, sim: Simulator
) -> None:
    """The simulator posts its webhooks to the app: the dial's outcome follows them
    before the Dial tab's first look-up by transactionId (2 s after the dial)."""
    live_app.clock = fixed_clock(NOW.replace(year=2030))  # after the sim's live calls
    async with live_app.run_test(size=(80, 24)) as pilot:
        await sim.set_webhook(url(live_app), WEBHOOK_KEY)
        dial_tab = live_app.query_one(DialTab)
        await pilot.press(*"0912 345 673", "enter")  # last digit 3: answered
        await wait_for(pilot, lambda: bool(dial_tab.dials) and dial_tab.dials[0].outcome
                       == "in call", timeout=1.5)
        txn = dial_tab.dials[0].transaction_id
        look_ups = [r for r in sim.requests if "search" in r["path"].lower()
                    and r["body"].get("transactionId")]  # not the receiver's backfill
        assert not look_ups
        assert "in call" in cell(live_app, "#recent-dials", txn, "outcome")
        await wait_for(pilot, lambda: dial_tab.dials[0].final, timeout=10)
        assert dial_tab.dials[0].outcome == "answered"


async def test_apply_call_event_ignores_other_transactions(live_app: AlohubApp) -> None:
    async with live_app.run_test(size=(80, 24)) as pilot:
        dial_tab = live_app.query_one(DialTab)
        dial = Dial(NOW.replace(tzinfo=None), "0912345678", "6688", "TXN_1", outcome="sent")
        dial_tab.dials.insert(0, dial)
        await post(url(live_app), call_payload("x1", "ended", transaction_id="TXN_2"))
        await post(url(live_app), call_payload("x2", "missed", transaction_id="TXN_1"))
        await wait_for(pilot, lambda: dial.final)
        assert dial.outcome == "missed" and dial.call_id == "x2"


async def test_listen_without_a_key_warns_and_shows_stored_events(
    app_factory: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ALOHUB_WEBHOOK_KEY", raising=False)
    app = app_factory(webhook=WebhookConfig(listen="127.0.0.1:0"))
    fill_store(app.resolved.profile.events_db,
               [call_payload("s1", "ended"), call_payload("s2", "missed")], 0.0)
    app.clock = fixed_clock()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        assert app.live is not None and app.live.receiver is None
        assert any("ALOHUB_WEBHOOK_KEY" in n.message for n in app._notifications)
        await wait_for(pilot, lambda: set(row_keys(app, FEED)) == {"s1", "s2"})
        assert "ALOHUB_WEBHOOK_KEY is empty" in text(app, "#live-note")
        await wait_for(pilot, lambda: "Calls 2" in text(app, "#live-counters"))


async def test_events_from_a_standalone_receiver_show_up(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    """No [webhook] listen, but `alohub-tui webhook` fills the profile's store."""
    app = app_factory()
    db = app.resolved.profile.events_db
    fill_store(db, [call_payload("s1", "ended")], 0.0)
    app.clock = fixed_clock()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await wait_for(pilot, lambda: row_keys(app, FEED) == ["s1"])
        fill_store(db, [call_payload("s2", "ringing", start=DEFAULT_START.replace(minute=9))],
                   1.0)
        await wait_for(pilot, lambda: row_keys(app, FEED) == ["s2", "s1"], timeout=10)


async def test_no_webhook_and_no_store_says_how_to_set_it_up(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        assert app.live is not None and app.live.store is None
        assert "[webhook] listen" in text(app, "#live-note")
        assert app.query_one(LiveTab).feed.limit == 500


async def test_events_while_hidden_are_shown_when_the_tab_opens(live_app: AlohubApp) -> None:
    async with live_app.run_test(size=(80, 24)) as pilot:
        live = live_app.query_one(LiveTab)
        await post(url(live_app), call_payload("h1", "ringing"))
        await wait_for(pilot, lambda: live.feed.get("h1") is not None)
        assert row_keys(live_app, FEED) == []  # hidden: the table is not touched
        await pilot.press("f5")
        await wait_for(pilot, lambda: row_keys(live_app, FEED) == ["h1"])
        assert "☎ ringing" in cell(live_app, FEED, "h1", "status")


async def test_slash_goes_to_the_filter_and_is_never_typed_in_it(live_app: AlohubApp) -> None:
    """F5 lands in the filter; a "/" pressed there out of habit (/ moves to the filter)
    was typed, and the filter matched nothing."""
    async with live_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        field = live_app.query_one("#live-filter", Input)
        assert live_app.focused is field
        await pilot.press("slash", *"miss")
        assert field.value == "miss"
        await pilot.press("escape", "slash", "slash", *"ed")  # from the feed, then again
        assert live_app.focused is field and field.value == "ed"
