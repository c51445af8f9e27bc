"""Undo several logged changes in one step: the marked ones, or the last bulk change.

One request per agent: each agent goes back to its state before the oldest of its
chosen changes (undoing a later change of the same agent first would restore a state
the older undo replaces anyway). A change that cannot be undone (failed, of another
profile, earlier state unknown, a plan run: F6 undoes a run on its own) is listed with
why, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .audit import AuditEntry
from .model import KnownState
from .plan_run import RUN_KIND


@dataclass(frozen=True)
class UndoStep:
    """Put ``agent`` back as it was before change ``undo_of``."""

    agent: str
    restore: KnownState
    current: KnownState | None
    undo_of: str


def last_batch(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The changes of the newest bulk send (``entries`` newest first), newest first."""
    entries = list(entries)
    batch = next((e.batch for e in entries if e.kind == "bulk" and e.batch), None)
    return [e for e in entries if batch is not None and e.batch == batch]


def undo_steps(chosen: Iterable[AuditEntry], known: Mapping[str, KnownState],
               profile: str) -> tuple[list[UndoStep], list[str]]:
    """The requests that undo ``chosen``, and a line for each change left alone."""
    oldest: dict[str, AuditEntry] = {}
    refused: list[str] = []
    for entry in sorted(chosen, key=lambda e: e.time):
        if entry.kind == RUN_KIND:
            refused.append(f"plan run {entry.id}: undo it on its own (F6 on its line)")
            continue
        refusal = entry.undo_refusal(profile)
        if refusal:
            refused.append(f"{entry.agent} ({entry.id}): {refusal}")
            continue
        oldest.setdefault(entry.agent, entry)
    steps = []
    for agent, entry in oldest.items():
        previous = entry.previous_state
        assert previous is not None  # undo_refusal says so otherwise
        steps.append(UndoStep(agent, previous, known.get(agent), entry.id))
    return steps, refused
