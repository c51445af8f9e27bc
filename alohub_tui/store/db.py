"""The profile's SQLite file: shared safely by several processes, versioned, set aside
when damaged, and never touched when a newer alohub-tui wrote it.

- WAL (readers never wait for a writer) with ``synchronous = FULL`` (a committed change
  survives a power cut) and a busy timeout (a writer waits its turn instead of failing);
- ``PRAGMA user_version`` is the schema version, ``application_id`` marks the file ours;
- a file of a newer version is refused (:class:`NewerStore`), never migrated or rewritten;
- a damaged file, or a file that is not ours, is renamed ``*.corrupt-<time>`` with its
  WAL files, and a fresh store is made in its place (the caller shows the warning); a
  locked or busy file is not damaged (an error, never set aside), and processes open a
  store one at a time (:func:`~alohub_tui.privfiles.opening_lock`): two creating it at
  once took each other's half-made file for damaged and renamed it away.

Every failure of SQLite surfaces as :class:`StoreError`, an ``OSError``: the callers that
survived a full disk or a read-only folder with the old files keep doing so.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alohub_tui.privfiles import create_private, opening_lock

from .schema import MIGRATIONS, SCHEMA_VERSION

APPLICATION_ID = 0x416C6F48  # "AloH"
BUSY_TIMEOUT_MS = 10_000
WAL_SUFFIXES = ("-wal", "-shm")


class StoreError(OSError):
    """The local store could not be read or written (the reason in ``strerror``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.strerror = message


class NewerStore(StoreError):
    """The file was written by a newer alohub-tui: refused, left as it is."""


def json_object(text: str) -> dict[str, Any] | None:
    """A row's ``data`` column as a dict, or None when it is not one."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) that waits its turn.

    WAL and FULL sync are set by :func:`prepare`, once the file is known to be ours and
    not newer: even a journal mode is not changed in a file this version must not touch.
    """
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except BaseException:
        conn.close()
        raise
    return conn


def _newer(path: Path, version: int) -> NewerStore:
    return NewerStore(
        f"{path} was written by a newer alohub-tui (local store version {version}; this "
        f"one reads up to {SCHEMA_VERSION}). Upgrade alohub-tui to use this profile; the "
        "file is left as it is."
    )


def prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Check the version and bring an older (or new, empty) file up to date.

    The migration runs in one ``BEGIN IMMEDIATE`` transaction, the version read again
    inside it, so two processes opening an old file at once migrate it once.
    """
    version, app_id, tables = conn.execute(  # one statement: one consistent snapshot
        "SELECT (SELECT user_version FROM pragma_user_version),"
        " (SELECT application_id FROM pragma_application_id),"
        " (SELECT COUNT(*) FROM sqlite_master)").fetchone()
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    if app_id not in (0, APPLICATION_ID) or (version == 0 and tables):
        raise sqlite3.DatabaseError("the file is not an alohub-tui local store")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    if version == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise _newer(path, version)
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def set_aside(path: Path) -> Path:
    """Rename a damaged file (and its WAL files) out of the way; returns the new name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, aside)
    for suffix in WAL_SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


def open_database(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """The store's connection, and a warning when a damaged file was set aside.

    Raises :class:`NewerStore` (the file is left alone) or :class:`StoreError` when
    even a fresh file cannot be made (e.g. a read-only folder).
    """
    try:
        with opening_lock(path):  # a second process opening a new store waits for the first
            return _open_or_set_aside(path)
    except StoreError:
        raise
    except OSError as exc:  # the folder or the lock could not be made
        raise StoreError(f"cannot open the local store {path}: {exc}") from exc


def _open_or_set_aside(path: Path) -> tuple[sqlite3.Connection, str | None]:
    try:
        create_private(path)
        return _open_checked(path), None
    except NewerStore:
        raise
    except sqlite3.OperationalError as exc:  # locked, busy, I/O: not a sign of damage
        raise StoreError(f"cannot open the local store {path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:  # damaged, or not a database of ours
        reason = str(exc)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the local store {path}: {exc}") from exc
    try:
        aside = set_aside(path)
        create_private(path)
        conn = _open_checked(path)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"the local store {path} is damaged ({reason}) and could not be "
                         f"replaced: {exc}") from exc
    return conn, (f"The local store {path} was damaged ({reason}); kept it as "
                  f"{aside.name} and started fresh.")


def _open_checked(path: Path) -> sqlite3.Connection:
    conn = connect(path)
    try:
        prepare(conn, path)
        conn.execute("SELECT COUNT(*) FROM audit").fetchone()  # reads a page: damage shows
    except BaseException:
        conn.close()
        raise
    return conn


class Database:
    """One connection shared by the threads of one process, one operation at a time.

    :meth:`write` is one ``BEGIN IMMEDIATE`` transaction (one dial, one applied change,
    one audit line): another process waits at most the busy timeout for its turn, and
    nobody's write replaces a whole document, so nothing of another window's is lost.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self._lock = threading.RLock()
        self._closed = False

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the local store {self.path} is closed")

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the local store {self.path}: {exc}") from exc

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot write the local store {self.path}: {exc}") from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(
                        f"cannot write the local store {self.path}: {exc}") from exc
                raise

    def data_version(self) -> int:
        """Changes when another connection (another process) commits to the file."""
        with self.read() as conn:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()
