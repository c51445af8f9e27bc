"""The calls a worklist is made of: one :class:`CallFact` per call, from a webhook event
or a search record, with the customer's number in one form.

The customer is the caller of an inbound call and the destination of an outbound one.
Numbers are compared by their normalised form (:func:`customer_key`, the Dial tab's
rule): ``+84 912 345 678``, ``84912345678`` and ``0912.345.678`` are one customer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from alohub_tui.api.errors import InvalidInput
from alohub_tui.api.models import CallRecord
from alohub_tui.api.phone import normalise_phone
from alohub_tui.vntime import to_local_naive
from alohub_tui.webhook.events import FINAL_STATUSES, CallEvent
from alohub_tui.webhook.readings import StoredCall

INBOUND = "inbound"
OUTBOUND = "outbound"


@functools.lru_cache(maxsize=8192)
def customer_key(text: str) -> str:
    """The number as the Dial tab would dial it (``0912345678``, ``+1650...``); the
    digits alone when it is not a phone number we can read; ``""`` without digits
    (an anonymous caller cannot be called back)."""
    try:
        return normalise_phone(text).number
    except InvalidInput:
        return "".join(ch for ch in text if "0" <= ch <= "9")


@dataclass(frozen=True, slots=True)
class CallFact:
    """What the worklist needs of one call. Times are naive Vietnam local time."""

    call_id: str
    direction: str  # "inbound", "outbound", or another value lowercased
    customer: str  # customer_key of the customer's end; "" when unknown
    start: datetime
    answered_at: datetime | None  # None: not answered (yet)
    ended: bool
    agent: str = ""
    hotline: str = ""
    status: str = ""  # as the source says it, lowercased

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def missed_inbound(self) -> bool:
        """An inbound call that ended without being answered: someone to call back."""
        return self.direction == INBOUND and self.ended and not self.answered


def _fact(*, call_id: str, direction: str, status: str, caller: str, destination: str,
          start: datetime | None, answertime: datetime | None, endtime: datetime | None,
          agent: str, hotline: str = "") -> CallFact | None:
    if start is None:
        return None  # cannot be placed before or after anything
    direction = direction.lower()
    status = status.lower()
    end = {INBOUND: caller, OUTBOUND: destination}.get(direction, "")
    answered = answertime if answertime is not None else (start if status == "answered"
                                                           else None)
    ended = endtime is not None or status in FINAL_STATUSES
    return CallFact(call_id, direction, customer_key(end) if end else "", start, answered,
                    ended, agent, hotline, status)


def fact_from_event(event: CallEvent, first_seen: datetime | None = None) -> CallFact | None:
    """A webhook call's merged state; ``first_seen`` (naive local) stands in for a
    missing start time. None when the call has neither."""
    return _fact(call_id=event.call_id, direction=event.direction, status=event.call_status,
                 caller=event.caller_number, destination=event.destination_number,
                 start=event.starttime or first_seen, answertime=event.answertime,
                 endtime=event.endtime, agent=event.user_name, hotline=event.hotline)


def fact_from_stored(stored: StoredCall) -> CallFact | None:
    """A call of the event store (its first post's arrival stands in for a start)."""
    return fact_from_event(stored.event, to_local_naive(stored.first_seen))


def fact_from_record(record: CallRecord) -> CallFact | None:
    """A searchCallV2 record (no hotline field there); None without a start time."""
    return _fact(call_id=record.call_id, direction=record.direction,
                 status=record.call_status, caller=record.caller_number,
                 destination=record.destination_number, start=record.starttime,
                 answertime=record.answertime, endtime=record.endtime, agent=record.agent)
