"""Callback claims and manual outcomes in the local store (issue 19).

A **claim** says "I am calling this customer back": one row per day and customer
number. :meth:`CallbackRecords.claim` decides who gets it inside one ``BEGIN
IMMEDIATE`` transaction, which SQLite runs one at a time across processes: of two
operators claiming the same number at once, exactly one finds it free and takes it; the
other reads the winner's row. A claim is the holder's until it expires; the same
operator claiming again (another window of theirs, a restart) renews it.

A **manual outcome** ("done" with a note, "not needed", or "reopened" to undo either) is
an append-only line, like the audit log: nothing recorded is ever changed or lost.

What a claim or outcome means for the worklist is the callbacks feature's
(:mod:`alohub_tui.callbacks`); this module keeps the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from alohub_tui.vntime import VN_TZ

from .db import Database

DONE = "done"
NOT_NEEDED = "not_needed"
REOPENED = "reopened"
OUTCOME_KINDS = (DONE, NOT_NEEDED, REOPENED)


def _aware(unix: float) -> datetime:
    return datetime.fromtimestamp(unix, UTC).astimezone(VN_TZ)


@dataclass(frozen=True)
class Claim:
    """Who holds a customer's callback, since when and until when (aware times)."""

    number: str
    operator: str
    session: str
    claimed_at: datetime
    expires_at: datetime

    def active(self, now: datetime) -> bool:
        return self.expires_at > now


@dataclass(frozen=True)
class ClaimResult:
    """``won``: the claim is now the caller's; ``claim``: the claim in force (the
    caller's when won, else the holder's)."""

    won: bool
    claim: Claim


@dataclass(frozen=True)
class Outcome:
    """One manual outcome line."""

    number: str
    kind: str  # one of OUTCOME_KINDS
    operator: str
    at: datetime  # aware
    note: str = ""


_CLAIM_COLUMNS = "number, operator, session, claimed_at, expires_at"


def _claim(row: tuple[str, str, str, float, float]) -> Claim:
    number, operator, session, claimed_at, expires_at = row
    return Claim(number, operator, session, _aware(claimed_at), _aware(expires_at))


class CallbackRecords:
    """The profile's claims and manual outcomes, shared by every process on it."""

    def __init__(self, db: Database, session: str) -> None:
        self._db = db
        self.session = session

    def claim(self, day: date, number: str, operator: str, now: datetime,
              hold: timedelta) -> ClaimResult:
        """Take ``number``'s callback for ``operator`` for ``hold``, unless another
        operator holds it now: then the result names them (see the module docstring)."""
        key = (day.isoformat(), number)
        with self._db.write() as conn:
            conn.execute("DELETE FROM callback_claims WHERE day < ?", (key[0],))
            row = conn.execute(
                f"SELECT {_CLAIM_COLUMNS} FROM callback_claims WHERE day = ? AND number = ?",
                key).fetchone()
            held = _claim(row) if row else None
            if held is not None and held.active(now) and held.operator != operator:
                return ClaimResult(False, held)
            mine = Claim(number, operator, self.session, now, now + hold)
            conn.execute(
                "INSERT OR REPLACE INTO callback_claims (day, number, operator, session,"
                " claimed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                (*key, operator, self.session, now.timestamp(), mine.expires_at.timestamp()))
        return ClaimResult(True, mine)

    def release(self, day: date, number: str, operator: str) -> bool:
        """Give back ``operator``'s claim on ``number``; False when they held none."""
        with self._db.write() as conn:
            gone = conn.execute(
                "DELETE FROM callback_claims WHERE day = ? AND number = ? AND operator = ?",
                (day.isoformat(), number, operator)).rowcount
        return gone > 0

    def claims(self, day: date) -> dict[str, Claim]:
        """The day's claims by number, expired ones included (the caller knows "now")."""
        with self._db.read() as conn:
            rows = conn.execute(f"SELECT {_CLAIM_COLUMNS} FROM callback_claims WHERE day = ?",
                                (day.isoformat(),)).fetchall()
        return {row[0]: _claim(row) for row in rows}

    def add_outcome(self, day: date, outcome: Outcome) -> None:
        """Append one manual outcome, committed before this returns."""
        if outcome.kind not in OUTCOME_KINDS:
            raise ValueError(f"unknown callback outcome {outcome.kind!r}")
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO callback_outcomes (day, number, kind, operator, at, note)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (day.isoformat(), outcome.number, outcome.kind, outcome.operator,
                 outcome.at.timestamp(), outcome.note))

    def outcomes(self, day: date) -> list[Outcome]:
        """The day's manual outcomes, oldest first."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT number, kind, operator, at, note FROM callback_outcomes WHERE day = ?"
                " ORDER BY at, seq", (day.isoformat(),)).fetchall()
        return [Outcome(number, kind, operator, _aware(at), note)
                for number, kind, operator, at, note in rows]
