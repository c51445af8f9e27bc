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

_V2 = (
    # Callbacks (issue 19): who is calling a customer back. One row per day and customer
    # number (normalised); the claim is the holder's until expires_at, then anyone's.
    """CREATE TABLE callback_claims (
        day        TEXT NOT NULL,  -- Vietnam date, YYYY-MM-DD
        number     TEXT NOT NULL,  -- the customer's number, normalised (0912345678)
        operator   TEXT NOT NULL,  -- who holds it
        session    TEXT NOT NULL,  -- the process that took it (LocalStore.session)
        claimed_at REAL NOT NULL,  -- Unix time
        expires_at REAL NOT NULL,  -- Unix time
        PRIMARY KEY (day, number)
    )""",
    # What an operator decided by hand: done (with a note), not needed, reopened.
    # Append-only, as the audit log: the latest line of a number says what holds.
    """CREATE TABLE callback_outcomes (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        day      TEXT NOT NULL,
        number   TEXT NOT NULL,
        kind     TEXT NOT NULL,  -- done, not_needed, reopened
        operator TEXT NOT NULL,
        at       REAL NOT NULL,  -- Unix time
        note     TEXT NOT NULL
    )""",
    "CREATE INDEX callback_outcomes_day ON callback_outcomes (day, number)",
    """CREATE TRIGGER callback_outcomes_no_update BEFORE UPDATE ON callback_outcomes
       BEGIN SELECT RAISE(ABORT, 'callback outcomes are append-only'); END""",
    """CREATE TRIGGER callback_outcomes_no_delete BEFORE DELETE ON callback_outcomes
       BEGIN SELECT RAISE(ABORT, 'callback outcomes are append-only'); END""",
)

#: version -> the statements that bring a file of the version before up to it.
MIGRATIONS: dict[int, tuple[str, ...]] = {1: _V1, 2: _V2}
SCHEMA_VERSION = max(MIGRATIONS)
