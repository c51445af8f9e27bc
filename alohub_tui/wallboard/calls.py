"""What the KPIs need to know about one call, whatever it came from.

A :class:`CallFacts` is built from a call's merged webhook state (the event store's
:class:`~alohub_tui.webhook.store.StoredCall`), from a single event, or from a
searchCallV2 record (``from_search``: the backfill of receiver downtime marks such
calls, and the wall says how many it counts). It is a small frozen value: the running
aggregate keeps one per call of the day.

*Live evidence.* Alohub may post only when a call ends. Then nothing says who is talking
or how long a caller has waited *now*, and showing ``0`` would lie. A call is evidence
that events arrive live when a post of it arrived before it ended: it is still in
progress, or it has two or more posts and the first arrived before its end time. The
same test against the answer time says a post arrived while it rang. The wall shows
longest wait and agent states only on a day with such evidence (snapshot.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from ..api.models import CallRecord
from ..vntime import to_local_naive
from ..webhook.events import CallEvent, Stage
from ..webhook.readings import StoredCall
from ..webhook.searched import event_from_record


@dataclass(frozen=True, slots=True)
class CallFacts:
    """One call as the KPIs see it. Times are naive Vietnam local time."""

    call_id: str
    direction: str = ""  # lowercase: "inbound", "outbound", other, or "" (unknown)
    hotline: str = ""  # the number the customer called ("" when not given)
    agent: str = ""  # user name of the agent it rang at or was answered by
    start: datetime | None = None  # None: missing or unreadable
    answer: datetime | None = None
    end: datetime | None = None
    answered: bool = False
    ended: bool = False
    talk_s: int = 0  # answered and ended: talk time
    first_seen: datetime | None = None  # when its first post arrived here
    seen_before_end: bool = False  # live evidence; see the module docstring
    seen_ringing: bool = False
    from_search: bool = False  # backfilled from searchCallV2, not seen as events

    @classmethod
    def from_event(cls, event: CallEvent, first_seen: datetime | None = None, posts: int = 1,
                   *, from_search: bool = False) -> CallFacts:
        """``event``: a call's merged state; ``posts``: how many distinct posts made it."""
        seen = None if first_seen is None else to_local_naive(first_seen)
        earlier = posts >= 2 and seen is not None and not from_search

        def arrived_before(moment: datetime | None) -> bool:
            return earlier and moment is not None and seen is not None and seen < moment

        ring_end = event.answertime if event.answered else event.endtime
        live = not from_search
        return cls(
            call_id=event.call_id,
            direction=event.direction,
            hotline=event.hotline,
            agent=event.user_name,
            start=event.starttime,
            answer=event.answertime,
            end=event.endtime,
            answered=event.answered,
            ended=event.is_final,
            talk_s=event.talk_seconds,
            first_seen=seen,
            seen_before_end=live and (not event.is_final or arrived_before(event.endtime)),
            seen_ringing=live and (event.stage is Stage.RINGING or arrived_before(ring_end)),
            from_search=from_search,
        )

    @classmethod
    def from_stored(cls, stored: StoredCall) -> CallFacts:
        return cls.from_event(stored.event, stored.first_seen, stored.event_count)

    @classmethod
    def from_record(cls, record: CallRecord, hotline: str = "") -> CallFacts:
        """A searchCallV2 record (the backfill); the search API has no hotline field."""
        event = event_from_record(record)
        if hotline:
            event = dataclasses.replace(event, hotline=hotline)
        return cls.from_event(event, from_search=True)

    @property
    def inbound(self) -> bool:
        return self.direction == "inbound"

    @property
    def ringing(self) -> bool:
        """Started, neither answered nor ended."""
        return not self.answered and not self.ended

    @property
    def talking(self) -> bool:
        return self.answered and not self.ended

    @property
    def wait_s(self) -> int | None:
        """Answered: answer − start; ended unanswered: end − start; else None.

        None too when a time is missing or the difference is negative (clocks disagree).
        """
        until = self.answer if self.answered else (self.end if self.ended else None)
        if until is None or self.start is None or until < self.start:
            return None
        return int((until - self.start).total_seconds())

    @property
    def day(self) -> date | None:
        """The day the call counts on: the day it ended (None while in progress).

        Ended without an end time (a final status only): its start day, else the day
        its first post arrived.
        """
        if not self.ended:
            return None
        for moment in (self.end, self.start, self.first_seen):
            if moment is not None:
                return moment.date()
        return None
