"""Which other profile recorded a change: to say so when one is asked for by id.

A run id typed into ``alohub-tui plan undo`` may be another profile's (the demo's, most
often). Nothing is ever sent for it; this only finds where it was recorded, reading the
other profiles' stores read-only and skipping any that cannot be read.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from alohub_tui import paths

from .profile import LOCAL_DB


def recorded_under(entry_id: str, skip: Path) -> str | None:
    """The profile whose audit log holds ``entry_id`` (other than the store ``skip``)."""
    for db in sorted(paths.profiles_dir().glob(f"*/{LOCAL_DB}")):
        if db == skip:
            continue
        with contextlib.suppress(sqlite3.Error):
            conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
            try:
                row = conn.execute("SELECT profile FROM audit WHERE entry_id = ? LIMIT 1",
                                   (entry_id,)).fetchone()
            finally:
                conn.close()
            if row is not None:
                return str(row[0]) if row[0] is not None else "(before profiles)"
    return None
