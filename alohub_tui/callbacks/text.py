"""A callback in words and as JSON: the tab, ``alohub-tui callbacks`` and the wall share
these, so an item reads the same everywhere. Status is a glyph and a word, never a
colour alone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alohub_tui.store.callbacks import DONE
from alohub_tui.vntime import fmt_ago, to_local_naive, wire_text

from .worklist import ANSWERED, CALLED_BACK, CLOSING_WORDS, Callback, Worklist

OPEN = "open"
CLAIMED = "claimed"
CLOCK = "%H:%M"


def state(item: Callback) -> str:
    """``open``, ``claimed``, or how it was cleared (``called back``, ``done``...)."""
    if item.closing is not None:
        return CLOSING_WORDS[item.closing.how]
    return CLAIMED if item.claim is not None else OPEN


def waiting_text(item: Callback, now: datetime) -> str:
    return fmt_ago(item.waiting(now).total_seconds())


def state_text(item: Callback, now: datetime, me: str = "") -> str:
    """E.g. ``● open · tried 2× (busy 10:41)``, ``☎ An · 12 min left``,
    ``✓ called back by userName60 10:42``, ``✓ done by An 10:50: sent SMS``."""
    closing = item.closing
    if closing is not None:
        glyph = "✓" if closing.how in (CALLED_BACK, ANSWERED, DONE) else "–"
        by = f" by {closing.by}" if closing.by else ""
        note = f": {closing.note}" if closing.note else ""
        return f"{glyph} {CLOSING_WORDS[closing.how]}{by} {closing.at:{CLOCK}}{note}"
    if item.claim is not None:
        who = "you" if item.claim.operator == me else item.claim.operator
        left = (item.claim.expires_at - now).total_seconds()
        return f"☎ {who} · {fmt_ago(max(0.0, left))} left"
    if item.attempts:
        last = item.attempts[-1]
        return f"● open · tried {len(item.attempts)}× ({last.status} {last.at:{CLOCK}})"
    return "● open"


def summary_text(worklist: Worklist, now: datetime) -> str:
    """``3 open · oldest 42 min`` (the tab's title line and the wall's tile)."""
    oldest = worklist.oldest
    if oldest is None:
        return "none open"
    return f"{len(worklist.open)} open · oldest {waiting_text(oldest, now)}"


def item_json(item: Callback, now: datetime) -> dict[str, Any]:
    """One item for scripts (times in the wire format, Vietnam local)."""
    claim, closing = item.claim, item.closing
    return {
        "number": item.number,
        "state": state(item),
        "count": item.count,
        "first": wire_text(item.first),
        "last": wire_text(item.last),
        "hotline": item.hotline,
        "waiting_s": int(item.waiting(now).total_seconds()),
        "claimed_by": claim.operator if claim else None,
        "claimed_until": wire_text(to_local_naive(claim.expires_at)) if claim else None,
        "attempts": len(item.attempts),
        "closed_by": closing.by if closing else None,
        "closed_at": wire_text(closing.at) if closing else None,
        "note": closing.note if closing else None,
    }
