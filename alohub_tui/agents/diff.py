"""What an updateQueue EDIT would change, compared with the last known state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import KnownState, QueueSet


@dataclass(frozen=True)
class QueueDiff:
    """Added/removed callin queues and extensions, and the callout change.

    ``known`` is False when the agent's state was never applied by this app: then
    every wanted item is shown as added, and the server's unknown lists are replaced.
    """

    known: bool
    callin_added: tuple[int, ...] = ()
    callin_removed: tuple[int, ...] = ()
    callout_before: int | None = None
    callout_after: int | None = None  # None: calloutId not sent, the server keeps its own
    ext_added: tuple[str, ...] = ()
    ext_removed: tuple[str, ...] = ()

    @property
    def callout_changes(self) -> bool:
        return self.callout_after is not None and self.callout_after != self.callout_before

    @property
    def changed(self) -> bool:
        """False only when the known state already equals the request (nothing to do)."""
        return not self.known or bool(
            self.callin_added or self.callin_removed or self.callout_changes
            or self.ext_added or self.ext_removed
        )

    def lines(self, names: Mapping[int, str] | None = None) -> list[str]:
        """One line per change: ``+ callin Sales (1)``, ``- ext 6689``..."""
        names = names or {}

        def q(qid: int | None) -> str:
            if qid is None:  # never sent from here: the server's value is not known
                return "unknown"
            name = names.get(qid)
            return f"{name} ({qid})" if name else str(qid)

        out: list[str] = []
        if not self.known:
            out.append("? last known state: unknown (never applied here); lists replaced")
        out += [f"+ callin {q(i)}" for i in self.callin_added]
        out += [f"- callin {q(i)}" for i in self.callin_removed]
        if self.callout_changes:
            out.append(f"~ callout {q(self.callout_before)} -> {q(self.callout_after)}")
        out += [f"+ ext {e}" for e in self.ext_added]
        out += [f"- ext {e}" for e in self.ext_removed]
        if self.known and not self.changed:
            out.append("= no change from the last known state")
        return out

    def summary(self) -> str:
        """A compact one-liner for table cells: ``+1 +2 -3 out:99999 +e6688``."""
        parts = [f"+{i}" for i in self.callin_added] + [f"-{i}" for i in self.callin_removed]
        if self.callout_changes:
            parts.append(f"out:{self.callout_after}")
        parts += [f"+e{e}" for e in self.ext_added] + [f"-e{e}" for e in self.ext_removed]
        if not self.known:
            parts.insert(0, "(was unknown)")
        return " ".join(parts) or "no change"


def diff_queues(before: KnownState | QueueSet | None, after: QueueSet) -> QueueDiff:
    """The change from ``before`` (None: unknown) to the wanted ``after``."""
    if before is None:
        return QueueDiff(
            known=False, callin_added=after.callin_ids, callout_after=after.callout_id,
            ext_added=after.extensions,
        )
    old = before.queues if isinstance(before, KnownState) else before
    return QueueDiff(
        known=True,
        callin_added=tuple(i for i in after.callin_ids if i not in old.callin_ids),
        callin_removed=tuple(i for i in old.callin_ids if i not in after.callin_ids),
        callout_before=old.callout_id,
        callout_after=after.callout_id,
        ext_added=tuple(e for e in after.extensions if e not in old.extensions),
        ext_removed=tuple(e for e in old.extensions if e not in after.extensions),
    )
