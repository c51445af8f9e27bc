"""The duplicate guard: the same number dialled again soon is asked about first."""

from __future__ import annotations

from datetime import datetime, timedelta

from .record import FAILED, REFUSED, Dial


def recent_duplicate(
    dials: list[Dial], number: str, now: datetime, window_s: int
) -> Dial | None:
    """The latest dial of ``number`` within ``window_s`` seconds, if any went out."""
    if window_s <= 0:
        return None
    for dial in dials:
        if dial.number != number or dial.outcome in (REFUSED, FAILED):
            continue
        if now - dial.placed_at <= timedelta(seconds=window_s):
            return dial
    return None
