"""Recent dials in the local store: one row per transactionId, one transaction per save.

The dial itself is the dial feature's (:class:`alohub_tui.dial.record.Dial`, saved as
its ``to_state()`` dict); this module only keeps the rows. A dial is never moved back:
once saved final, a non-final save of it (a slower window's older news) is ignored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .db import Database, json_object

MAX_KEPT = 1000  # dials kept per profile; older ones are dropped as new ones come
RECENT = 200  # what a screen or `alohub-tui dials` lists by default


class DialRecords:
    """The profile's dials, shared by every process on it."""

    def __init__(self, db: Database, session: str) -> None:
        self._db = db
        self.session = session

    def save(self, dial: Mapping[str, Any]) -> None:
        """Insert or update the dial with this ``transaction_id`` (never backwards)."""
        data = {k: v for k, v in dial.items() if v is not None}
        txn = str(data["transaction_id"])
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO dials (transaction_id, placed_at, final, owner, data)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (transaction_id) DO UPDATE SET placed_at = excluded.placed_at,"
                " final = excluded.final, data = excluded.data"
                " WHERE dials.final = 0 OR excluded.final = 1",
                (txn, str(data.get("placed_at", "")), bool(data.get("final")), self.session,
                 json.dumps(data, ensure_ascii=False)),
            )
            conn.execute(
                "DELETE FROM dials WHERE transaction_id IN (SELECT transaction_id FROM dials"
                " ORDER BY placed_at DESC LIMIT -1 OFFSET ?)", (MAX_KEPT,))

    def recent(self, limit: int = RECENT) -> list[dict[str, Any]]:
        """The newest dials first (as saved); unreadable rows are skipped."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT data FROM dials ORDER BY placed_at DESC, rowid DESC LIMIT ?",
                (max(0, limit),)).fetchall()
        return [d for (text,) in rows if (d := json_object(text)) is not None]

    def placed_here(self) -> list[dict[str, Any]]:
        """The dials this session placed and are not final (to settle on the way out)."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT data FROM dials WHERE owner = ? AND final = 0", (self.session,)
            ).fetchall()
        return [d for (text,) in rows if (d := json_object(text)) is not None]
