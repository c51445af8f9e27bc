"""Tables beside the event store's own, in the same SQLite file, on a connection of their own.

The receiver's uptime (uptime.py) and the calls taken from searchCallV2 (searched.py)
live in the event store's file, so that one file says what a day's numbers rest on, and
a wall reading the file of a receiver in another process sees them too. They are written
rarely (a heartbeat, a backfill), so they use their own connection instead of the
store's writer thread, and :class:`~alohub_tui.webhook.store.EventStore` is unchanged.
Each table is created on first use; a store written before they existed simply has none
yet.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from ..privfiles import create_private


class SideTables:
    """A connection to ``path`` for a few extra tables (``SCHEMA``); thread-safe."""

    SCHEMA = ""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            create_private(self.path)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=10.0)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                conn.executescript(self.SCHEMA)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._connection()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction; rolled back if the block raises."""
        with self._lock:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
