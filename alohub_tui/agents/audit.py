"""Append-only audit log of queue changes, as JSON lines in the data folder.

Each change writes two lines with the same ``id``: ``result: "sent"`` just before the
request and ``"ok"``/``"failed"``/``"maybe"`` after it (``maybe``: the answer was lost
after sending, so the change may be live), so a crash in between still leaves a
trace (shown as "sent, no answer recorded"). The file is created with mode 0600 and
fsynced after every line. Reading merges the lines of an id; the last one wins.

A plan run (``kind: "run"``, see :mod:`.plan_run`) is an entry of its own; the
changes it made carry its id in ``run``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from alohub_tui import paths
from alohub_tui.privfiles import append_private
from alohub_tui.vntime import as_vn_aware, now_vn

from .model import KnownState, QueueSet

AUDIT_FILE_NAME = "queue-audit.jsonl"
SENT, OK, FAILED, MAYBE = "sent", "ok", "failed", "maybe"


def default_audit_path() -> Path:
    return paths.data_dir() / AUDIT_FILE_NAME


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

    def undo_refusal(self) -> str | None:
        """Why this entry cannot be undone, or None when it can."""
        if self.result == FAILED:
            return "This change failed, so there is nothing to undo."
        if self.previous_state is None:
            return (
                "The agent's state before this change was unknown, so there is "
                "nothing known to restore."
            )
        return None


class AuditLog:
    """The audit file; every write is one appended, fsynced line."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_audit_path()
        self.skipped_lines = 0

    def _append(self, entry: AuditEntry) -> None:
        append_private(self.path, (entry.to_json() + "\n").encode("utf-8"))

    def record_sent(
        self,
        agent: str,
        body: dict[str, Any],
        previous: KnownState | None,
        *,
        kind: str = "edit",
        undo_of: str | None = None,
        run: str | None = None,
    ) -> AuditEntry:
        """Log a request about to go out (raises OSError: then do not send it)."""
        entry = AuditEntry(
            id=uuid.uuid4().hex[:12],
            time=now_vn(),
            agent=agent,
            kind=kind,
            body=body,
            previous=previous.to_dict() if previous else None,
            undo_of=undo_of,
            run=run,
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

    def entries(self) -> list[AuditEntry]:
        """Every change, newest first (by the time it was sent); unreadable lines skipped."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        merged: dict[str, AuditEntry] = {}
        sent_at: dict[str, datetime] = {}
        self.skipped_lines = 0
        for line in text.splitlines():
            if not line.strip():
                continue
            entry = AuditEntry.from_json(line)
            if entry is None:
                self.skipped_lines += 1
                continue
            sent_at.setdefault(entry.id, entry.time)
            merged[entry.id] = entry
        order = list(merged)
        order.reverse()  # later ids appended later; stable for equal times
        order.sort(key=lambda i: sent_at[i], reverse=True)
        return [merged[i] for i in order]
