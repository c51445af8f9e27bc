"""The audit log of queue changes in the local store: append-only lines.

Each change is written as lines sharing its entry id (``sent`` before the request, its
result after), each line its own transaction; triggers refuse any UPDATE or DELETE. A
reader merges the lines of an id: the last line says how it ended, the first when it
was sent. The entries themselves are the agents feature's
(:class:`alohub_tui.agents.audit.AuditEntry`, saved as its JSON).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .db import Database


@dataclass(frozen=True)
class AuditLine:
    """One line to append: the columns queries use, and the entry as JSON."""

    entry_id: str
    at: datetime  # aware
    agent: str
    kind: str
    result: str
    profile: str | None  # None: imported from the audit file of before profiles
    data: str


@dataclass(frozen=True)
class MergedEntry:
    """One change as read back: its last line, when it was sent, and its profile."""

    data: str
    sent_at: float  # Unix time of its first line
    profile: str | None


_MERGED = (
    "SELECT last.data, first.sent_at, first.profile FROM"
    " (SELECT entry_id, MIN(seq) AS f, MAX(seq) AS l FROM audit GROUP BY entry_id) AS g"
    " JOIN audit AS first ON first.seq = g.f JOIN audit AS last ON last.seq = g.l"
)


def insert_lines(conn: sqlite3.Connection, lines: Iterable[AuditLine]) -> int:
    """Append ``lines`` inside the caller's transaction; returns how many."""
    rows = [(line.entry_id, line.at.timestamp(), line.agent, line.kind, line.result,
             line.profile, line.data) for line in lines]
    conn.executemany(
        "INSERT INTO audit (entry_id, sent_at, agent, kind, result, profile, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


class AuditRecords:
    """The profile's audit lines."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def append(self, line: AuditLine) -> None:
        """One line, committed before this returns (StoreError: it was not)."""
        with self._db.write() as conn:
            insert_lines(conn, [line])

    def merged(self, *, agent: str | None = None, since: datetime | None = None,
               limit: int | None = None) -> list[MergedEntry]:
        """Every change, newest sent first (ties: the later one first)."""
        where: list[str] = []
        params: list[object] = []
        if agent is not None:
            where.append("first.agent = ?")
            params.append(agent)
        if since is not None:
            where.append("first.sent_at >= ?")
            params.append(since.timestamp())
        sql = _MERGED + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY first.sent_at DESC, g.f DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, limit))
        with self._db.read() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [MergedEntry(data, sent_at, profile) for data, sent_at, profile in rows]

    def find(self, entry_id: str) -> MergedEntry | None:
        """The change with this id, or None when this log has none."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT last.data, first.sent_at, first.profile FROM"
                " (SELECT MIN(seq) AS f, MAX(seq) AS l FROM audit WHERE entry_id = ?) AS g"
                " JOIN audit AS first ON first.seq = g.f JOIN audit AS last ON last.seq = g.l",
                (entry_id,)).fetchone()
        return MergedEntry(*row) if row else None

    def line_count(self) -> int:
        with self._db.read() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0])
