"""The local store's tables, as numbered migrations (``PRAGMA user_version`` counts them).

A new version appends a step to :data:`MIGRATIONS`; a step never changes once released,
so every older file is brought up to date by the steps after its version. A file with a
higher version than :data:`SCHEMA_VERSION` is refused (see :mod:`.db`).

Records are kept as JSON in ``data`` (the feature's own ``to_state``/``to_json``); the
other columns are what queries select, sort or guard on.
"""

from __future__ import annotations

_V1 = (
    # What this file is and what happened to it (e.g. the import of the files of before).
    """CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    # One row per dial (user action of dialling), updated as its outcome becomes known.
    """CREATE TABLE dials (
        transaction_id TEXT PRIMARY KEY,
        placed_at      TEXT NOT NULL,  -- ISO, Vietnam local time: sorts as text
        final          INTEGER NOT NULL,
        owner          TEXT NOT NULL,  -- the session that placed it (settles its own)
        data           TEXT NOT NULL   -- the dial as JSON
    )""",
    "CREATE INDEX dials_placed_at ON dials (placed_at)",
    # The queues this app last applied to each agent.
    """CREATE TABLE agent_state (
        user_name  TEXT PRIMARY KEY,
        applied_at TEXT NOT NULL,
        data       TEXT NOT NULL  -- the known state as JSON
    )""",
    # The audit log: append-only lines; the lines of one change share its entry_id.
    """CREATE TABLE audit (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        entry_id TEXT NOT NULL,
        sent_at  REAL NOT NULL,  -- Unix time of this line
        agent    TEXT NOT NULL,
        kind     TEXT NOT NULL,
        result   TEXT NOT NULL,
        profile  TEXT,           -- NULL: imported from the audit file of before profiles
        data     TEXT NOT NULL   -- the line as JSON
    )""",
    "CREATE INDEX audit_entry ON audit (entry_id)",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
)

#: version -> the statements that bring a file of the version before up to it.
MIGRATIONS: dict[int, tuple[str, ...]] = {1: _V1}
SCHEMA_VERSION = max(MIGRATIONS)
