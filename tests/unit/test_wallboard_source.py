"""The wall follows the event store: the day once, then only the calls that changed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from alohub_tui.vntime import VN_TZ
from alohub_tui.wallboard.settings import WallConfig
from alohub_tui.wallboard.source import StoreWall, day_aggregate, load_day
from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.samples import call_event
from alohub_tui.webhook.store import EventStore

DAY = date(2026, 11, 27)
T0 = datetime(2026, 11, 27, 9, 0, 0)
NOW = datetime(2026, 11, 27, 10, 0, 0, tzinfo=VN_TZ)
WALL = WallConfig(small_sample_calls=0)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite3"


@pytest.fixture
def store(db: Path) -> Iterator[EventStore]:
    with EventStore(db) as opened:
        yield opened


def inbound(call_id: str, step: str = "ended", **kw: Any) -> CallEvent:
    return call_event(call_id, step, direction="inbound", **kw)


def test_changed_calls_come_with_a_cursor(store: EventStore) -> None:
    assert store.last_event_id() == 0
    assert store.calls_changed_after(0) == (0, [])
    store.add(call_event("a", "ringing", start=T0))
    store.add(call_event("b", "ringing", start=T0))
    cursor, calls = store.calls_changed_after(0)
    assert cursor == store.last_event_id() == 2
    assert sorted(c.event.call_id for c in calls) == ["a", "b"]
    store.add(call_event("a", "answered", start=T0))
    store.add(call_event("a", "ended", start=T0))
    later, calls = store.calls_changed_after(cursor)
    assert later == 4 and [c.event.call_id for c in calls] == ["a"]  # one state per call
    assert calls[0].event.is_final
    assert store.calls_changed_after(later) == (later, [])
    first, calls = store.calls_changed_after(0, limit=1)
    assert first == 1 and [c.event.call_id for c in calls] == ["a"]


def test_calls_started_between(store: EventStore) -> None:
    for hour in (8, 9, 10):
        store.add(call_event(f"c{hour}", start=T0.replace(hour=hour)))
    found = store.calls_started_between(T0, T0.replace(hour=10))
    assert [c.event.call_id for c in found] == ["c9"]


def test_a_day_is_loaded_with_the_evening_before(store: EventStore) -> None:
    store.add(call_event("late", start=datetime(2026, 11, 26, 23, 50), talk=900))
    store.add(call_event("old", start=datetime(2026, 11, 25, 12, 0)))
    store.add(call_event("today", start=T0))
    store.add(call_event("tomorrow", start=datetime(2026, 11, 28, 0, 0)))
    assert sorted(c.facts.call_id for c in load_day(store, DAY)) == ["late", "today"]


def test_the_store_wall_reads_only_what_changed(db: Path, store: EventStore) -> None:
    store.add(inbound("a", start=T0, ring=10))
    wall = StoreWall(store, WALL)
    first = wall.read(NOW)
    assert first.overall.offered == 1
    # Another process writes the same file (the standalone receiver).
    with EventStore(db) as writer:
        writer.add(inbound("r", "ringing", start=T0 + timedelta(minutes=59, seconds=30)))
        writer.add(inbound("m", "missed", start=T0, ring=30))
    second = wall.read(NOW)
    assert (second.overall.offered, second.overall.abandoned) == (2, 1)
    assert second.overall.longest_wait_s.value == 30
    assert second == day_aggregate(store, WALL, DAY, NOW).snapshot(NOW)  # re-derivable


def test_the_store_wall_rolls_over_at_midnight(store: EventStore) -> None:
    evening = datetime(2026, 11, 27, 23, 59, 0)
    store.add(inbound("y", start=evening - timedelta(hours=1)))
    store.add(inbound("x", "answered", start=evening))
    wall = StoreWall(store, WALL)
    assert wall.read(evening.replace(tzinfo=VN_TZ)).overall.offered == 1
    store.add(inbound("x", "ended", start=evening, talk=120))
    after = datetime(2026, 11, 27, 17, 5, tzinfo=UTC)  # 00:05 on the 28th in Vietnam
    s = wall.read(after)
    assert s.day == date(2026, 11, 28) and s.overall.offered == 1
