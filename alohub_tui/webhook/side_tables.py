"""Tables beside the event store's own, in the same SQLite file, on a connection of their own.

The receiver's uptime (uptime.py) and the calls taken from searchCallV2 (searched.py)
live in the event store's file, so that one file says what a day's numbers rest on, and
a wall reading the file of a receiver in another process sees them too. Their schema is
the store's (store_schema.py, schema 3): opening creates or migrates the file as
:class:`~alohub_tui.webhook.store.EventStore` does, and writes nothing to a current one.
They are written rarely (a heartbeat, a backfill), so they use their own connection
instead of the store's writer thread.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from ..privfiles import create_private
from .store_schema import connect, exclusive_reader, make_durable, no_wal_index, prepare


class SideTables:
    """A connection to the event store's file at ``path``; thread-safe. The file is
    created or migrated on first use, not on construction."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._durable = False
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            create_private(self.path)
            prepare(self.path)  # StoreVersionError for a newer file: the caller says so
            self._conn = connect(self.path)
        return self._conn

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A connection to read on; on a full disk, where SQLite cannot set up a WAL
        reader, a short-lived exclusive one (store_schema.py). Yields once."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            except sqlite3.OperationalError as exc:
                if not no_wal_index(exc):
                    raise
                self._drop()  # it may keep a lock: never reuse it
                with exclusive_reader(self.path) as reader:
                    yield reader
                return
            yield conn

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction; rolled back if the block raises. A connection that
        failed (a full disk, say) may keep a lock: it is closed, and the next use opens
        a new one."""
        with self._lock:
            try:
                conn = self._connection()
                if not self._durable:
                    make_durable(conn)
                    self._durable = True
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):  # keep the first error
                            conn.execute("ROLLBACK")
                    raise
            except BaseException:
                self._drop()
                raise

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
            self._durable = False

    def close(self) -> None:
        with self._lock:
            self._drop()
