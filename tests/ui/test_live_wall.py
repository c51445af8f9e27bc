"""Wall mode: counters, agents, missed calls, the quiet badge, and surviving errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from _live_ui import NOW, WEBHOOK_KEY, fill_store, fixed_clock, post, row_keys, text
from conftest import wait_for
from textual.widgets import DataTable, Digits

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.config import CatalogAgent, CatalogConfig, Config
from alohub_tui.live.service import LivePlan, LiveService
from alohub_tui.ui.wall import WallApp
from alohub_tui.webhook.listen import Listen
from alohub_tui.webhook.samples import call_payload

AGENTS = CatalogConfig(agents=(CatalogAgent("userName66", "Bùi Đức Thảo", ("6688",)),
                               CatalogAgent("userName61", "Võ Thu Sơn", ("6188",))))


def resolved() -> Resolved:
    return Resolved(Config(catalog=AGENTS), Secret(""))


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[LiveService]:
    db = tmp_path / "events.sqlite3"
    fill_store(db, [
        call_payload("a1", "ended", agent="userName66", talk=90),
        call_payload("m1", "missed", agent="userName61", direction="inbound",
                     caller_number="0977000111", destination_number="19006688"),
        call_payload("t1", "answered", agent="userName61"),
    ], (NOW - timedelta(seconds=42)).timestamp())
    service = LiveService(LivePlan(db))
    service.start()
    yield service
    service.stop()


def digits(app: WallApp, key: str) -> str:
    return app.query_one(f"#digits-{key}", Digits).value


async def test_wall_shows_counters_agents_missed_calls_and_last_event(
    stored: LiveService,
) -> None:
    app = WallApp(resolved(), clock=fixed_clock(), service=stored)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: digits(app, "calls") == "3")
        assert digits(app, "answered") == "2" and digits(app, "missed") == "1"
        assert digits(app, "rate") == "67%"
        assert row_keys(app, "#wall-missed") == ["m1"]
        agents = app.query_one("#wall-agents", DataTable)
        assert "talking" in str(agents.get_cell("userName61", "now"))
        assert row_keys(app, "#wall-agents")[0] == "userName61"  # busiest first
        assert "last event 42 s ago" in text(app, "#wall-badge")
        assert not app.query_one("#wall-badge").has_class("quiet")
        assert app.focused is None  # nothing to type into: read-only


async def test_badge_warns_when_events_stop(stored: LiveService) -> None:
    app = WallApp(resolved(), clock=fixed_clock(NOW + timedelta(minutes=6)), service=stored)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.stats is not None)
        await pilot.pause()
        assert "NO EVENTS FOR 6 min" in text(app, "#wall-badge")
        assert app.query_one("#wall-badge").has_class("quiet")


async def test_wall_keeps_running_through_refresh_errors(
    stored: LiveService, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = WallApp(resolved(), clock=fixed_clock(), service=stored)
    real = stored.read_stats
    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("disk I/O error")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stored, "read_stats", flaky)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "refresh failed" in text(app, "#wall-status"))
        assert app.query_one("#wall-status").has_class("problem")
        await wait_for(pilot, lambda: digits(app, "calls") == "3", timeout=10)
        assert "refresh failed" not in text(app, "#wall-status")


async def test_wall_takes_events_from_its_receiver(tmp_path: Path) -> None:
    plan = LivePlan(tmp_path / "events.sqlite3", Listen("127.0.0.1", 0), Secret(WEBHOOK_KEY))
    service = LiveService(plan)
    service.start()
    try:
        assert service.url is not None
        app = WallApp(resolved(), clock=fixed_clock(), service=service)
        async with app.run_test(size=(160, 48)) as pilot:
            assert app.screen.has_class("-wide") and app.screen.has_class("-tall")
            await post(service.url, call_payload("r1", "ringing", agent="userName66"))
            await wait_for(pilot, lambda: row_keys(app, "#wall-calls") == ["r1"])
            await post(service.url, call_payload("r1", "noanswer", agent="userName66"))
            await wait_for(pilot, lambda: row_keys(app, "#wall-missed") == ["r1"])
            await wait_for(pilot, lambda: digits(app, "missed") == "1")
            assert "receiving call events" in text(app, "#wall-status")
    finally:
        service.stop()


async def test_layout_adapts_between_80x24_and_200x60(stored: LiveService) -> None:
    app = WallApp(resolved(), clock=fixed_clock(), service=stored)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: digits(app, "calls") == "3")
        assert not app.query_one("#tile-hold").display
        assert [c.key.value for c in app.query_one("#wall-missed", DataTable).ordered_columns] \
            == ["time", "customer", "status"]
        assert str(app.query_one("#wall-missed", DataTable).get_cell("m1", "customer")) \
            == "0977000111"
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert app.query_one("#tile-hold").display
        assert "agent" in [c.key.value for c in
                           app.query_one("#wall-missed", DataTable).ordered_columns]
        assert row_keys(app, "#wall-missed") == ["m1"]
