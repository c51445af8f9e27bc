"""Undo a plan run as one step: every agent it changed back to its state before the run.

Built from the audit log alone, so a run applied from cron can be undone from the TUI.
Agents the run did not change (their request failed) and agents whose state before the
run was unknown are reported, never guessed. A change that "may be applied" is undone
too (sending the earlier state is harmless if it never landed). A run recorded under
another profile (or before profiles) is never undone from this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .audit import FAILED, MAYBE, SENT, AuditEntry, AuditLog, profile_refusal
from .model import KnownState
from .plan_diff import PlanRow, RowKind, classify
from .plan_run import RUN_KIND, UNDO, PlanRun

CHANGED_SINCE = "changed again since the run: undo replaces that later change too"
MAYBE_UNDONE = "the run's change may or may not have landed: its earlier state is re-sent"


@dataclass(frozen=True)
class RunUndo:
    """The undo of one run: a run to send, and what it leaves alone (with why)."""

    run_entry: AuditEntry
    run: PlanRun
    rows: tuple[PlanRow, ...]  # every agent restored, unchanged rows included
    notes: tuple[str, ...]

    @property
    def plan_name(self) -> str:
        return str(self.run_entry.body.get("plan", "?"))


class NotUndoable(ValueError):
    """The id is not a run, or nothing of it can be restored."""


def find_run(entries: Iterable[AuditEntry], run_id: str, profile: str) -> AuditEntry:
    """The run's entry, if it was recorded under ``profile`` (else NotUndoable)."""
    for entry in entries:
        if entry.id == run_id and entry.kind == RUN_KIND:
            refusal = profile_refusal(entry.profile, profile)
            if refusal:
                raise NotUndoable(refusal)
            return entry
    raise NotUndoable(f"no plan run with id {run_id} in profile {profile}'s audit log")


def _agent_row(changes: list[AuditEntry], current: KnownState | None) -> PlanRow | str:
    """The row restoring one agent (its entries in the run, oldest first), or a note."""
    agent = changes[0].agent
    landed = [e for e in changes if e.result != FAILED]  # ok, maybe, or no answer logged
    if not landed:
        return f"{agent}: not changed by the run (its request failed): nothing to undo"
    before = changes[0].previous_state
    if before is None:
        return (f"{agent}: its state before the run was unknown, so it is not restored "
                "(set it in the editor)")
    last = landed[-1]
    warnings: list[str] = []
    set_by_run = last.sent_queues
    if last.result != MAYBE and current is not None and set_by_run is not None and (
        current.queues.callin_ids != set_by_run.callin_ids
        or current.queues.extensions != set_by_run.extensions
    ):
        warnings.append(CHANGED_SINCE)
    row = classify(agent, current, before.queues, warnings, undo_of=last.id)
    if row.kind is RowKind.SAME and last.result in (MAYBE, SENT):
        return PlanRow(agent, RowKind.CHANGE, row.wanted, current, row.diff,
                       warnings=(*row.warnings, MAYBE_UNDONE), undo_of=last.id)
    return row


def plan_undo(audit: AuditLog, run_id: str, known: Mapping[str, KnownState]) -> RunUndo:
    """The undo of run ``run_id`` (from ``audit``) against the agents' known states."""
    entries = audit.entries()
    run_entry = find_run(entries, run_id, audit.profile)
    order = [str(name) for name in run_entry.body.get("agents", [])]
    per_agent: dict[str, list[AuditEntry]] = {name: [] for name in order}
    oldest_first = sorted(reversed(entries), key=lambda e: e.time)  # entries(): newest first
    for entry in oldest_first:
        if entry.run == run_id and entry.kind != RUN_KIND:
            per_agent.setdefault(entry.agent, []).append(entry)
    rows: list[PlanRow] = []
    notes: list[str] = []
    for agent, changes in per_agent.items():
        if not changes:
            continue
        found = _agent_row(changes, known.get(agent))
        if isinstance(found, str):
            notes.append(found)
        else:
            rows.append(found)
    if not rows:
        unknown = [a for a, c in per_agent.items() if c and c[0].previous_state is None]
        reason = (f"the state before it was unknown for {', '.join(unknown)}" if unknown
                  else "it changed no agent")
        raise NotUndoable(f"run {run_id} has nothing to undo: {reason}")
    name = str(run_entry.body.get("plan", "?"))
    run = PlanRun(name, rows, mode=UNDO, undo_of=run_id)
    return RunUndo(run_entry, run, tuple(rows), tuple(notes))
