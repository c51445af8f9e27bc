"""An audit entry in words: the audit log screen's columns and ``alohub-tui audit``'s."""

from __future__ import annotations

from .audit import AuditEntry
from .diff import diff_queues
from .plan_run import is_run, run_summary, run_title


def entry_cells(entry: AuditEntry) -> tuple[str, str, str, str]:
    """(agent, kind, result, change): a plan run is titled by its plan and summarised."""
    if is_run(entry):  # a plan run as a whole
        return run_title(entry), entry.kind, entry.result_label, run_summary(entry)
    sent = entry.sent_queues
    change = diff_queues(entry.previous_state, sent).summary() if sent else "?"
    if entry.undo_of:
        change = f"undo {entry.undo_of}: {change}"
    if entry.error:
        change = f"{entry.error} · {change}"
    return entry.agent, entry.kind, entry.result_label, change
