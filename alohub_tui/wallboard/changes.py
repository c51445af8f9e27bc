"""Whether another connection committed to the event store since the last look.

A wall reading a store that another process writes (``alohub-tui webhook``) has no
inbox to wake it; it asks this every ``poll_s``. SQLite's ``PRAGMA data_version``
changes whenever any other connection commits, and costs a few microseconds (WAL mode:
it reads the shared-memory index, no disk), so it is asked on the UI's loop. The file's
size and times were used before; they miss a commit that rewrites the WAL in place
within one timestamp tick (the wall then waited a whole refresh interval).

If SQLite cannot answer (a full disk refuses a WAL reader's shared memory), the file's
size and modification times stand in.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

Token = tuple[int, ...]


def file_signature(path: Path) -> Token:
    """Changes when a writer commits to the SQLite file at ``path`` (WAL mode), mostly."""
    parts: list[int] = []
    for name in (f"{path}-wal", str(path)):
        try:
            st = os.stat(name)
        except OSError:
            parts += [-1, -1]
        else:
            parts += [st.st_mtime_ns, st.st_size]
    return tuple(parts)


class StoreChanges:
    """A connection of its own to ``path``, only to ask whether it changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    def token(self) -> Token:
        """Differs from the previous token if a commit happened in between."""
        try:
            if self._conn is None:  # never writes; opening touches nothing on disk
                self._conn = sqlite3.connect(self.path, isolation_level=None,
                                             check_same_thread=False)
            return (int(self._conn.execute("PRAGMA data_version").fetchone()[0]),)
        except sqlite3.Error:
            self.close()  # a connection that failed may keep a lock: never reuse it
            return file_signature(self.path)

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()
