"""The append-only audit log of queue changes, in the profile's local store.

Each change writes two lines with the same ``id``: ``result: "sent"`` just before the
request and ``"ok"``/``"failed"``/``"maybe"`` after it (``maybe``: the answer was lost
after sending, so the change may be live), so a crash in between still leaves a
trace (shown as "sent, no answer recorded"). Each line is committed before the code goes
on (:mod:`alohub_tui.store.audit`); reading merges the lines of an id, the last one wins.

A plan run (``kind: "run"``, see :mod:`.plan_run`) is an entry of its own; the
changes it made carry its id in ``run``. The changes of one bulk send share a ``batch``
id, so they can be undone together (:mod:`.undo_many`).

Every line names the profile it was recorded under. Nothing recorded under another
profile (or imported from the audit file of before profiles, whose tenant is unknown) is
ever undone or re-sent: :meth:`AuditLog.record_sent` refuses a change that refers to one.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from alohub_tui.store.audit import AuditLine, MergedEntry
from alohub_tui.store.local import LocalStore
from alohub_tui.vntime import as_vn_aware, now_vn

from .model import KnownState, QueueSet

SENT, OK, FAILED, MAYBE = "sent", "ok", "failed", "maybe"
BEFORE_PROFILES = (
    "This change was imported from the audit file of before profiles, so the tenant it "
    "went to (maybe the demo's) is unknown: it is not re-sent from here. Set the queues "
    "in the editor instead."
)


class ForeignChange(ValueError):
    """A change refers to one recorded under another profile: nothing is sent."""


def profile_refusal(recorded_under: str | None, profile: str) -> str | None:
    """Why a change recorded under ``recorded_under`` may not be re-sent from ``profile``."""
    if recorded_under is None:
        return BEFORE_PROFILES
    if recorded_under != profile:
        return (f"This change was recorded under profile {recorded_under}, not "
                f"{profile}: it is not re-sent to this tenant.")
    return None


@dataclass(frozen=True)
class AuditEntry:
    """One queue change as logged: who, what was sent, what it replaced, how it ended."""

    id: str
    time: datetime
    agent: str
    kind: str  # "edit", "bulk", "plan", "undo", or "run" (a plan run as a whole)
    body: dict[str, Any]
    previous: dict[str, Any] | None  # KnownState.to_dict() before the change, or None
    result: str = SENT
    error: str | None = None
    undo_of: str | None = None
    run: str | None = None  # the plan run this change belongs to
    profile: str | None = None  # recorded under; None: before profiles (imported)
    batch: str | None = None  # the changes of one bulk send share it (undone together)

    def to_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "time": self.time.isoformat(timespec="seconds"),
                "agent": self.agent,
                "kind": self.kind,
                "body": self.body,
                "previous": self.previous,
                "result": self.result,
                "error": self.error,
                "undo_of": self.undo_of,
                "run": self.run,
                "profile": self.profile,
                "batch": self.batch,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, line: str) -> AuditEntry | None:
        try:
            data = json.loads(line)
            when = datetime.fromisoformat(data["time"])
            entry = cls(
                id=str(data["id"]),
                time=as_vn_aware(when),
                agent=str(data["agent"]),
                kind=str(data.get("kind", "edit")),
                body=dict(data["body"]),
                previous=dict(data["previous"]) if data.get("previous") else None,
                result=str(data.get("result", SENT)),
                error=data.get("error") if isinstance(data.get("error"), str) else None,
                undo_of=data.get("undo_of") if isinstance(data.get("undo_of"), str) else None,
                run=data.get("run") if isinstance(data.get("run"), str) else None,
                profile=data.get("profile") if isinstance(data.get("profile"), str) else None,
                batch=data.get("batch") if isinstance(data.get("batch"), str) else None,
            )
        except (ValueError, KeyError, TypeError):
            return None
        return entry

    @property
    def previous_state(self) -> KnownState | None:
        return KnownState.from_dict(self.previous) if self.previous else None

    @property
    def sent_queues(self) -> QueueSet | None:
        try:
            return QueueSet.from_body(self.body)
        except (TypeError, ValueError):
            return None

    @property
    def result_label(self) -> str:
        return {SENT: "? sent, no answer recorded", OK: "✓ ok", FAILED: "✗ failed",
                MAYBE: "? may be applied"}.get(self.result, self.result)

    def undo_refusal(self, profile: str) -> str | None:
        """Why this entry cannot be undone from ``profile``, or None when it can."""
        foreign = profile_refusal(self.profile, profile)
        if foreign:
            return foreign
        if self.result == FAILED:
            return "This change failed, so there is nothing to undo."
        if self.previous_state is None:
            return (
                "The agent's state before this change was unknown, so there is "
                "nothing known to restore."
            )
        return None


class AuditLog:
    """The profile's audit log; every write is one committed line (StoreError if not)."""

    def __init__(self, store: LocalStore) -> None:
        self.records = store.audit
        self.profile = store.profile.name
        self.path = store.path
        self.skipped_lines = 0

    def _append(self, entry: AuditEntry) -> None:
        self.records.append(AuditLine(entry.id, entry.time, entry.agent, entry.kind,
                                      entry.result, entry.profile, entry.to_json()))

    def _check_reference(self, entry_id: str | None, what: str) -> None:
        """Refuse a change that refers to one not recorded under this profile."""
        if entry_id is None:
            return
        found = self.records.find(entry_id)
        if found is None:
            raise ForeignChange(
                f"There is no {what} {entry_id} in profile {self.profile}'s audit log (was "
                "it recorded under another profile?): nothing is sent to this tenant.")
        refusal = profile_refusal(found.profile, self.profile)
        if refusal:
            raise ForeignChange(refusal)

    def record_sent(
        self,
        agent: str,
        body: dict[str, Any],
        previous: KnownState | None,
        *,
        kind: str = "edit",
        undo_of: str | None = None,
        run: str | None = None,
        batch: str | None = None,
    ) -> AuditEntry:
        """Log a request about to go out (raises OSError, or ForeignChange for an undo or
        a run of another profile: then do not send it)."""
        self._check_reference(undo_of, "change")
        self._check_reference(run, "plan run")
        entry = AuditEntry(
            id=uuid.uuid4().hex[:12],
            time=now_vn(),
            agent=agent,
            kind=kind,
            body=body,
            previous=previous.to_dict() if previous else None,
            undo_of=undo_of,
            run=run,
            profile=self.profile,
            batch=batch,
        )
        self._append(entry)
        return entry

    def record_result(
        self, entry: AuditEntry, error: str | None, *, maybe: bool = False
    ) -> AuditEntry:
        """Log how it ended; ``maybe``: sent, answer lost (``error`` says why)."""
        result = MAYBE if maybe else FAILED if error else OK
        done = replace(entry, time=now_vn(), result=result, error=error)
        self._append(done)
        return done

    def _entry(self, merged: MergedEntry) -> AuditEntry | None:
        entry = AuditEntry.from_json(merged.data)
        return None if entry is None else replace(entry, profile=merged.profile)

    def entries(self, *, agent: str | None = None, since: datetime | None = None,
                limit: int | None = None) -> list[AuditEntry]:
        """Changes newest first (by the time each was sent); ``agent``, ``since`` (aware)
        and ``limit`` narrow them. Unreadable entries are skipped and counted."""
        found = [self._entry(m) for m in self.records.merged(agent=agent, since=since,
                                                             limit=limit)]
        self.skipped_lines = sum(entry is None for entry in found)
        return [entry for entry in found if entry is not None]

    def find(self, entry_id: str) -> AuditEntry | None:
        merged = self.records.find(entry_id)
        return None if merged is None else self._entry(merged)
