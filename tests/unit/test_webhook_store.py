"""EventStore: durability settings, dedupe, the never-backwards rule, counters."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alohub_tui.vntime import VN_TZ
from alohub_tui.webhook.events import Stage
from alohub_tui.webhook.samples import call_event
from alohub_tui.webhook.store import EventStore, StoreClosed

DAY = datetime(2024, 1, 13)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "events.sqlite3"


@pytest.fixture
def store(db: Path) -> Iterator[EventStore]:
    with EventStore(db) as opened:
        yield opened


def test_file_is_private_and_durable(store: EventStore, db: Path) -> None:
    store.add(call_event("c1"))
    for path in (db, db.with_name(db.name + "-wal")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    # the store writes with synchronous=FULL
    assert store._writer.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_existing_file_is_tightened(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.touch(mode=0o644)
    os.chmod(db, 0o644)
    EventStore(db).close()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_duplicates_are_stored_once(store: EventStore) -> None:
    event = call_event("c1", "answered")
    assert store.add(event) is True
    assert store.add(event) is False
    assert store.add(call_event("c1", "ended")) is True
    assert store.event_count() == 2
    found = store.call("c1")
    assert found is not None and found.event_count == 2


def test_end_before_answer_keeps_the_call_ended(store: EventStore) -> None:
    end, answer = call_event("c1", "ended"), call_event("c1", "answered", agent="late")
    store.add(end)
    store.add(answer)
    found = store.call("c1")
    assert found is not None
    assert found.event.stage is Stage.ENDED
    assert found.event.endtime == end.endtime and found.event.user_name == "agent1"
    assert store.call("missing") is None


def test_queries(store: EventStore) -> None:
    for i in range(5):
        store.add(call_event(f"c{i}", start=DAY + timedelta(hours=i), transaction_id=f"T{i}"))
    assert [c.event.call_id for c in store.recent_calls(limit=3)] == ["c4", "c3", "c2"]
    assert [c.event.call_id for c in store.recent_calls(limit=2, offset=3)] == ["c1", "c0"]
    since = [c.event.call_id for c in store.calls_since(DAY + timedelta(hours=3), 10)]
    assert since == ["c4", "c3"]
    aware = (DAY + timedelta(hours=3)).replace(tzinfo=VN_TZ).astimezone(UTC)
    assert [c.event.call_id for c in store.calls_since(aware, 10)] == since
    found = store.find_by_transaction("T2")
    assert found is not None and found.event.call_id == "c2"
    assert store.find_by_transaction("nope") is None and store.find_by_transaction("") is None


def test_last_event_at(store: EventStore) -> None:
    assert store.last_event_at() is None
    before = datetime.now(VN_TZ)
    store.add(call_event("c1"))
    last = store.last_event_at()
    assert last is not None and before - timedelta(seconds=1) <= last <= datetime.now(VN_TZ)


def test_counters_on_a_known_set(store: EventStore) -> None:
    events = [
        call_event("a1", "ended", talk=100, hold=10, agent="ann"),
        call_event("a2", "ended", talk=200, hold=30, agent="ann"),
        call_event("b1", "ended", talk=60, hold=0, agent="bob"),
        call_event("b2", "answered", agent="bob"),  # on the phone now
        call_event("m1", "missed", agent="bob"),
        call_event("m2", "busy", agent=""),
        call_event("r1", "ringing", agent=""),
        call_event("old", "ended", start=DAY - timedelta(hours=1)),  # before the window
    ]
    for event in events:
        store.add(event)
    counters = store.counters_between(DAY, DAY + timedelta(days=1))
    assert (counters.calls, counters.answered, counters.missed) == (7, 4, 2)
    assert counters.in_progress == 2  # b2 talking, r1 ringing
    assert counters.answer_rate == pytest.approx(4 / 6)
    assert counters.avg_talk_seconds == pytest.approx(120)
    assert counters.avg_hold_seconds == pytest.approx(40 / 3)
    assert set(counters.agents) == {"ann", "bob"}
    ann, bob = counters.agents["ann"], counters.agents["bob"]
    assert (ann.answered, ann.missed, ann.talk_seconds, ann.avg_talk_seconds) == (2, 0, 300, 150)
    assert (bob.answered, bob.missed, bob.talk_seconds) == (2, 1, 60)
    empty = store.counters_between(DAY + timedelta(days=1), DAY + timedelta(days=2))
    assert empty.calls == 0 and empty.answer_rate is None and empty.avg_talk_seconds is None


def test_survives_reopening(db: Path) -> None:
    with EventStore(db) as first:
        first.add(call_event("c1", "answered"))
    with EventStore(db) as second:
        assert second.event_count() == 1
        assert second.add(call_event("c1", "answered")) is False
        assert second.add(call_event("c1", "ended")) is True
        found = second.call("c1")
        assert found is not None and found.event.is_final and found.event_count == 2


def test_concurrent_writers_group_commit(store: EventStore) -> None:
    events = [call_event(f"c{i % 300}", ("answered", "ended")[i // 300 % 2]) for i in range(1200)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(store.add, events))
    assert sum(results) == 600 and store.event_count() == 600
    assert all(c.event.is_final for c in store.recent_calls(limit=1000))


def test_closed_store_refuses(db: Path) -> None:
    store = EventStore(db)
    store.close()
    store.close()
    with pytest.raises(StoreClosed):
        store.add(call_event("c1"))
    with pytest.raises(StoreClosed):
        store.event_count()
