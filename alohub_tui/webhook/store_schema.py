"""The event store's SQLite file: its schema, opening it without writing, migrating it,
reading it when the disk is full, and saying why a write failed.

Opening writes nothing unless the file is new or has an older schema (then it is
created or migrated, in one transaction): a store on a full disk still opens, so the
receiver can answer 503 ("retry later") instead of exiting and the wall can still show
what is stored.

On a full disk SQLite may not even read a WAL database: each connection needs the
shared-memory index (the ``-shm`` file), and creating it takes space. A read that fails
so is done again on a short-lived connection in exclusive locking mode, which keeps
that index in memory (:func:`exclusive_reader`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..privfiles import opening_lock
from ..vntime import VN_TZ, local_text, to_local_naive, wire_text
from .events import CallEvent, believable_start, canonical_json

#: 1: one post per (call, status, end time); 2: every distinct post, a ``started``
#: column; 3: the receiver's uptime and the backfill's tables (:data:`_SIDE_TABLES`).
SCHEMA_VERSION = 3

_EVENTS = """
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,  -- only ever increases: calls_changed_after's cursor
    call_id     TEXT NOT NULL,
    received_at REAL NOT NULL,        -- Unix time
    raw         TEXT NOT NULL,        -- the post, as canonical JSON (events.canonical_json)
    digest      BLOB NOT NULL,        -- of raw: an exact duplicate is stored once
    UNIQUE (call_id, digest)  -- call ids grow with time: inserts land near each other
);
"""
_CALLS = """
CREATE TABLE calls (
    call_id        TEXT PRIMARY KEY,
    at_local       TEXT NOT NULL,  -- believable start, else first seen; Vietnam local, sortable
    started        TEXT NOT NULL DEFAULT '',  -- believable start time, '' when none
    first_seen     REAL NOT NULL,
    updated_at     REAL NOT NULL,
    event_count    INTEGER NOT NULL,
    answered       INTEGER NOT NULL,
    final          INTEGER NOT NULL,
    talk           INTEGER NOT NULL,
    hold           INTEGER NOT NULL,
    user_name      TEXT NOT NULL,
    transaction_id TEXT NOT NULL,
    state          TEXT NOT NULL  -- merged CallEvent.to_payload() as JSON
);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS calls_at_local ON calls (at_local);
CREATE INDEX IF NOT EXISTS calls_started ON calls (started);
CREATE INDEX IF NOT EXISTS calls_transaction ON calls (transaction_id);
"""

#: Beside the events: when a receiver was up (uptime.py), the calls a backfill found in
#: searchCallV2 and each search of a gap (searched.py). Schema 3; IF NOT EXISTS, as a
#: development build may have created them on first use.
_SIDE_TABLES = """
CREATE TABLE IF NOT EXISTS receiver_runs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,  -- "webhook", "tui", "wall", "serve", "demo"
    pid        INTEGER NOT NULL,
    host       TEXT NOT NULL,
    started_at REAL NOT NULL,  -- Unix time
    seen_at    REAL NOT NULL,  -- the last heartbeat
    stopped_at REAL            -- NULL while running, or when it ended without saying so
);
CREATE INDEX IF NOT EXISTS receiver_runs_seen ON receiver_runs (seen_at);
CREATE TABLE IF NOT EXISTS searched_calls (
    seq        INTEGER PRIMARY KEY,  -- replaced rows get a new one: a reader's cursor
    call_id    TEXT NOT NULL UNIQUE,
    at_local   TEXT NOT NULL,  -- start time, Vietnam local, sortable ('' if unknown)
    fetched_at REAL NOT NULL,
    state      TEXT NOT NULL,  -- CallEvent.to_payload() as JSON
    raw        TEXT NOT NULL   -- the record as searchCallV2 sent it
);
CREATE INDEX IF NOT EXISTS searched_calls_at ON searched_calls (at_local);
CREATE TABLE IF NOT EXISTS backfill_runs (
    id          INTEGER PRIMARY KEY,
    gap_start   REAL NOT NULL,
    gap_end     REAL NOT NULL,
    started_at  REAL NOT NULL,
    finished_at REAL NOT NULL,
    ok          INTEGER NOT NULL,
    calls       INTEGER NOT NULL,
    message     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS backfill_runs_gap ON backfill_runs (gap_end);
"""

#: SQLite could not set up a connection's shared-memory WAL index (the -shm file).
_NO_INDEX = frozenset({"SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_SHMMAP", "SQLITE_IOERR_SHMOPEN"})


class StoreVersionError(sqlite3.DatabaseError):
    """The file was written by a newer alohub-tui, with a schema this one cannot read."""


def digest(raw_json: str) -> bytes:
    return hashlib.blake2b(raw_json.encode("utf-8"), digest_size=16).digest()


def call_times(state: CallEvent, first_seen: float) -> tuple[str, str]:
    """``(at_local, started)`` of a call row: how the call sorts, and its start time
    when believable (:func:`~alohub_tui.webhook.events.believable_start`)."""
    seen = datetime.fromtimestamp(first_seen, UTC).astimezone(VN_TZ)
    start = believable_start(state, to_local_naive(seen))
    started = wire_text(start)
    return (started or local_text(seen)), started


def connect(path: Path) -> sqlite3.Connection:
    """A connection that waits for locks; opening it touches nothing on disk."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def make_durable(conn: sqlite3.Connection) -> None:
    """``synchronous = FULL`` before a connection writes: a commit is on disk when it
    returns. SQLite reads the file to set it, which a full disk may refuse (no_room)."""
    conn.execute("PRAGMA synchronous = FULL")


def no_wal_index(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite failing to set up the WAL index (on a full disk, say).
    The connection may then keep a lock: close it, never reuse it."""
    return getattr(exc, "sqlite_errorname", None) in _NO_INDEX


def no_room(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite failing for lack of disk space."""
    return getattr(exc, "sqlite_errorname", None) == "SQLITE_FULL" or no_wal_index(exc)


@contextlib.contextmanager
def exclusive_reader(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection for one read on a full disk (see the module docstring). It locks
    the file while open, so it is closed at once; it never writes."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True,
                           isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        yield conn
    finally:
        conn.close()


def _version(path: Path) -> int:
    conn = connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.OperationalError as exc:
        if not no_wal_index(exc):
            raise
    finally:
        conn.close()  # a connection that failed so may keep a lock: never reuse it
    with exclusive_reader(path) as reader:
        return int(reader.execute("PRAGMA user_version").fetchone()[0])


def prepare(path: Path) -> None:
    """Create or migrate the schema if needed; write nothing when it is current."""
    version = _version(path)
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise StoreVersionError(
            f"written by a newer alohub-tui (schema {version}; this one reads "
            f"{SCHEMA_VERSION})"
        )
    with opening_lock(path):  # two processes switching a new file to WAL: one is refused
        conn = connect(path)
        try:
            _create_or_migrate(conn)
        finally:
            conn.close()


def _create_or_migrate(conn: sqlite3.Connection) -> None:
    make_durable(conn)
    conn.execute("PRAGMA journal_mode = WAL")  # persistent: only needed once
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == SCHEMA_VERSION:  # another process did it meanwhile
            conn.execute("COMMIT")
            return
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "events" not in tables:
            conn.execute(_EVENTS)
            conn.execute(_CALLS)
        elif version < 2:
            _migrate_from_1(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        for statement in filter(str.strip, (_INDEXES + _SIDE_TABLES).split(";")):
            conn.execute(statement)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _migrate_from_1(conn: sqlite3.Connection) -> None:
    """Schema 1 kept one post per (call, status, end time) and no ``started`` column.
    Post ids are kept, so a reader's cursor stays valid."""
    conn.execute("ALTER TABLE events RENAME TO events_v1")
    conn.execute(_EVENTS)
    posts = conn.execute("SELECT id, call_id, received_at, raw FROM events_v1 ORDER BY id")
    for id_, call_id, received_at, raw in posts:  # streamed: the table may be large
        text = canonical_json(json.loads(raw))
        conn.execute(
            "INSERT OR IGNORE INTO events (id, call_id, received_at, raw, digest)"
            " VALUES (?, ?, ?, ?, ?)",
            (id_, call_id, received_at, text, digest(text)),
        )
    conn.execute("DROP TABLE events_v1")
    conn.execute("ALTER TABLE calls ADD COLUMN started TEXT NOT NULL DEFAULT ''")
    last = 0
    while rows := conn.execute(  # in chunks: never update the rows a SELECT is reading
        "SELECT rowid, call_id, state, first_seen FROM calls WHERE rowid > ?"
        " ORDER BY rowid LIMIT 1000", (last,)
    ).fetchall():
        last = rows[-1][0]
        for _rowid, call_id, state, first_seen in rows:
            conn.execute("UPDATE calls SET at_local = ?, started = ? WHERE call_id = ?",
                         (*call_times(CallEvent.parse(json.loads(state)), first_seen),
                          call_id))


def describe_failure(exc: BaseException, folder: Path) -> str:
    """Why the store failed, in one line: "disk full" when it is, else SQLite's words."""
    try:
        stats = os.statvfs(folder)
        free: int | None = stats.f_bavail * stats.f_frsize
    except OSError:
        free = None
    disk_full = no_room(exc) or getattr(exc, "errno", None) == errno.ENOSPC
    if disk_full and free is not None and free < 1024 * 1024:
        return f"disk full ({free // 1024} KiB free in {folder})"
    if disk_full:
        return "database or disk is full"
    name = getattr(exc, "sqlite_errorname", "")
    return f"{exc} ({name})" if name else str(exc) or type(exc).__name__
