"""The wall's callbacks tile (issue 19): open callbacks and the oldest one's wait, from the
wall's event store and the profile's claims and outcomes; shown from 140 columns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from _live_ui import NOW, fill_store, fixed_clock
from conftest import wait_for
from textual.widgets import Digits

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.config import Config
from alohub_tui.live.service import LivePlan, LiveService
from alohub_tui.store.callbacks import DONE, Outcome
from alohub_tui.store.local import open_local_store
from alohub_tui.ui.wall import WallApp
from alohub_tui.ui.widgets.callback_tile import CallbackTile
from alohub_tui.webhook.samples import DEFAULT_START, call_payload


def missed(call_id: str, number: str, minutes: int) -> dict[str, object]:
    return call_payload(call_id, "missed", start=DEFAULT_START + timedelta(minutes=minutes),
                        direction="inbound", caller_number=number,
                        destination_number="19006688")


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[LiveService]:
    db = tmp_path / "events.sqlite3"
    fill_store(db, [missed("m1", "0977000111", 0), missed("m2", "+84977000222", 4),
                    call_payload("o1", "ended", direction="outbound",
                                 destination_number="0977000333")], NOW.timestamp())
    service = LiveService(LivePlan(db))
    service.start()
    yield service
    service.stop()


def tile(app: WallApp) -> CallbackTile:
    return app.query_one(CallbackTile)


async def test_the_tile_counts_open_callbacks_and_the_oldest_wait(stored: LiveService) -> None:
    resolved = Resolved(Config(), Secret(""))
    with open_local_store(resolved.profile) as store:  # someone marked the oldest done
        store.callbacks.add_outcome(NOW.date(), Outcome("0977000111", DONE, "An",
                                                        NOW - timedelta(minutes=1)))
    app = WallApp(resolved, clock=fixed_clock(), service=stored)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: tile(app).reads > 0)
        assert tile(app).display and tile(app).query_one(Digits).value == "1"
        assert tile(app).border_subtitle == "wait 5m"  # 15:04:30 to 15:10


async def test_without_an_event_store_the_tile_says_why(tmp_path: Path) -> None:
    service = LiveService(LivePlan(None))
    app = WallApp(Resolved(Config(), Secret("")), clock=fixed_clock(), service=service)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: tile(app).reads > 0)
        assert tile(app).border_subtitle == "n/a: no webhook"


async def test_the_tile_gives_way_at_80_columns(stored: LiveService) -> None:
    app = WallApp(Resolved(Config(), Secret("")), clock=fixed_clock(), service=stored)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert not tile(app).display and tile(app).region.width == 0
