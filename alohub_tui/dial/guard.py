"""The duplicate guards: the same number dialled again soon is asked about first; a
transactionId already used by a dial is not used again (it is how a dial is found)."""

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


def used_by(dials: list[Dial], transaction_id: str) -> Dial | None:
    """The dial already placed with ``transaction_id``, if any: a second dial with it
    would be mistaken for the first in look-ups, webhooks and Recent dials."""
    return next((dial for dial in dials if dial.transaction_id == transaction_id), None)
