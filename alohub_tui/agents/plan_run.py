"""One run of a plan (or of an undo): per-agent results and its own audit entry.

The run is logged as an audit entry of kind ``run`` (``body``: plan name, mode and
the agents it sends to) written before the first request and again after the last
(and after each retry), and every change it sends carries the run's id, so the audit
log alone says what the run did and :mod:`.plan_undo` can reverse it as one step.

An answer lost after sending (``MaybeApplied``) is its own result, "may be applied":
not a failure to re-send blindly, and not a success either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .apply import ApplyOutcome, QueueClient, apply_queues
from .audit import AuditEntry, AuditLog
from .model import AgentStateStore, KnownState
from .plan_diff import PlanRow

RUN_KIND = "run"
APPLY, UNDO = "apply", "undo"


class Status(StrEnum):
    READY = "ready"
    SENDING = "sending"
    OK = "applied"
    FAILED = "failed"
    MAYBE = "may be applied"

    @property
    def glyph(self) -> str:
        return {"ready": "·", "sending": "…", "applied": "✓", "failed": "✗",
                "may be applied": "?"}[self.value]


def run_body(plan_name: str, mode: str, agents: Sequence[str]) -> dict[str, Any]:
    return {"plan": plan_name, "mode": mode, "agents": list(agents)}


@dataclass
class PlanRun:
    """The sendable rows of one plan diff and what became of each."""

    plan_name: str
    rows: list[PlanRow]
    mode: str = APPLY
    undo_of: str | None = None  # for an undo: the run it reverses
    entry: AuditEntry | None = None  # the run's audit entry, once started
    status: dict[str, Status] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rows = [row for row in self.rows if row.sendable]
        for row in self.rows:
            self.status.setdefault(row.user_name, Status.READY)

    @property
    def id(self) -> str | None:
        return self.entry.id if self.entry else None

    @property
    def change_kind(self) -> str:
        """The audit kind of each change: ``plan``, or ``undo`` for an undo run."""
        return "undo" if self.mode == UNDO else "plan"

    def with_status(self, *wanted: Status) -> list[PlanRow]:
        return [row for row in self.rows if self.status[row.user_name] in wanted]

    def record(self, outcome: ApplyOutcome) -> Status:
        """Take one agent's outcome; returns its new status."""
        if outcome.ok:
            status = Status.OK
            self.errors.pop(outcome.user_name, None)
        else:
            status = Status.MAYBE if outcome.maybe_applied else Status.FAILED
            self.errors[outcome.user_name] = outcome.error or "failed"
        self.status[outcome.user_name] = status
        return status

    def mark_sending(self, user_name: str) -> None:
        self.status[user_name] = Status.SENDING

    @property
    def finished(self) -> bool:
        return all(s not in (Status.READY, Status.SENDING) for s in self.status.values())

    @property
    def all_applied(self) -> bool:
        return all(s is Status.OK for s in self.status.values())

    def summary(self) -> str:
        """``2 applied, 1 failed, 1 may be applied`` (only the counts that are not zero)."""
        parts = [f"{n} {status.value}" for status in Status
                 if (n := sum(1 for s in self.status.values() if s is status))]
        return ", ".join(parts) or "nothing to send"

    def problem_text(self) -> str | None:
        """The run entry's error: which agents failed or may be applied, else None."""
        failed = [r.user_name for r in self.with_status(Status.FAILED)]
        maybe = [r.user_name for r in self.with_status(Status.MAYBE)]
        parts = ([f"failed: {', '.join(failed)}"] if failed else []) + (
            [f"may be applied: {', '.join(maybe)}"] if maybe else [])
        return "; ".join(parts) or None


def start_run(audit: AuditLog, run: PlanRun) -> AuditEntry:
    """Log the run before its first request (raises OSError: then send nothing)."""
    body = run_body(run.plan_name, run.mode, [row.user_name for row in run.rows])
    run.entry = audit.record_sent("", body, None, kind=RUN_KIND, undo_of=run.undo_of)
    return run.entry


def finish_run(audit: AuditLog, run: PlanRun) -> str | None:
    """Log how the run ended (again after a retry); a warning if the log cannot be written."""
    if run.entry is None:
        return None
    try:
        run.entry = audit.record_result(run.entry, run.problem_text(),
                                        maybe=not run.with_status(Status.FAILED)
                                        and bool(run.with_status(Status.MAYBE)))
    except OSError as exc:
        return f"the run's end was not logged ({exc.strerror})"
    return None


async def send_rows(
    client: QueueClient,
    audit: AuditLog,
    store: AgentStateStore,
    run: PlanRun,
    rows: Sequence[PlanRow],
    known: Mapping[str, KnownState],
    on_outcome: Callable[[PlanRow, ApplyOutcome], None] = lambda row, outcome: None,
) -> None:
    """Send ``rows`` of a started run one at a time, in order (the CLI's loop).

    ``previous`` is each agent's known state now, not at diff time. The TUI sends the
    same way through its App worker (``AgentsContext.send_all``).
    """
    for row in rows:
        if row.wanted is None:
            continue
        run.mark_sending(row.user_name)
        outcome = await apply_queues(
            client, audit, store, row.user_name, row.wanted, known.get(row.user_name),
            kind=run.change_kind, undo_of=row.undo_of, run=run.id,
        )
        run.record(outcome)
        on_outcome(row, outcome)


def is_run(entry: AuditEntry) -> bool:
    return entry.kind == RUN_KIND


def run_title(entry: AuditEntry) -> str:
    """``plan morning`` (the Agent column of a run's audit entry)."""
    return f"plan {entry.body.get('plan', '?')}"


def run_summary(entry: AuditEntry) -> str:
    """``3 agents``, ``undo of run 1a2b…: 3 agents``, then the problem if any."""
    agents = entry.body.get("agents", [])
    text = f"{len(agents)} agent{'s' if len(agents) != 1 else ''}"
    if entry.undo_of:
        text = f"undo of run {entry.undo_of}: {text}"
    return f"{text} · {entry.error}" if entry.error else text


def run_detail(entry: AuditEntry) -> list[str]:
    """The run entry in words, for the audit log's detail pane."""
    agents = ", ".join(str(a) for a in entry.body.get("agents", [])) or "none"
    lines = [f"{run_title(entry)} · run {entry.id} · {entry.result_label}",
             f"{'undo of run ' + entry.undo_of + ' · ' if entry.undo_of else ''}agents: {agents}"]
    if entry.error:
        lines.append(f"✗ {entry.error}")
    return lines
