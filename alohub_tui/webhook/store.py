"""The durable call-event store: SQLite in WAL mode with ``synchronous=FULL``.

Two tables (``store_schema.py``): ``events`` keeps every accepted post whose content
differs (an exact duplicate once), as canonical JSON with the time received; ``calls``
keeps one row per call with the merged state (:func:`~alohub_tui.webhook.events.merge`,
so a call never moves backwards) and the numbers the counters need, so reading today's
counters does not replay events.

Writes go through one dedicated writer thread that owns the write connection. Callers
queue an event and wait for *its* commit; the thread takes everything waiting in the
queue and commits it in one transaction (group commit), so one fsync serves a whole burst
while no caller hears "stored" before its event is on disk. Reads use a second
connection (WAL lets them run beside the writer) and are cheap, indexed queries.

A write that fails for the whole store (disk full, I/O error) fails the batch with a
:class:`StoreWriteError` naming the cause in one line; the receiver answers 503.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from ..privfiles import create_private
from ..vntime import VN_TZ, local_text
from .events import CallEvent, canonical_json, merge
from .readings import AgentCounters, Counters, StoredCall
from .store_schema import (
    call_times,
    connect,
    describe_failure,
    digest,
    exclusive_reader,
    make_durable,
    no_wal_index,
    prepare,
)
from .waiters import Waiter, settle

MAX_BATCH = 500  # events per transaction; bounds how long one commit holds the lock
T = TypeVar("T")

_CALL_COLUMNS = "state, first_seen, updated_at, event_count"


class StoreClosed(RuntimeError):
    """The store was closed; nothing more can be added."""


class StoreWriteError(RuntimeError):
    """Nothing could be written (disk full, I/O error, ...); ``cause`` says why in one
    line. The event was not stored: Alohub should retry."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


#: Failures that may be one event's own doing (retried one by one); anything else fails
#: for the whole store.
_EVENT_ERRORS = (ValueError, RecursionError, sqlite3.IntegrityError, sqlite3.InterfaceError)


class _Pending(NamedTuple):
    event: CallEvent
    raw_json: str  # canonical: equal texts are the same post
    digest: bytes
    received_at: float
    waiter: Waiter


_STOP = object()


def _aware(unix: float) -> datetime:
    return datetime.fromtimestamp(unix, UTC).astimezone(VN_TZ)


def _stored_calls(rows: list[Any]) -> list[StoredCall]:
    """Rows of ``_CALL_COLUMNS`` as calls."""
    return [
        StoredCall(CallEvent.parse(json.loads(state)), _aware(first), _aware(updated), n)
        for state, first, updated, n in rows
    ]


class EventStore:
    """Durable store of webhook events and the merged state of each call.

    Thread-safe. :meth:`add` blocks until the event is committed; :meth:`add_async` awaits
    the same without blocking the event loop. Reads are synchronous and quick.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        create_private(self.path)
        prepare(self.path)  # writes only to a new or an older file
        # Neither connection touches the file before its first use (a full disk may
        # refuse even a read: see _read and _write).
        self._writer = connect(self.path)
        self._durable = False
        self._reader = connect(self.path)
        self._read_lock = threading.Lock()
        self._queue: queue.SimpleQueue[_Pending | object] = queue.SimpleQueue()
        self._closed = False
        self._close_lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._run, name=f"event-store-writer:{self.path.name}", daemon=True
        )
        self._thread.start()

    # ------------------------------------------------------------------ writing

    def _enqueue(self, event: CallEvent, waiter: Waiter) -> None:
        raw_json = canonical_json(event.raw or event.to_payload())
        pending = _Pending(event, raw_json, digest(raw_json), time.time(), waiter)
        with self._close_lock:
            if self._closed:
                raise StoreClosed("the event store is closed")
            self._queue.put(pending)

    def submit(self, event: CallEvent) -> concurrent.futures.Future[bool]:
        """Queue ``event``; the future gives True (new) / False (an exact duplicate) once
        committed, or raises :class:`StoreWriteError`."""
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
            settle([p.waiter for p in pending], self._write(pending))

    def _write(self, batch: list[_Pending]) -> list[bool | Exception]:
        """Commit ``batch`` in one transaction. A failure that may be one event's own
        is retried one by one, so it costs only that event's caller; any other fails the
        whole batch with its cause (the disk is full for every event alike)."""
        try:
            return self._transaction(batch)
        except _EVENT_ERRORS as exc:
            if len(batch) > 1:
                return [outcome for pending in batch for outcome in self._write([pending])]
            return [exc]
        except Exception as exc:
            if no_wal_index(exc):  # it may keep a lock that stops readers: replace it
                self._writer.close()
                self._writer, self._durable = connect(self.path), False
            cause = describe_failure(exc, self.path.parent)
            return [StoreWriteError(cause) for _ in batch]

    def _make_durable(self) -> None:
        if not self._durable:
            make_durable(self._writer)
            self._durable = True

    def _transaction(self, batch: list[_Pending]) -> list[bool | Exception]:
        conn = self._writer
        self._make_durable()
        conn.execute("BEGIN IMMEDIATE")
        try:
            results: list[bool | Exception] = [self._apply(pending) for pending in batch]
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite rolls back by itself on some errors (full)
                conn.execute("ROLLBACK")
            raise
        return results

    def _apply(self, pending: _Pending) -> bool:
        event, conn = pending.event, self._writer
        inserted = conn.execute(
            "INSERT OR IGNORE INTO events (call_id, received_at, raw, digest) VALUES (?, ?, ?, ?)",
            (event.call_id, pending.received_at, pending.raw_json, pending.digest),
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
        conn.execute(
            "INSERT OR REPLACE INTO calls (call_id, at_local, started, first_seen, updated_at,"
            " event_count, answered, final, talk, hold, user_name, transaction_id, state)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                state.call_id, *call_times(state, first_seen), first_seen,
                pending.received_at, (row[2] if row else 0) + 1, state.answered,
                state.is_final, state.talk_seconds, state.holding_duration, state.user_name,
                state.transaction_id, json.dumps(state.to_payload(), ensure_ascii=False),
            ),
        )
        return True

    # ------------------------------------------------------------------ reading

    def _read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``query`` on the read connection; on a full disk, where SQLite cannot set
        up a WAL reader, on a short-lived exclusive one (``store_schema``)."""
        with self._read_lock:
            if self._closed:
                raise StoreClosed("the event store is closed")
            try:
                return query(self._reader)
            except sqlite3.OperationalError as exc:
                if not no_wal_index(exc):
                    raise
            self._reader.close()  # it may keep a lock that would stop the one below
            self._reader = connect(self.path)
            with exclusive_reader(self.path) as conn:
                return query(conn)

    def _calls(self, where: str, params: tuple[Any, ...]) -> list[StoredCall]:
        sql = f"SELECT {_CALL_COLUMNS} FROM calls {where}"
        return _stored_calls(self._read(lambda conn: conn.execute(sql, params).fetchall()))

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

    def counters_between(self, start: datetime, end: datetime) -> Counters:
        """Counters over the calls whose start time is in [start, end) (naive = local),
        e.g. today. A call without a believable start time (missing, unreadable, or more
        than a day after its first post arrived) counts on no day."""
        bounds = (local_text(start), local_text(end))
        sums = (
            "COUNT(*), TOTAL(answered), TOTAL(final AND NOT answered),"
            " TOTAL(final AND answered), TOTAL(CASE WHEN final AND answered THEN talk END),"
            " TOTAL(CASE WHEN final AND answered THEN hold END)"
        )
        window = "FROM calls WHERE started >= ? AND started < ?"

        def query(conn: sqlite3.Connection) -> tuple[Any, list[Any]]:
            total = conn.execute(f"SELECT {sums} {window}", bounds).fetchone()
            per_agent = conn.execute(
                f"SELECT user_name, {sums} {window} AND user_name != ''"
                " GROUP BY user_name ORDER BY user_name",
                bounds,
            ).fetchall()
            return total, per_agent

        total, per_agent = self._read(query)
        calls, answered, missed, completed, talk, hold = (int(v) for v in total)
        agents = {
            name: AgentCounters(name, int(a_ans), int(a_miss), int(a_talk), int(a_done))
            for name, _n, a_ans, a_miss, a_done, a_talk, _hold in per_agent
        }
        return Counters(start, calls, answered, missed, completed, talk, hold, agents)

    def calls_started_between(self, start: datetime, end: datetime) -> list[StoredCall]:
        """Calls that started (else were first seen) in [start, end); naive = local."""
        return self._calls(
            "WHERE at_local >= ? AND at_local < ? ORDER BY at_local, rowid",
            (local_text(start), local_text(end)),
        )

    def last_event_id(self) -> int:
        """The id of the latest stored post, 0 when none: a :meth:`calls_changed_after`
        cursor."""
        return int(self._read(
            lambda conn: conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]
        ))

    def calls_changed_after(self, event_id: int,
                            limit: int = 5000) -> tuple[int, list[StoredCall]]:
        """The calls that got a new post after ``event_id`` (at most ``limit`` posts are
        read), and the cursor for the next call. Cheap when nothing changed: one range
        read on the primary key. A call's state may already include a later post; it is
        then returned once more next time, which a reader applying states takes in its
        stride."""

        def query(conn: sqlite3.Connection) -> tuple[list[Any], list[Any]]:
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
            return posts, rows

        posts, rows = self._read(query)
        return (posts[-1][0] if posts else event_id), _stored_calls(rows)

    def last_event_at(self) -> datetime | None:
        """When the latest new event arrived (aware), or None for an empty store."""
        row = self._read(lambda conn: conn.execute(
            "SELECT received_at FROM events ORDER BY id DESC LIMIT 1"
        ).fetchone())
        return None if row is None else _aware(row[0])

    def event_count(self) -> int:
        return int(self._read(
            lambda conn: conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        ))

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
