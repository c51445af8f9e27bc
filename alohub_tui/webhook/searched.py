"""Calls taken from searchCallV2 to fill the gaps, and what each backfill found.

``searched_calls`` keeps one row per call found by a backfill (backfill.py), as a
webhook-shaped :class:`~alohub_tui.webhook.events.CallEvent` plus the record as the API
sent it. It sits beside the ``calls`` table and never changes it: readers merge the
two with :func:`with_search`, in which an event never loses to a search result for the
same field. ``seq`` grows with every change, so a reader follows the table by cursor as
it follows the events (``EventStore.calls_changed_after``).

``backfill_runs`` records each search of a gap: when, how many calls, and whether it
worked (a failure keeps its one-line reason: no API key, the API down, ...), so a wall
in any process can say whether its numbers are complete.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..api.models import CallRecord
from ..vntime import local_text, wire_text
from .events import CallEvent
from .side_tables import SideTables

BATCH = 500  # call ids per IN (...) query: under SQLite's host-parameter limit


def event_from_record(record: CallRecord) -> CallEvent:
    """A searchCallV2 record as the webhook event it would have been (no hotline: the
    search API has none)."""
    return CallEvent(
        call_id=record.call_id,
        call_status=record.call_status.lower(),
        direction=record.direction.lower(),
        caller_number=record.caller_number,
        destination_number=record.destination_number,
        starttime=record.starttime,
        answertime=record.answertime,
        endtime=record.endtime,
        hangup_by=record.hangup_by,
        total_duration=record.total_duration,
        holding_duration=record.holding_duration,
        recording_url=record.recording_url,
        transaction_id=record.transaction_id,
        user_name=record.agent,
    )


def with_search(event: CallEvent | None, searched: CallEvent | None) -> CallEvent | None:
    """The call as events and search together say: each field from the events when they
    have it, else from the search (so a call whose end post was lost gets its end time).

    The one field taken from the search over the events' is the status of a call the
    search saw further along (the events say "ringing", the search "missed"): the events
    have no status for that stage, only for an earlier one.
    """
    if event is None:
        return searched
    if searched is None:
        return event
    merged = event.filled_from(searched)
    if searched.stage > event.stage and searched.call_status:
        merged = dataclasses.replace(merged, call_status=searched.call_status)
    return merged


@dataclass(frozen=True, slots=True)
class SearchedCall:
    event: CallEvent
    fetched_at: float  # Unix time


@dataclass(frozen=True, slots=True)
class BackfillRun:
    """One search of one gap."""

    gap_start: float
    gap_end: float
    started_at: float
    finished_at: float
    ok: bool
    calls: int  # records found (ok) or 0
    message: str  # "" when ok; else why not, one line


def _searched(rows: Iterable[Any]) -> list[SearchedCall]:
    return [SearchedCall(CallEvent.parse(json.loads(state)), fetched) for state, fetched in rows]


class SearchedCalls(SideTables):
    """The ``searched_calls`` and ``backfill_runs`` tables of an event store's file."""

    # ------------------------------------------------------------ writing

    def put(self, records: Sequence[CallRecord], fetched_at: float) -> int:
        """Store what a search found; returns how many calls are new or changed."""
        changed = 0
        with self._writing() as conn:
            for record in records:
                if not record.call_id:
                    continue
                state = json.dumps(event_from_record(record).to_payload(), ensure_ascii=False)
                row = conn.execute("SELECT state FROM searched_calls WHERE call_id = ?",
                                   (record.call_id,)).fetchone()
                if row is not None and row[0] == state:
                    continue
                # REPLACE gives the row a new seq, so cursor readers see the change.
                conn.execute(
                    "INSERT OR REPLACE INTO searched_calls"
                    " (call_id, at_local, fetched_at, state, raw) VALUES (?, ?, ?, ?, ?)",
                    (record.call_id, wire_text(record.starttime), fetched_at, state,
                     json.dumps(record.raw or {}, ensure_ascii=False, default=str)),
                )
                changed += 1
        return changed

    def record_run(self, run: BackfillRun) -> None:
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO backfill_runs (gap_start, gap_end, started_at, finished_at, ok,"
                " calls, message) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (run.gap_start, run.gap_end, run.started_at, run.finished_at, int(run.ok),
                 run.calls, run.message),
            )

    # ------------------------------------------------------------ reading

    def last_seq(self) -> int:
        with self._reading() as conn:
            return int(conn.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM searched_calls").fetchone()[0])

    def changed_after(self, seq: int, limit: int = 5000) -> tuple[int, list[SearchedCall]]:
        """Calls stored or changed after cursor ``seq``, and the next cursor."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT seq, state, fetched_at FROM searched_calls WHERE seq > ?"
                " ORDER BY seq LIMIT ?", (seq, max(1, limit))).fetchall()
        if not rows:
            return seq, []
        return rows[-1][0], _searched((state, fetched) for _seq, state, fetched in rows)

    def started_between(self, start: datetime, end: datetime) -> list[SearchedCall]:
        """Calls that started in [start, end) (naive = Vietnam local)."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT state, fetched_at FROM searched_calls"
                " WHERE at_local >= ? AND at_local < ? ORDER BY at_local, seq",
                (local_text(start), local_text(end))).fetchall()
        return _searched(rows)

    def by_ids(self, call_ids: Iterable[str]) -> dict[str, SearchedCall]:
        ids = list(dict.fromkeys(call_ids))
        found: dict[str, SearchedCall] = {}
        with self._reading() as conn:
            for at in range(0, len(ids), BATCH):
                chunk = ids[at:at + BATCH]
                rows = conn.execute(
                    "SELECT state, fetched_at FROM searched_calls"
                    f" WHERE call_id IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
                for call in _searched(rows):
                    found[call.event.call_id] = call
        return found

    def runs(self, since: float) -> list[BackfillRun]:
        """Searches of gaps that ended at or after ``since``, oldest first."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT gap_start, gap_end, started_at, finished_at, ok, calls, message"
                " FROM backfill_runs WHERE gap_end >= ? ORDER BY started_at, id",
                (since,)).fetchall()
        return [BackfillRun(a, b, c, d, bool(ok), n, m) for a, b, c, d, ok, n, m in rows]
