"""Send one updateQueue EDIT with its audit trail and known-state update.

The order matters: audit "sent" line, request, audit result line, then the known
state (only on success). If the audit log cannot be written, nothing is sent; nor is an
undo or retry of a change recorded under another profile (:class:`.audit.ForeignChange`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from alohub_tui.api.errors import AlohubError, MaybeApplied
from alohub_tui.vntime import now_vn

from .audit import AuditEntry, AuditLog, ForeignChange
from .model import AgentStateStore, KnownState, QueueSet, after_apply, save_known


class QueueClient(Protocol):
    async def update_queue(self, user_name: str, body: Mapping[str, Any]) -> None: ...


@dataclass(frozen=True)
class ApplyOutcome:
    user_name: str
    body: dict[str, Any]
    ok: bool
    error: str | None = None  # the vendor's message (or why nothing was sent)
    title: str | None = None  # short kind of failure, for a toast
    state: KnownState | None = None  # the new known state on success
    warning: str | None = None  # sent fine, but the audit log or known state was not saved
    entry: AuditEntry | None = None
    maybe_applied: bool = False  # sent, but the answer was lost: the change may be live


async def apply_queues(
    client: QueueClient,
    audit: AuditLog,
    store: AgentStateStore,
    user_name: str,
    wanted: QueueSet,
    previous: KnownState | None,
    *,
    kind: str = "edit",
    undo_of: str | None = None,
    run: str | None = None,
    batch: str | None = None,
    now: Callable[[], datetime] = now_vn,
) -> ApplyOutcome:
    """Apply ``wanted`` to ``user_name``; never raises for API or file failures."""
    body = wanted.body()
    try:
        entry = audit.record_sent(user_name, body, previous, kind=kind, undo_of=undo_of,
                                  run=run, batch=batch)
    except ForeignChange as exc:
        return ApplyOutcome(user_name, body, False, str(exc), "Another profile")
    except OSError as exc:
        return ApplyOutcome(
            user_name, body, False,
            f"Could not write the audit log {audit.path} ({exc.strerror}); nothing was sent.",
            "Audit log",
        )
    error: AlohubError | None = None
    try:
        await client.update_queue(user_name, body)
    except AlohubError as exc:
        error = exc
    warnings: list[str] = []
    maybe = isinstance(error, MaybeApplied)
    try:
        entry = audit.record_result(entry, error.message if error else None, maybe=maybe)
    except OSError as exc:
        warnings.append(f"audit log not updated ({exc.strerror})")
    if error is not None:
        return ApplyOutcome(user_name, body, False, error.message, error.title, entry=entry,
                            maybe_applied=maybe)
    state = after_apply(previous, wanted, now())
    try:
        save_known(store, user_name, state)
    except OSError as exc:
        warnings.append(f"known state not saved ({exc.strerror})")
    return ApplyOutcome(
        user_name, body, True, state=state, warning="; ".join(warnings) or None, entry=entry
    )
