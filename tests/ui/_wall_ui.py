"""Helpers for the wall tests: a day of calls in a store, the app on it, what it shows."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.config import CatalogAgent, CatalogConfig, Config, UiConfig
from alohub_tui.live.service import LivePlan, LiveService
from alohub_tui.ui.wall import WallApp
from alohub_tui.ui.wall.cells import Line
from alohub_tui.ui.wall.overview import Tile
from alohub_tui.vntime import VN_TZ
from alohub_tui.wallboard.settings import WallConfig
from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.samples import call_payload
from alohub_tui.webhook.store import EventStore
from alohub_tui.webhook.uptime import UptimeLog

NOW = datetime(2026, 11, 27, 10, 30, 0, tzinfo=VN_TZ)
LOCAL_NOW = NOW.replace(tzinfo=None)
MIDNIGHT = LOCAL_NOW.replace(hour=0, minute=0)
HOTLINE = "19006688"
AGENTS = CatalogConfig(agents=(CatalogAgent("userName66", "Bùi Đức Thảo", ("6688",)),
                               CatalogAgent("userName61", "Võ Thu Sơn", ("6188",))))


def inbound(call_id: str, step: str, start: datetime, **kw: Any) -> dict[str, Any]:
    kw.setdefault("hotline", HOTLINE)
    kw.setdefault("caller_number", f"09{abs(hash(call_id)) % 10**8:08d}")
    return call_payload(call_id, step, start=start, direction="inbound",
                        destination_number=HOTLINE, **kw)


def small_day() -> list[dict[str, Any]]:
    """Five ended inbound calls and one ringing (worked out in test_wall.py)."""
    t = LOCAL_NOW - timedelta(hours=1)
    return [
        inbound("a5", "ended", t, ring=5, agent="userName66"),
        inbound("a15", "ended", t + timedelta(minutes=5), ring=15, agent="userName66"),
        inbound("a30", "ended", t + timedelta(minutes=10), ring=30, agent="userName61"),
        inbound("s3", "missed", t + timedelta(minutes=15), ring=3, agent="userName61",
                caller_number="0977000333"),
        inbound("m40", "missed", t + timedelta(minutes=20), ring=40, agent="userName61",
                caller_number="0977000444"),
        inbound("r70", "ringing", LOCAL_NOW - timedelta(seconds=70), agent="userName66"),
    ]


def fill(db: Path, payloads: Iterable[dict[str, Any]],
         received_at: datetime = NOW - timedelta(seconds=17), *,
         up_since: datetime | None = MIDNIGHT) -> None:
    """Store the posts, all received at ``received_at`` (the "last event" age), and record
    a receiver up from ``up_since`` until now (None: record none)."""
    with EventStore(db) as store:
        for payload in payloads:
            store.add(CallEvent.parse(payload))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET received_at = ?", (received_at.timestamp(),))
    if up_since is not None:
        log = UptimeLog(db)
        run = log.started("webhook", up_since.replace(tzinfo=VN_TZ).timestamp())
        log.beat(run, NOW.timestamp() - 5)
        log.close()


def service_on(db: Path) -> LiveService:
    service = LiveService(LivePlan(db))
    service.start()
    return service


def small_day_service(tmp_path: Path) -> Iterator[LiveService]:
    """For a fixture: :func:`small_day` in a store, read by a service (stopped after)."""
    db = tmp_path / "events.sqlite3"
    fill(db, small_day())
    service = service_on(db)
    yield service
    service.stop()


def wall_app(service: LiveService, *, clock: Any = None, interval_s: float = 0.2,
             read_only: bool = False, **wall: Any) -> WallApp:
    config = Config(catalog=AGENTS, wall=dataclasses.replace(WallConfig(), **wall),
                    ui=UiConfig(read_only=read_only))
    return WallApp(Resolved(config, Secret("")), clock=clock or (lambda: NOW),
                   service=service, interval_s=interval_s)


def line(app: WallApp, widget_id: str) -> str:
    return app.query_one(f"#{widget_id}", Line).shown


def tile(app: WallApp, kpi: str) -> Tile:
    return app.query_one(f"#tile-{kpi}", Tile)


def tile_value(app: WallApp, kpi: str) -> str:
    view = tile(app, kpi).view
    return "" if view is None else view.value
