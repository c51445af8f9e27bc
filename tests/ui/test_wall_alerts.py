"""The wall's reaction to alerts: banner, bell, the on_alert command (and its failure),
``a`` to acknowledge, and the hysteresis seen on screen, with a frozen clock."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from _wall_ui import LOCAL_NOW, NOW, fill, inbound, line, service_on, tile, wall_app
from conftest import wait_for

from alohub_tui.live.service import LiveService
from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.store import EventStore


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def answered(count: int, wait: int, tag: str) -> list[dict[str, Any]]:
    start = LOCAL_NOW - timedelta(hours=2)
    return [inbound(f"{tag}{n}", "ended", start + timedelta(minutes=n), ring=wait)
            for n in range(count)]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite3"


@pytest.fixture
def below(db: Path) -> Iterator[LiveService]:
    """Service level 9 ÷ 13 = 69%: below the alert threshold (70%)."""
    fill(db, answered(9, 5, "in") + answered(4, 30, "late"))
    service = service_on(db)
    yield service
    service.stop()


def add(db: Path, payloads: list[dict[str, Any]]) -> None:
    with EventStore(db) as store:  # another writer, as a receiver in its own process
        for payload in payloads:
            store.add(CallEvent.parse(payload))


def sl_level(app: Any) -> str:
    view = tile(app, "service_level").view
    return "" if view is None else f"{view.value} {view.level_text}"


async def test_entering_alert_rings_shows_a_banner_and_runs_on_alert(
        below: LiveService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "alert.json"
    script = ("import json, os, sys; json.dump({k: v for k, v in os.environ.items() "
              "if k.startswith('ALOHUB_')}, open(sys.argv[1], 'w'))")
    app = wall_app(below, small_sample_calls=0, bell=True,
                   on_alert=(sys.executable, "-c", script, str(out)))
    rings: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(1))
    monkeypatch.setenv("ALOHUB_API_KEY", "secret-the-command-never-sees")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: sl_level(app) == "69% ✗ alert <70%")
        await wait_for(pilot, lambda: out.exists() and out.stat().st_size > 0, timeout=10)
        banner = line(app, "wall-banner")
        assert banner == ("✗ ALERT Service level 69% (below 70%) since 10:30 · press a to "
                          "acknowledge")
        assert app.query_one("#wall-banner").display
        assert rings == [1]  # once, not at every refresh
        env = json.loads(out.read_text())
        assert env["ALOHUB_WALL_KPI"] == "service_level"
        assert env["ALOHUB_WALL_VALUE"].startswith("69.2")
        assert env["ALOHUB_WALL_TEXT"] == "69%"
        assert "ALOHUB_API_KEY" not in env
        await wait_for(pilot, lambda: "on_alert ran" in line(app, "wall-notes"))
        await pilot.pause(0.5)
        assert rings == [1] and app.alerting.commands == 1


async def test_a_failing_on_alert_command_is_shown_and_the_wall_goes_on(
        below: LiveService) -> None:
    fail = "import sys; sys.stderr.write('pager unreachable\\n'); sys.exit(3)"
    app = wall_app(below, small_sample_calls=0, on_alert=(sys.executable, "-c", fail))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "failed (exit 3): pager unreachable"
                       in line(app, "wall-notes"), timeout=10)
        assert app.query_one("#wall-notes").has_class("-warning")
        assert app.refresher is not None and app.refresher.running


@pytest.mark.parametrize("read_only", [False, True], ids=["", "read-only"])
async def test_a_acknowledges_on_this_screen(below: LiveService, read_only: bool) -> None:
    app = wall_app(below, small_sample_calls=0, read_only=read_only)
    assert app.resolved.config.ui.read_only is read_only
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.query_one("#wall-banner").display)
        await pilot.press("a")
        assert not app.query_one("#wall-banner").display
        assert sl_level(app) == "69% ✗ alert, ack <70%"  # the tile still says alert
        assert tile(app, "service_level").has_class("-warning")
        assert "acknowledged: Service level" in line(app, "wall-notes")
        await pilot.pause(0.5)  # later refreshes do not raise it again
        assert not app.query_one("#wall-banner").display
        await pilot.press("a")
        assert "no alert to acknowledge" in line(app, "wall-notes")


async def test_hysteresis_on_screen_with_a_frozen_clock(below: LiveService, db: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock(NOW)
    app = wall_app(below, clock=clock, small_sample_calls=0, bell=True, clear_after_s=30)
    rings: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(1))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: sl_level(app) == "69% ✗ alert <70%")
        add(db, answered(1, 5, "more"))  # 10 / 14 = 71%: above 70 but within the margin
        await wait_for(pilot, lambda: sl_level(app).startswith("71%"))
        assert sl_level(app) == "71% ✗ alert <70%" and app.query_one("#wall-banner").display
        add(db, answered(2, 5, "again"))  # 12 / 16 = 75%: back by the margin...
        await wait_for(pilot, lambda: sl_level(app).startswith("75%"))
        assert sl_level(app) == "75% ✗ alert <70%"  # ...but not yet for clear_after_s
        clock.now = NOW + timedelta(seconds=31)
        await wait_for(pilot, lambda: sl_level(app) == "75% ⚠ warn <80%")
        assert not app.query_one("#wall-banner").display
        add(db, answered(4, 30, "slow"))  # 12 / 20 = 60%: alert again, at once
        await wait_for(pilot, lambda: sl_level(app) == "60% ✗ alert <70%")
        assert app.query_one("#wall-banner").display
        assert "since 10:30" in line(app, "wall-banner")
        assert rings == [1, 1]  # one ring per entry into alert
