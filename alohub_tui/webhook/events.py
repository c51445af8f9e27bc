"""One call event as Alohub posts it to the webhook, and how the posts of a call combine.

Parsing is tolerant on purpose: an event is accepted as long as it names a call. A field
of the wrong shape (a time that is not a time, a duration that is not a number) becomes
"unknown" instead of costing us the whole event; the original payload is kept in ``raw``.

Which posts are kept: every post whose content differs from the call's earlier posts.
Only an exact duplicate (the same JSON object, key order aside: :func:`canonical_json`)
is the same event. So a second "ended" post that adds ``recording_url`` and
``hangup_by``, or a second "ringing" post naming another agent, is stored and merged.

How posts combine (:func:`merge`). Alohub may post several events per call (ringing,
answer, end), repeat them, and deliver them out of order. Each event has a *stage*::

    0 RINGING   neither answered nor ended (any unknown in-progress status)
    1 ANSWERED  answered (``answertime`` set or status ``answered``), not ended
    2 ENDED     ``endtime`` set, or a status that only a finished call has

Of two posts, the *later* one is decided by the call's own clock first, and by arrival
only where the call's times cannot tell:

1. the higher stage is later (an end is later than an answer, whatever arrived first);
2. within a stage, the post with the later stage time (``endtime`` among ends,
   ``answertime`` among answers) is later; a post with that time is later than one
   without it (an end with an ``endtime`` beats a bare status ``hangup``);
3. otherwise (ringing posts, equal times, neither has the time) the one that arrived
   last is later.

The merged call takes each field from the later post when that post has it (not ``""``,
``None`` or ``0``), else from the earlier one: a non-empty value replaces an empty one,
and a later non-empty value replaces an earlier one. The merged stage is the highest
stage seen: a call never moves backwards, an ended call stays ended. Examples:

- ``ended`` (no recording) then ``ended`` with the same ``endtime`` adding
  ``recording_url`` and ``hangup_by``: the call has both (rule 3, then the fill).
- ``ringing`` at agent ``an`` then ``ringing`` at ``binh``: the call rings at ``binh``;
  an ``answered`` post with ``userName`` ``""`` afterwards keeps ``binh``.
- ``ended`` at 15:05:30 by ``binh``, then (late) ``answered`` by ``an``: still ended by
  ``binh`` (rule 1); the answer only fills what the end lacked, e.g. ``answertime``.
- two ``answered`` posts, ``an`` at 15:00:35 and ``binh`` at 15:02:00 after a transfer,
  in either arrival order: talking with ``binh`` (rule 2).
- ``ended`` at 15:05:30, then a repeat with ``endtime`` 15:05:29 (another clock): the
  15:05:30 post stays the later one, the earlier post only fills empty fields.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from ..api.fields import CALL_FIELDS, read_webhook_call, tolerant_text
from ..api.models import CallRecord
from ..digits import whole_number
from ..vntime import wire_text

#: Statuses that only a finished call has, so they end a call even without an endtime.
#: ``answered`` is not here: Alohub sends it when the call is picked up, too.
FINAL_STATUSES = frozenset(
    {
        "missed", "noanswer", "no_answer", "busy", "failed", "hangup", "cancel",
        "canceled", "cancelled", "rejected", "abandoned", "completed", "ended",
    }
)


#: A start time further than this after a post arrived is not believed (a sender's clock
#: or a typo): the call counts on no day and is ordered by when it was first seen.
MAX_START_AHEAD = timedelta(days=1)


#: The CallRecord fields a CallEvent has under the same name (``agent`` is ``user_name``).
CALL_RECORD_FIELDS = tuple(f for f in CALL_FIELDS if f not in ("source", "agent"))


class WebhookPayloadError(ValueError):
    """The body is not a call event we can store (not an object, or no ``call_id``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Stage(IntEnum):
    """How far a call has got; see the module docstring."""

    RINGING = 0
    ANSWERED = 1
    ENDED = 2


def _object_id(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**62:
        return value
    if isinstance(value, str):
        return whole_number(value, max_digits=17)
    return None


@dataclass(frozen=True, slots=True)
class CallEvent:
    """One webhook post. Times are naive Vietnam local time, durations whole seconds."""

    call_id: str
    call_status: str = ""  # lowercased, otherwise verbatim (display unknown values as is)
    direction: str = ""  # "inbound" / "outbound" / other lowercased
    caller_number: str = ""
    destination_number: str = ""
    starttime: datetime | None = None
    answertime: datetime | None = None
    endtime: datetime | None = None
    hangup_by: str = ""
    hotline: str = ""
    total_duration: int = 0
    holding_duration: int = 0
    recording_url: str = ""
    object_id: int | None = None
    transaction_id: str = ""
    user_name: str = ""
    event_type: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def parse(cls, obj: object) -> CallEvent:
        """Parse a decoded JSON body; raises :class:`WebhookPayloadError` and nothing else."""
        if not isinstance(obj, Mapping):
            raise WebhookPayloadError("body must be a JSON object")
        fields = read_webhook_call(obj)  # never raises
        # A number is taken as its text; true/false is no call's id.
        if isinstance(obj.get("call_id"), bool):
            fields["call_id"] = ""
        if not fields["call_id"]:
            raise WebhookPayloadError("call_id must be a non-empty string")
        del fields["source"]  # a search result's field, not a webhook's
        fields["call_status"] = fields["call_status"].lower()
        fields["user_name"] = fields.pop("agent")
        return cls(
            **fields,
            hotline=tolerant_text(obj, "hotline"),
            object_id=_object_id(obj.get("objectId")),
            event_type=tolerant_text(obj, "eventType"),
            raw=dict(obj),
        )

    def to_record(self) -> CallRecord:
        """This event as the call record a transactionId look-up would have found."""
        fields = {name: getattr(self, name) for name in CALL_RECORD_FIELDS}
        return CallRecord(**fields, source="webhook", agent=self.user_name, raw=dict(self.raw))

    def to_payload(self) -> dict[str, Any]:
        """The documented webhook shape of this event's fields (``raw`` is not consulted).

        ``CallEvent.parse(e.to_payload())`` equals ``e`` (times have whole seconds).
        """
        return {
            "call_id": self.call_id,
            "call_status": self.call_status,
            "direction": self.direction,
            "caller_number": self.caller_number,
            "destination_number": self.destination_number,
            "starttime": wire_text(self.starttime),
            "answertime": wire_text(self.answertime),
            "endtime": wire_text(self.endtime),
            "hangup_by": self.hangup_by,
            "hotline": self.hotline,
            "total_duration": str(self.total_duration),
            "holding_duration": str(self.holding_duration),
            "recording_url": self.recording_url,
            "objectId": self.object_id,
            "transactionID": self.transaction_id,
            "userName": self.user_name,
            "eventType": self.event_type,
        }

    @property
    def is_final(self) -> bool:
        """The call is over: it has an end time, or a status only a finished call has."""
        return self.endtime is not None or self.call_status in FINAL_STATUSES

    @property
    def answered(self) -> bool:
        return self.answertime is not None or self.call_status == "answered"

    @property
    def missed(self) -> bool:
        """Ended without being answered (missed, busy, noanswer, failed, ...)."""
        return self.is_final and not self.answered

    @property
    def stage(self) -> Stage:
        if self.is_final:
            return Stage.ENDED
        return Stage.ANSWERED if self.answered else Stage.RINGING

    @property
    def talk_seconds(self) -> int:
        """Talk time of an answered, ended call: end - answer, else ``total_duration``."""
        if not (self.answered and self.is_final):
            return 0
        if self.answertime is not None and self.endtime is not None:
            return max(0, int((self.endtime - self.answertime).total_seconds()))
        return self.total_duration

    def filled_from(self, other: CallEvent) -> CallEvent:
        """This event with each empty field (``""``, ``None``, ``0``) taken from ``other``."""
        changes = {
            f.name: getattr(other, f.name)
            for f in dataclasses.fields(self)
            if f.name not in ("call_id", "raw")
            and not getattr(self, f.name)
            and getattr(other, f.name)
        }
        return dataclasses.replace(self, **changes) if changes else self


def canonical_json(payload: Mapping[str, Any]) -> str:
    """A post's content as one text: equal texts are the same post (key order aside)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def believable_start(event: CallEvent, seen: datetime) -> datetime | None:
    """``event.starttime``, unless it is missing or more than :data:`MAX_START_AHEAD`
    after ``seen`` (when the call's first post arrived; naive Vietnam local time)."""
    start = event.starttime
    return start if start is not None and start - seen <= MAX_START_AHEAD else None


def _stage_time(event: CallEvent) -> datetime | None:
    """The time that orders two posts of the same stage (rule 2 of the module doc)."""
    if event.stage is Stage.ENDED:
        return event.endtime
    return event.answertime if event.stage is Stage.ANSWERED else None


def _is_later(incoming: CallEvent, current: CallEvent) -> bool:
    """Whether ``incoming`` (arrived last) is the later post; see the module doc."""
    if incoming.stage != current.stage:
        return incoming.stage > current.stage
    mine, theirs = _stage_time(incoming), _stage_time(current)
    if theirs is None:
        return True
    return mine is not None and mine >= theirs


def merge(current: CallEvent | None, incoming: CallEvent) -> CallEvent:
    """The state of a call after ``incoming`` arrives; never moves a call backwards."""
    if current is None:
        return incoming
    if current.call_id != incoming.call_id:
        raise ValueError("cannot merge events of different calls")
    later, earlier = (incoming, current) if _is_later(incoming, current) else (current, incoming)
    return later.filled_from(earlier)
