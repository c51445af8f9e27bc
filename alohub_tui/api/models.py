"""Typed records parsed from what Alohub sends (:mod:`.fields` reads them), and the search
criteria."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..vntime import as_vn_aware, iso_vn
from .errors import BadResponse, InvalidInput
from .fields import (
    as_text,
    int_field,
    pick,
    read_api_call,
    read_api_call_by_field,
    require_mapping,
    text_field,
)
from .shapes import search_items

MAX_LIMIT = 1000


# ----------------------------------------------------------------------------- models

#: Statuses after which a call no longer changes even before an end time is reported.
#: "answered" is not one: an answered call is in progress until its end time.
UNANSWERED_FINAL_STATUSES = frozenset({"missed", "busy", "noanswer", "failed", "cancel"})


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One call from searchCallV2 (or a webhook payload: same fields)."""

    call_id: str
    source: str
    direction: str  # "inbound" / "outbound" / any other value lowercased
    call_status: str  # verbatim
    starttime: datetime | None  # naive, Vietnam local time
    answertime: datetime | None
    endtime: datetime | None
    total_duration: int  # seconds
    holding_duration: int
    hangup_by: str
    recording_url: str
    caller_number: str
    destination_number: str
    transaction_id: str
    agent: str
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)
    #: Fields Alohub sent in a shape that could not be read: shown blank, counted on screen.
    unreadable: tuple[str, ...] = field(default=(), compare=False, hash=False)

    @classmethod
    def from_api(cls, obj: object) -> CallRecord:
        """Parse one record; raises :class:`BadResponse` (only) when it is not an object.

        A field that cannot be read is left unknown and named in :attr:`unreadable`.
        """
        rec = require_mapping(obj, "a call record")
        try:
            return cls(**read_api_call(rec), raw=dict(rec))
        except BadResponse:
            values, unreadable = read_api_call_by_field(rec)
            return cls(**values, raw=dict(rec), unreadable=unreadable)

    def readable(self, name: str) -> bool:
        """False when field ``name`` came in a shape that could not be read (show it blank)."""
        return name not in self.unreadable

    @property
    def answered(self) -> bool:
        return self.answertime is not None

    @property
    def final(self) -> bool:
        """The call has ended (an end time), or ended unanswered (which some servers
        report before the end time). An answered call goes on until its end time."""
        return (self.endtime is not None
                or self.call_status.lower() in UNANSWERED_FINAL_STATUSES)

    def seconds_so_far(self, now: datetime) -> int:
        """A call in progress: how long it has lasted at ``now`` (naive Vietnam time),
        counted from the answer (talking) or else from the start (ringing). An ended
        call: its total duration."""
        since = self.answertime or self.starttime
        if self.final or since is None:
            return self.total_duration
        return max(self.total_duration, int((now - since).total_seconds()))


@dataclass(frozen=True, slots=True)
class SearchCriteria:
    """searchCallV2 filters. Empty string / empty tuple means "no filter"."""

    start: datetime
    end: datetime
    call_id: str = ""
    customer_number: str = ""
    direction: str = ""
    call_status: str = ""
    agents: tuple[str, ...] = ()
    ip_phone: str = ""
    transaction_id: str = ""
    page: int = 1
    limit: int = 50

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            if not isinstance(getattr(self, name), datetime):
                raise InvalidInput(name, f"The search {name} must be a date and time.")
        if isinstance(self.agents, str):
            raise InvalidInput("agents", "agents must be a sequence of user names, not a string.")
        object.__setattr__(self, "agents", tuple(self.agents))
        if not isinstance(self.page, int) or isinstance(self.page, bool) or self.page < 1:
            raise InvalidInput("page", "Page numbers start at 1.")
        if not isinstance(self.limit, int) or isinstance(self.limit, bool):
            raise InvalidInput("limit", "The page size must be a whole number.")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput("limit", f"The page size must be between 1 and {MAX_LIMIT}.")
        if as_vn_aware(self.end) < as_vn_aware(self.start):
            raise InvalidInput("end", "The end of the time range is before its start.")

    def to_payload(self) -> dict[str, Any]:
        """The request body, exactly the fields of the contract table, in its order."""
        return {
            "starttime": iso_vn(self.start),
            "endtime": iso_vn(self.end),
            "call_id": self.call_id,
            "customer_number": self.customer_number,
            "direction": self.direction,
            "call_status": self.call_status,
            "agent": list(self.agents),
            "ipPhone": self.ip_phone,
            "transactionId": self.transaction_id,
            "callType": "",
            "page": self.page,
            "limit": self.limit,
        }

    def with_page(self, page: int) -> SearchCriteria:
        return dataclasses.replace(self, page=page)


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of results. ``total_exact`` is False when the server sent no totalRecord."""

    records: tuple[CallRecord, ...]
    total: int
    page: int
    limit: int
    total_exact: bool = True

    @property
    def page_count(self) -> int:
        """Number of pages; at least 1 (an empty result is one empty page)."""
        return max(1, math.ceil(self.total / self.limit))

    @property
    def has_next(self) -> bool:
        if not self.records:
            return False
        if self.total_exact:
            return self.page < self.page_count
        return len(self.records) >= self.limit

    @property
    def unreadable(self) -> int:
        """How many records on this page had a field that could not be read."""
        return sum(1 for record in self.records if record.unreadable)

    @classmethod
    def from_api(cls, body: object, page: int, limit: int) -> SearchPage:
        """Every shape the contract lists (see :func:`.shapes.search_items`)."""
        items, total = search_items(body)
        records = tuple(CallRecord.from_api(item) for item in items)
        if total is None:
            return cls(records, (page - 1) * limit + len(records), page, limit, total_exact=False)
        return cls(records, total, page, limit)


@dataclass(frozen=True, slots=True)
class MakeCallResult:
    transaction_id: str
    error_code: str
    error_message: str


@dataclass(frozen=True, slots=True)
class Agent:
    user_name: str
    name: str
    extensions: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, obj: object) -> Agent:
        """Field names of the gateway's agent are undocumented; accept the likely spellings."""
        rec = require_mapping(obj, "an agent")
        user_name = text_field(rec, "userName", "user_name", "username", "agentName")
        if not user_name:
            raise BadResponse("an agent has no userName")
        raw_ext = pick(rec, "extensions", "lstExtension", "extension", "ipPhone")
        if isinstance(raw_ext, list):
            extensions = tuple(as_text(e, "extensions") for e in raw_ext)
        else:
            extensions = (as_text(raw_ext, "extensions"),)
        return cls(
            user_name=user_name,
            name=text_field(rec, "name", "fullName", "full_name", "displayName") or user_name,
            extensions=tuple(e for e in extensions if e),
        )


@dataclass(frozen=True, slots=True)
class Queue:
    id: int
    name: str

    @classmethod
    def from_api(cls, obj: object) -> Queue:
        rec = require_mapping(obj, "a queue")
        queue_id = int_field(rec, "callinId", "calloutId", "id", "queueId")
        name = text_field(rec, "callinName", "calloutName", "name", "queueName")
        return cls(id=queue_id, name=name or str(queue_id))
