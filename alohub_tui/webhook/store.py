"""The durable call-event store: SQLite in WAL mode with ``synchronous=FULL``.

Two tables: ``events`` keeps every accepted post once (raw JSON, time received), unique on
``(call_id, call_status, endtime)``; ``calls`` keeps one row per call with the merged
state (:func:`~alohub_tui.webhook.events.merge`, so a call never moves backwards) and the
numbers the counters need, so reading today's counters does not replay events.

Writes go through one dedicated writer thread that owns the write connection. Callers
queue an event and wait for *its* commit; the thread takes everything waiting in the
queue and commits it in one transaction (group commit), so one fsync serves a whole burst
while no caller hears "stored" before its event is on disk. Reads use a second
connection (WAL lets them run beside the writer) and are cheap, indexed queries.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from ..privfiles import create_private
from ..vntime import VN_TZ, local_text, wire_text
from .events import CallEvent, merge
from .readings import AgentCounters, Counters, StoredCall

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MAX_BATCH = 500  # events per transaction; bounds how long one commit holds the lock

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id          INTEGER PRIMARY KEY,
    call_id     TEXT NOT NULL,
    call_status TEXT NOT NULL,
    endtime     TEXT NOT NULL,  -- '' until the call ends (NULLs would defeat UNIQUE)
    received_at REAL NOT NULL,  -- Unix time
    raw         TEXT NOT NULL,
    UNIQUE (call_id, call_status, endtime)
);
CREATE TABLE IF NOT EXISTS calls (
    call_id        TEXT PRIMARY KEY,
    at_local       TEXT NOT NULL,  -- start time, else first seen; Vietnam local, sortable
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
CREATE INDEX IF NOT EXISTS calls_at_local ON calls (at_local);
CREATE INDEX IF NOT EXISTS calls_transaction ON calls (transaction_id);
"""

_CALL_COLUMNS = "state, first_seen, updated_at, event_count"


class StoreClosed(RuntimeError):
    """The store was closed; nothing more can be added."""


_Waiter = concurrent.futures.Future[bool] | tuple[asyncio.AbstractEventLoop, asyncio.Future[bool]]


class _Pending(NamedTuple):
    event: CallEvent
    raw_json: str
    received_at: float
    waiter: _Waiter


def _resolve(future: asyncio.Future[bool] | concurrent.futures.Future[bool],
             outcome: bool | Exception) -> None:
    if future.done():  # the caller stopped waiting
        return
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


def _resolve_all(items: list[tuple[asyncio.Future[bool], bool | Exception]]) -> None:
    for future, outcome in items:
        _resolve(future, outcome)


def _settle(batch: list[_Pending], outcomes: list[bool | Exception]) -> None:
    """Tell each caller its outcome: one wake-up per event loop per batch, not per event
    (each ``call_soon_threadsafe`` is a syscall, and a batch can hold hundreds)."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[bool], bool | Exception]]]
    by_loop = {}
    for pending, outcome in zip(batch, outcomes, strict=True):
        if isinstance(pending.waiter, concurrent.futures.Future):
            with contextlib.suppress(concurrent.futures.InvalidStateError):  # cancelled
                _resolve(pending.waiter, outcome)
        else:
            loop, future = pending.waiter
            by_loop.setdefault(loop, []).append((future, outcome))
    for loop, items in by_loop.items():
        with contextlib.suppress(RuntimeError):  # that loop is closed: nobody is waiting
            loop.call_soon_threadsafe(_resolve_all, items)


_STOP = object()


def _aware(unix: float) -> datetime:
    return datetime.fromtimestamp(unix, UTC).astimezone(VN_TZ)


def _stored_calls(rows: list[Any]) -> list[StoredCall]:
    """Rows of ``_CALL_COLUMNS`` as calls."""
    return [
        StoredCall(CallEvent.parse(json.loads(state)), _aware(first), _aware(updated), n)
        for state, first, updated, n in rows
    ]


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


class EventStore:
    """Durable store of webhook events and the merged state of each call.

    Thread-safe. :meth:`add` blocks until the event is committed; :meth:`add_async` awaits
    the same without blocking the event loop. Reads are synchronous and quick.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        create_private(self.path)
        self._writer = _connect(self.path)
        try:
            self._writer.executescript(_SCHEMA)
            self._writer.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._reader = _connect(self.path)
        except BaseException:
            self._writer.close()
            raise
        self._read_lock = threading.Lock()
        self._queue: queue.SimpleQueue[_Pending | object] = queue.SimpleQueue()
        self._closed = False
        self._close_lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._run, name=f"event-store-writer:{self.path.name}", daemon=True
        )
        self._thread.start()

    # ------------------------------------------------------------------ writing

    def _enqueue(self, event: CallEvent, waiter: _Waiter) -> None:
        raw_json = json.dumps(event.raw or event.to_payload(), ensure_ascii=False)
        with self._close_lock:
            if self._closed:
                raise StoreClosed("the event store is closed")
            self._queue.put(_Pending(event, raw_json, time.time(), waiter))

    def submit(self, event: CallEvent) -> concurrent.futures.Future[bool]:
        """Queue ``event``; the future gives True (new) / False (duplicate) once committed."""
        future: concurrent.futures.Future[bool] = concurrent.futures.Future()
        self._enqueue(event, future)
        return future

    def add(self, event: CallEvent) -> bool:
        """Store ``event`` durably; False when it is a duplicate (then stored once)."""
        return self.submit(event).result()

    async def add_async(self, event: CallEvent) -> bool:
        """:meth:`add` for asyncio code: waits for the commit without blocking the loop.

        Cancelling the wait does not withdraw the event: it is stored all the same (a
        repeat post is then a duplicate), which is safer than losing it.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[bool] = loop.create_future()
        self._enqueue(event, (loop, future))
        return await future

    def _run(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            if item is _STOP:
                break
            batch = [item]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                    break
                batch.append(item)
            pending = [p for p in batch if isinstance(p, _Pending)]
            _settle(pending, self._write(pending))

    def _write(self, batch: list[_Pending]) -> list[bool | Exception]:
        """Commit ``batch`` in one transaction; on failure retry one by one, so one bad
        event (or a transient error) costs only that event's caller a failure."""
        try:
            return self._transaction(batch)
        except Exception as exc:
            if len(batch) > 1:
                return [outcome for pending in batch for outcome in self._write([pending])]
            log.error("could not store event for call %s: %s", batch[0].event.call_id, exc)
            return [exc]

    def _transaction(self, batch: list[_Pending]) -> list[bool | Exception]:
        conn = self._writer
        conn.execute("BEGIN IMMEDIATE")
        try:
            results: list[bool | Exception] = [self._apply(pending) for pending in batch]
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return results

    def _apply(self, pending: _Pending) -> bool:
        event, conn = pending.event, self._writer
        inserted = conn.execute(
            "INSERT OR IGNORE INTO events (call_id, call_status, endtime, received_at, raw)"
            " VALUES (?, ?, ?, ?, ?)",
            (*event.dedupe_key, pending.received_at, pending.raw_json),
        )
        if inserted.rowcount == 0:
            return False
        row = conn.execute(
            "SELECT state, first_seen, event_count FROM calls WHERE call_id = ?",
            (event.call_id,),
        ).fetchone()
        current = CallEvent.parse(json.loads(row[0])) if row else None
        first_seen = row[1] if row else pending.received_at
        state = merge(current, event)
        at_local = wire_text(state.starttime) or local_text(_aware(first_seen))
        conn.execute(
            "INSERT OR REPLACE INTO calls (call_id, at_local, first_seen, updated_at,"
            " event_count, answered, final, talk, hold, user_name, transaction_id, state)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                state.call_id, at_local, first_seen, pending.received_at,
                (row[2] if row else 0) + 1, state.answered, state.is_final,
                state.talk_seconds, state.holding_duration, state.user_name,
                state.transaction_id, json.dumps(state.to_payload(), ensure_ascii=False),
            ),
        )
        return True

    # ------------------------------------------------------------------ reading

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._read_lock:
            if self._closed:
                raise StoreClosed("the event store is closed")
            yield self._reader

    def _calls(self, where: str, params: tuple[Any, ...]) -> list[StoredCall]:
        with self._read() as conn:
            rows = conn.execute(f"SELECT {_CALL_COLUMNS} FROM calls {where}", params).fetchall()
        return _stored_calls(rows)

    def call(self, call_id: str) -> StoredCall | None:
        found = self._calls("WHERE call_id = ?", (call_id,))
        return found[0] if found else None

    def find_by_transaction(self, transaction_id: str) -> StoredCall | None:
        """The latest call placed with this makeCall ``transactionId``, if any event came."""
        if not transaction_id:
            return None
        found = self._calls(
            "WHERE transaction_id = ? ORDER BY at_local DESC, rowid DESC LIMIT 1",
            (transaction_id,),
        )
        return found[0] if found else None

    def recent_calls(self, limit: int = 200, offset: int = 0) -> list[StoredCall]:
        """Calls newest first (by start time, else time first seen)."""
        return self._calls(
            "ORDER BY at_local DESC, rowid DESC LIMIT ? OFFSET ?", (max(0, limit), max(0, offset))
        )

    def calls_since(self, moment: datetime, limit: int = 1000) -> list[StoredCall]:
        """Calls that started at or after ``moment`` (naive = Vietnam local), newest first."""
        return self._calls(
            "WHERE at_local >= ? ORDER BY at_local DESC, rowid DESC LIMIT ?",
            (local_text(moment), max(0, limit)),
        )

    def counters_since(self, moment: datetime) -> Counters:
        """Counters over calls that started at or after ``moment`` (e.g. local midnight)."""
        since = local_text(moment)
        sums = (
            "COUNT(*), TOTAL(answered), TOTAL(final AND NOT answered),"
            " TOTAL(final AND answered), TOTAL(CASE WHEN final AND answered THEN talk END),"
            " TOTAL(CASE WHEN final AND answered THEN hold END)"
        )
        with self._read() as conn:
            total = conn.execute(f"SELECT {sums} FROM calls WHERE at_local >= ?", (since,))
            calls, answered, missed, completed, talk, hold = (int(v) for v in total.fetchone())
            per_agent = conn.execute(
                f"SELECT user_name, {sums} FROM calls WHERE at_local >= ? AND user_name != ''"
                " GROUP BY user_name ORDER BY user_name",
                (since,),
            ).fetchall()
        agents = {
            name: AgentCounters(name, int(a_ans), int(a_miss), int(a_talk), int(a_done))
            for name, _n, a_ans, a_miss, a_done, a_talk, _hold in per_agent
        }
        return Counters(moment, calls, answered, missed, completed, talk, hold, agents)

    def calls_started_between(self, start: datetime, end: datetime) -> list[StoredCall]:
        """Calls that started (else were first seen) in [start, end); naive = local."""
        return self._calls(
            "WHERE at_local >= ? AND at_local < ? ORDER BY at_local, rowid",
            (local_text(start), local_text(end)),
        )

    def last_event_id(self) -> int:
        """The id of the latest stored post, 0 when none: a :meth:`calls_changed_after`
        cursor."""
        with self._read() as conn:
            return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])

    def calls_changed_after(self, event_id: int,
                            limit: int = 5000) -> tuple[int, list[StoredCall]]:
        """The calls that got a new post after ``event_id`` (at most ``limit`` posts are
        read), and the cursor for the next call. Cheap when nothing changed: one range
        read on the primary key. A call's state may already include a later post; it is
        then returned once more next time, which a reader applying states takes in its
        stride."""
        with self._read() as conn:
            posts = conn.execute(
                "SELECT id, call_id FROM events WHERE id > ? ORDER BY id LIMIT ?",
                (event_id, max(1, limit)),
            ).fetchall()
            ids = list(dict.fromkeys(call_id for _id, call_id in posts))
            rows: list[Any] = []
            for at in range(0, len(ids), 500):  # SQLite's host-parameter limit
                chunk = ids[at:at + 500]
                rows += conn.execute(
                    f"SELECT {_CALL_COLUMNS} FROM calls"
                    f" WHERE call_id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
        return (posts[-1][0] if posts else event_id), _stored_calls(rows)

    def last_event_at(self) -> datetime | None:
        """When the latest new event arrived (aware), or None for an empty store."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT received_at FROM events ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return None if row is None else _aware(row[0])

    def event_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """Commit what is queued, stop the writer and close both connections. Idempotent."""
        with self._close_lock:
            if self._closed:
                return
            self._queue.put(_STOP)
            self._closed = True
        self._thread.join()
        with self._read_lock:
            self._reader.close()
        self._writer.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
