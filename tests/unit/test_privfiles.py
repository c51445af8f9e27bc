"""Private files: an existing file is tightened without being opened.

Closing any descriptor of a file drops every POSIX lock the process holds on it, and
SQLite's locks are what stop another process from taking itself for the database's
last user, checkpointing and deleting the WAL that this process still writes to. So
"creating" a store that this process has open (the receiver's uptime log beside its
event store did) must not open it: its later writes went to a deleted WAL, answered
200, and no reader ever saw them (a wall reading the store stopped counting).
"""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from alohub_tui.privfiles import create_private
from alohub_tui.webhook.samples import call_event
from alohub_tui.webhook.store import EventStore

_COUNT = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
conn.close()
"""


def _count_in_another_process(db: Path) -> int:
    done = subprocess.run([sys.executable, "-c", _COUNT, str(db)], capture_output=True,
                          text=True, check=True, timeout=30)
    return int(done.stdout)


def test_an_existing_file_is_tightened_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "folder" / "file"
    create_private(path)
    assert path.read_bytes() == b""
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("kept")
    path.chmod(0o644)
    create_private(path)
    assert path.read_text() == "kept"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_store_open_in_this_process_keeps_its_locks(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite3"
    with EventStore(db) as store:
        store.add(call_event("before"))
        create_private(db)  # as a second user of the file in this process does
        assert _count_in_another_process(db) == 1  # it opens and closes the store
        store.add(call_event("after"))
        assert db.with_name(db.name + "-wal").exists()
        assert _count_in_another_process(db) == 2
