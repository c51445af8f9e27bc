"""SVG snapshots of each wall page (overview, agents, missed calls) at 80x24 and 160x48.

Deterministic: a fixed set of calls in a store of its own (no receiver, no simulator),
a receiver run recorded for the whole day, the clock pinned, "last event" pinned by the
events' arrival time, no cursor. Update with ``--snapshot-update`` after looking at the
report (and at the pages in a terminal: docs/WALL.md).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.config import CatalogAgent, CatalogConfig, Config
from alohub_tui.live.service import LivePlan, LiveService
from alohub_tui.ui.wall import WallApp
from alohub_tui.ui.widgets.callback_tile import CallbackTile
from alohub_tui.vntime import VN_TZ
from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.samples import call_payload
from alohub_tui.webhook.store import EventStore
from alohub_tui.webhook.uptime import UptimeLog

NOW = datetime(2026, 11, 27, 10, 30, 0, tzinfo=VN_TZ)
AGENTS = (("userName60", "Nguyễn Minh Chi"), ("userName61", "Võ Thu Sơn"),
          ("userName62", "Võ Đức Quân"), ("userName66", "Bùi Đức Thảo"))
ENDINGS = ("ended", "ended", "missed", "ended", "busy", "ended", "noanswer", "ended")
HOTLINES = ("19006688", "19001234")


def payloads() -> Iterator[dict[str, Any]]:
    """24 calls from 08:25, every 5 minutes; the last two still in progress (posted
    while talking and ringing: the day has live evidence)."""
    start = NOW.replace(tzinfo=None, hour=8, minute=25)
    for i in range(24):
        user = AGENTS[i % len(AGENTS)][0]
        step = "answered" if i == 22 else "ringing" if i == 23 else ENDINGS[i % len(ENDINGS)]
        inbound = i % 3 != 0
        yield call_payload(
            f"CALL{i:03d}", step, start=start + timedelta(minutes=5 * i), agent=user,
            ring=4 + (i * 7) % 31, talk=40 + (i * 37) % 200, hold=(i % 4) * 5,
            direction="inbound" if inbound else "outbound",
            caller_number=f"09{i:02d}555{i:03d}" if inbound else "6688",
            destination_number=HOTLINES[i % 2] if inbound else f"08{i:02d}444{i:03d}",
            hotline=HOTLINES[i % 2] if inbound else "",
        )


@pytest.fixture
def service(tmp_path: Path) -> Iterator[LiveService]:
    db = tmp_path / "events.sqlite3"
    with EventStore(db) as store:
        for payload in payloads():
            store.add(CallEvent.parse(payload))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET received_at = ?",
                     ((NOW - timedelta(seconds=17)).timestamp(),))
    uptime = UptimeLog(db)
    midnight = NOW.replace(hour=0, minute=0)
    uptime.beat(uptime.started("webhook", midnight.timestamp()), NOW.timestamp() - 5)
    uptime.close()
    live = LiveService(LivePlan(db))
    live.start()
    yield live
    live.stop()


def showing(page: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, WallApp)
        for _ in range(200):
            if app.reading is not None and all(t.reads for t in app.query(CallbackTile)):
                break
            await asyncio.sleep(0.02)
        await pilot.press(str(app.pages.index(page) + 1))
        await pilot.pause()
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("page", ["overview", "agents", "missed"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_wall(page: str, size: tuple[int, int], service: LiveService,
              snap_compare: Any) -> None:
    catalog = CatalogConfig(agents=tuple(CatalogAgent(u, n, ()) for u, n in AGENTS))
    app = WallApp(Resolved(Config(catalog=catalog), Secret("")), clock=lambda: NOW,
                  service=service)
    assert snap_compare(app, terminal_size=size, run_before=showing(page))
