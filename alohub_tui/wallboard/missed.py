"""Today's missed inbound calls, newest first: what the wall's missed-calls page lists.

A missed call is an *offered* call (inbound, ended today) that was not answered: the
``abandoned`` and ``short_abandoned`` of the KPIs (docs/WALL.md). The list follows the
same changed calls as the aggregate (source.py), so it costs nothing to keep: a call
joins when it ends unanswered, and leaves if a later post says it was answered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from .source import CallView

#: Calls kept (the page shows what fits; a day can have thousands).
MAX_MISSED = 500


@dataclass(frozen=True, slots=True)
class MissedCall:
    """One row of the missed-calls page."""

    call_id: str
    start: datetime | None
    end: datetime | None
    customer: str  # the caller
    hotline: str  # the number called ("" when Alohub sent none)
    agent: str  # the agent it rang at, if any
    status: str  # missed, noanswer, busy, ...
    wait_s: int | None
    short: bool  # a short abandon (wait ≤ short_abandon_s)
    from_search: bool  # known from the backfill, not from events

    @property
    def at(self) -> datetime | None:
        """When it ended (else started): the list's order."""
        return self.end or self.start


def missed_call(view: CallView, day: date, short_abandon_s: int) -> MissedCall | None:
    """``view`` as a row when it is a missed call of ``day``, else None."""
    facts, event = view.facts, view.event
    if not (facts.inbound and facts.ended and not facts.answered and facts.day == day
            and facts.start is not None):
        return None
    wait = facts.wait_s
    return MissedCall(
        call_id=facts.call_id, start=facts.start, end=facts.end,
        customer=event.caller_number, hotline=facts.hotline, agent=facts.agent,
        status=event.call_status or "missed", wait_s=wait,
        short=wait is not None and wait <= short_abandon_s, from_search=facts.from_search,
    )


class MissedList:
    """The missed calls of one day, kept from the changed calls; bounded."""

    def __init__(self, day: date, short_abandon_s: int, limit: int = MAX_MISSED) -> None:
        self.day = day
        self.short_abandon_s = short_abandon_s
        self.limit = limit
        self._calls: dict[str, MissedCall] = {}
        self.version = 0  # bumped on every change: a page redraws only then

    def update(self, views: Iterable[CallView], *, reload: bool = False,
               day: date | None = None) -> bool:
        """Take in changed calls (``reload``: the whole day, replacing the list);
        returns whether the list changed."""
        before = dict(self._calls) if reload else None
        if reload:
            self._calls = {}
            self.day = day or self.day
        changed = False
        for view in views:
            row = missed_call(view, self.day, self.short_abandon_s)
            old = self._calls.pop(view.facts.call_id, None)
            if row is not None:
                self._calls[row.call_id] = row
            changed = changed or old != row
        if len(self._calls) > self.limit:
            keep = sorted(self._calls.values(), key=_order, reverse=True)[:self.limit]
            self._calls = {row.call_id: row for row in keep}
        if reload:
            changed = before != self._calls
        if changed:
            self.version += 1
        return changed

    def newest_first(self) -> list[MissedCall]:
        return sorted(self._calls.values(), key=_order, reverse=True)

    def __len__(self) -> int:
        return len(self._calls)


def _order(row: MissedCall) -> tuple[datetime, str]:
    return (row.at or datetime.min, row.call_id)
