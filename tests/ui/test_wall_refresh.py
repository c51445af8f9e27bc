"""What the wall's refresh loop costs when nothing happens: it reads only when the store
changed or the clock changes something on screen, and it asks a store another process
writes less often once that store is quiet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _live_ui import WEBHOOK_KEY
from _wall_ui import fill, service_on, small_day, wall_app
from conftest import wait_for

from alohub_tui.api.secret import Secret
from alohub_tui.live.service import LivePlan, LiveService
from alohub_tui.ui.wall import refresh
from alohub_tui.wallboard.changes import StoreChanges
from alohub_tui.webhook.listen import Listen

INTERVAL = 0.2


@pytest.fixture
def quiet_day(tmp_path: Path) -> Iterator[LiveService]:
    """The small day without its ringing call: nothing on the overview moves with time."""
    db = tmp_path / "events.sqlite3"
    fill(db, small_day()[:-1])
    service = service_on(db)
    yield service
    service.stop()


async def test_reads_follow_the_clock_only_while_the_screen_shows_times(
        quiet_day: LiveService) -> None:
    app = wall_app(quiet_day, interval_s=INTERVAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.refresher is not None and app.refresher.reads > 0)
        refresher = app.refresher
        assert refresher is not None and not app._clock_matters()
        reads = refresher.reads
        await pilot.pause(1.5)  # 7 intervals; the idle interval is 5 s
        assert refresher.reads - reads <= 1
        await pilot.press("2")  # time in state: read every interval
        assert app._clock_matters()
        reads = refresher.reads
        await pilot.pause(1.5)
        assert refresher.reads - reads >= 4


async def test_with_its_own_receiver_the_wall_waits_for_the_inbox_not_a_poll(
        tmp_path: Path) -> None:
    plan = LivePlan(tmp_path / "events.sqlite3", Listen("127.0.0.1", 0), Secret(WEBHOOK_KEY))
    service = LiveService(plan, kind="wall")
    service.start()
    try:
        app = wall_app(service, interval_s=INTERVAL)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.refresher is not None)
            assert app.refresher is not None and len(service.inbox) == 0  # empty: falsy
            assert app.refresher.poll_s == INTERVAL  # not the 50 ms of a foreign store
    finally:
        service.stop()


async def test_a_quiet_store_is_asked_less_often(quiet_day: LiveService,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    real = StoreChanges.token

    def token(self: StoreChanges) -> Any:
        asked.append(1)
        return real(self)

    monkeypatch.setattr(StoreChanges, "token", token)
    monkeypatch.setattr(refresh, "QUIET_AFTER_S", 1.5)
    app = wall_app(quiet_day, interval_s=INTERVAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.refresher is not None and app.refresher.reads > 0)
        asked.clear()
        await pilot.pause(1.0)  # busy still: every 50 ms
        busy = len(asked)
        await pilot.pause(0.6)  # quiet from 1.5 s on
        asked.clear()
        await pilot.pause(1.0)
        quiet = len(asked)
    assert busy >= 10 and quiet <= 7  # 20 a second, then 4 (and the reads' own)
