"""The wall's question "did the store change?": every commit counts, even one that
leaves the WAL's size and time as they were; nothing else does."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from alohub_tui.wallboard.changes import StoreChanges, file_signature
from alohub_tui.webhook.samples import call_event
from alohub_tui.webhook.store import EventStore


def test_each_commit_changes_the_token_and_nothing_else_does(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite3"
    with EventStore(db) as store:
        changes = StoreChanges(db)
        before = changes.token()
        assert changes.token() == before
        store.add(call_event("c1"))
        after = changes.token()
        assert after != before and changes.token() == after
        store.add(call_event("c1"))  # an exact repeat: nothing committed
        assert changes.token() == after
        changes.close()


def test_a_commit_that_keeps_the_files_size_and_time_is_seen(tmp_path: Path) -> None:
    """What the files' sizes and times missed: after a checkpoint the next commit
    rewrites the WAL in place, at the same size, within one timestamp tick."""
    db = tmp_path / "events.sqlite3"
    wal = db.with_name(db.name + "-wal")
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("CREATE TABLE t (v INTEGER)")
    writer.execute("INSERT INTO t VALUES (1)")
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.execute("UPDATE t SET v = 2")
    changes = StoreChanges(db)
    before, signature = changes.token(), file_signature(db)
    times = {path: path.stat() for path in (db, wal)}
    writer.execute("PRAGMA wal_checkpoint(PASSIVE)")
    writer.execute("UPDATE t SET v = 3")
    for path, stat in times.items():  # as if all of it happened within one tick
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file_signature(db) == signature  # blind to that commit
    assert changes.token() != before
    changes.close()
    writer.close()


def test_without_sqlite_the_files_signature_stands_in(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "events.sqlite3"
    changes = StoreChanges(missing)
    assert changes.token() == file_signature(missing) == (-1, -1, -1, -1)
