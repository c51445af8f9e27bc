"""Opening the event store: no write unless new or older, the migrations from schemas 1
and 2, a newer file refused, a failure described in one line."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from alohub_tui.vntime import to_epoch
from alohub_tui.webhook.samples import DEFAULT_START, call_event, call_payload
from alohub_tui.webhook.store import EventStore
from alohub_tui.webhook.store_schema import (
    SCHEMA_VERSION,
    StoreVersionError,
    describe_failure,
)
from alohub_tui.webhook.uptime import UptimeLog

#: Schema 1, as alohub-tui wrote it before posts were kept by content.
V1_SCHEMA = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY, call_id TEXT NOT NULL, call_status TEXT NOT NULL,
    endtime TEXT NOT NULL, received_at REAL NOT NULL, raw TEXT NOT NULL,
    UNIQUE (call_id, call_status, endtime)
);
CREATE TABLE calls (
    call_id TEXT PRIMARY KEY, at_local TEXT NOT NULL, first_seen REAL NOT NULL,
    updated_at REAL NOT NULL, event_count INTEGER NOT NULL, answered INTEGER NOT NULL,
    final INTEGER NOT NULL, talk INTEGER NOT NULL, hold INTEGER NOT NULL,
    user_name TEXT NOT NULL, transaction_id TEXT NOT NULL, state TEXT NOT NULL
);
CREATE INDEX calls_at_local ON calls (at_local);
CREATE INDEX calls_transaction ON calls (transaction_id);
PRAGMA user_version = 1;
"""


def _write_v1(db: Path) -> None:
    """Two calls: c1 (answered, then ended) and a far-future f1; post ids 3, 7, 9."""
    posts = [
        (3, call_payload("c1", "answered")),
        (7, call_payload("c1", "ended")),
        (9, call_payload("f1", "ringing", start=datetime(2099, 1, 1))),
    ]
    seen = to_epoch(DEFAULT_START + timedelta(seconds=6))
    conn = sqlite3.connect(db)
    conn.executescript("PRAGMA journal_mode = WAL;" + V1_SCHEMA)
    for id_, post in posts:
        conn.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                     (id_, post["call_id"], post["call_status"], post["endtime"], seen,
                      json.dumps(post)))
    for call_id, post, count in (("c1", posts[1][1], 2), ("f1", posts[2][1], 1)):
        event = call_event(call_id, post["call_status"] if call_id == "f1" else "ended",
                           start=datetime(2099, 1, 1) if call_id == "f1" else DEFAULT_START)
        conn.execute(
            "INSERT INTO calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (call_id, post["starttime"], seen, seen, count, event.answered, event.is_final,
             event.talk_seconds, 0, event.user_name, "", json.dumps(event.to_payload())),
        )
    conn.commit()
    conn.close()


def test_a_schema_1_store_is_migrated_keeping_post_ids(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite3"
    _write_v1(db)
    with EventStore(db) as store:
        assert store.event_count() == 3 and store.last_event_id() == 9
        cursor, calls = store.calls_changed_after(7)
        assert cursor == 9 and [c.event.call_id for c in calls] == ["f1"]
        # the answered call now takes a second end post that adds what the first lacked
        assert store.add(call_event("c1", "ended", hangup_by="agent")) is True
        assert store.add(call_event("c1", "ended")) is False  # the same as post 7
        found = store.call("c1")
        assert found is not None and found.event.hangup_by == "agent"
        # the far-future call is ordered by when it was first seen, and counts on no day
        day = DEFAULT_START.replace(hour=0, minute=0, second=0)
        assert store.counters_between(day, day + timedelta(days=1)).calls == 1
        assert store.calls_since(datetime(2099, 1, 1)) == []
        assert [c.event.call_id for c in store.recent_calls()] == ["f1", "c1"]  # 15:00:36
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_opening_a_current_store_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite3"
    with EventStore(db) as store:
        store.add(call_event("c1"))
    before = db.read_bytes()
    with EventStore(db) as store:
        assert store.event_count() == 1
        assert db.with_name(db.name + "-wal").stat().st_size == 0  # nothing written
        assert db.read_bytes() == before


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite3"
    EventStore(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreVersionError, match="newer alohub-tui"):
        EventStore(db)


def test_the_cause_of_a_failure_is_one_line(tmp_path: Path) -> None:
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
    text = describe_failure(full, tmp_path)
    assert text in ("database or disk is full",) or text.startswith("disk full (")
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorname = "SQLITE_BUSY"  # type: ignore[attr-defined]
    assert describe_failure(busy, tmp_path) == "database is locked (SQLITE_BUSY)"



def test_a_schema_2_store_gains_the_uptime_and_backfill_tables(tmp_path: Path) -> None:
    """Schema 3 adds the receiver's runs and the backfill's tables beside the events."""
    db = tmp_path / "events.sqlite3"
    with EventStore(db) as store:
        store.add(call_event("c1"))
    conn = sqlite3.connect(db)
    for table in ("receiver_runs", "searched_calls", "backfill_runs"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 2")  # as the release before them wrote it
    conn.commit()
    conn.close()
    log = UptimeLog(db)  # opening the side tables migrates too
    run = log.started("webhook", 1000.0)
    assert [r.run_id for r in log.runs(0, 2000)] == [run]
    log.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"receiver_runs", "searched_calls", "backfill_runs"} <= tables
    conn.close()
    with EventStore(db) as store:
        assert store.event_count() == 1
