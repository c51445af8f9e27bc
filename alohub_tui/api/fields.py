"""Reading what Alohub sends, field by field; and the fields of a call, for both sources.

A field is read tolerantly: text without control characters (:mod:`.clean`) from a
string, number or boolean; whole seconds from ``"300"``, 300 or 300.0; a time in the
wire format or ISO 8601 (:mod:`alohub_tui.vntime`). Anything else is a BadResponse.

A call arrives as a searchCallV2 record (:class:`~alohub_tui.api.models.CallRecord`) or
as a webhook post (:class:`~alohub_tui.webhook.events.CallEvent`): the same fields,
partly under other names (``transactionId`` / ``transactionID``, ``agent`` /
``userName``). :class:`CallFieldNames` says under which names each source is read (the
first one present wins); a :class:`FieldReader` says what a field of the wrong shape
does: :data:`STRICT` refuses the record with BadResponse, :data:`TOLERANT` (the
webhook) makes the field "unknown" (``""``, None, 0) so that one odd field never costs a
whole event. A search result is read strictly first (the fast path) and, when that
fails, field by field (:func:`read_api_call_by_field`), which names the fields it could
not read so the screen can say how many records had some.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from ..vntime import parse_epoch, parse_local, parse_wire
from .clean import clean_text
from .errors import BadResponse

_INT_TEXT = re.compile(r"-?[0-9]{1,18}")


# ---------------------------------------------------------------- one field


def pick(obj: Mapping[str, Any], *keys: str) -> Any:
    """The first of ``keys`` whose value is not null, else None."""
    for key in keys:
        if key in obj and obj[key] is not None:
            return obj[key]
    return None


def as_text(value: object, name: str) -> str:
    """A scalar as a stripped string without control characters (:mod:`.clean`);
    null -> ""; a list or object -> BadResponse."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | int):
        return clean_text(str(value))
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    raise BadResponse(f"field {name!r} should be text, got {type(value).__name__}")


def text_field(obj: Mapping[str, Any], *keys: str) -> str:
    """The first non-null of ``keys`` as text (see :func:`as_text`).

    A plain string, the usual case, is cleaned directly: this runs 11 times per record,
    100,000 records per CSV export (bench/csv_export.py).
    """
    for key in keys:
        value = obj.get(key)
        if value is not None:
            return clean_text(value) if type(value) is str else as_text(value, keys[0])
    return ""


def seconds_field(obj: Mapping[str, Any], *keys: str) -> int:
    """Whole seconds from "300", 300, 300.0 or ""; anything else -> BadResponse."""
    value = pick(obj, *keys)
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if type(value) is str and value.isascii() and value.isdigit():
        return int(value)  # the usual "300": skip float() (hot in CSV exports)
    number: float | None = None
    if isinstance(value, float):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return 0
        try:
            number = float(text)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        raise BadResponse(f"field {keys[0]!r} should be whole seconds, got {value!r:.40}")
    return int(number)


def parse_local_time(value: object, name: str = "time") -> datetime | None:
    """``YYYY-MM-DD HH:mm:ss`` (Vietnam local, naive) or empty -> None.

    ISO 8601 with an offset is accepted too and converted to naive Vietnam time
    (:func:`alohub_tui.vntime.parse_local`); anything else is a BadResponse.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadResponse(f"field {name!r} should be a time, got {type(value).__name__}")
    return _parse_text_time(value, name, day_first=False)


def parse_result_time(value: object, name: str = "time") -> datetime | None:
    """A time in a search result: what :func:`parse_local_time` reads, and what else is
    unambiguous there: day first (``13/01/2024 15:00:30``) and an epoch in seconds or
    milliseconds, as a number or as digits (:func:`alohub_tui.vntime.parse_epoch`).
    Anything else is a BadResponse."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _epoch_time(value, name)
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) in (10, 13):
            return _epoch_time(int(text), name)
        return _parse_text_time(value, name, day_first=True)
    return parse_local_time(value, name)


def _parse_text_time(value: str, name: str, *, day_first: bool) -> datetime | None:
    try:
        return parse_local(value, day_first=day_first)
    except ValueError:
        raise BadResponse(f"field {name!r} is not a time: {value.strip()!r:.40}") from None
    except OverflowError:
        raise BadResponse(f"field {name!r} is out of range: {value.strip()!r:.40}") from None


def _epoch_time(value: float, name: str) -> datetime:
    try:
        moment = parse_epoch(value)
    except (OverflowError, OSError, ValueError):
        moment = None
    if moment is None:
        raise BadResponse(f"field {name!r} is a number that is not a time: {value!r:.40}")
    return moment


def int_field(obj: Mapping[str, Any], *keys: str) -> int:
    """A required integer id, as int or digit string."""
    value = pick(obj, *keys)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INT_TEXT.fullmatch(value.strip()):
        return int(value.strip())
    raise BadResponse(f"field {keys[0]!r} should be an integer, got {value!r:.40}")


def require_mapping(obj: object, what: str) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise BadResponse(f"{what} should be a JSON object, got {type(obj).__name__}")
    return obj


# ---------------------------------------------------------------- the fields of a call


#: The fields both sources have, by their CallRecord names, in the order they are read.
CALL_FIELDS = (
    "call_id", "source", "direction", "call_status", "starttime", "answertime", "endtime",
    "total_duration", "holding_duration", "hangup_by", "recording_url", "caller_number",
    "destination_number", "transaction_id", "agent",
)


@dataclass(frozen=True, slots=True)
class CallFieldNames:
    """The names a source sends the renamed fields under, in order of preference."""

    call_id: tuple[str, ...]
    call_status: tuple[str, ...]
    transaction_id: tuple[str, ...]
    agent: tuple[str, ...]

    def keys(self) -> frozenset[str]:
        """Every key of a call this source's reader looks at."""
        renamed = {*self.call_id, *self.call_status, *self.transaction_id, *self.agent}
        same = {f for f in CALL_FIELDS if f not in ("call_id", "call_status",
                                                      "transaction_id", "agent")}
        return frozenset(renamed | same)


API_NAMES = CallFieldNames(
    call_id=("call_id", "callId"),
    call_status=("call_status", "callStatus"),
    transaction_id=("transactionId", "transactionID", "transaction_id"),
    agent=("agent", "userName"),
)
WEBHOOK_NAMES = CallFieldNames(
    call_id=("call_id",),
    call_status=("call_status",),
    transaction_id=("transactionID", "transactionId"),
    agent=("userName",),
)


class FieldReader(NamedTuple):
    """How each kind of field is read from a mapping, and what a bad one does."""

    text: Callable[..., str]  # (obj, *keys) -> str
    time: Callable[[Mapping[str, Any], str], datetime | None]
    seconds: Callable[[Mapping[str, Any], str], int]


def strict_time(obj: Mapping[str, Any], key: str) -> datetime | None:
    """The time at ``key`` of a search result (None when absent or empty; see
    :func:`parse_result_time`); BadResponse when it is not one."""
    return parse_result_time(obj.get(key), key)


def tolerant_text(obj: Mapping[str, Any], *keys: str) -> str:
    """:func:`text_field`, but a list or object is ``""`` instead of a BadResponse."""
    for key in keys:
        value = obj.get(key)
        if value is None:
            continue
        if type(value) is str:
            return clean_text(value)  # the usual case, as in text_field
        try:
            return as_text(value, key)
        except BadResponse:
            return ""
    return ""


def tolerant_time(obj: Mapping[str, Any], key: str) -> datetime | None:
    """The time at ``key`` as a webhook sends it (:func:`parse_local_time`: the wire
    format or ISO 8601); anything that is not one is None."""
    value = obj.get(key)
    if isinstance(value, str):
        # The documented shape first: a thousand events a second are parsed here.
        parsed = parse_wire(value)
        if parsed is not None:
            return parsed
    try:
        return parse_local_time(value, key)
    except (BadResponse, OverflowError, ValueError):
        return None


def tolerant_seconds(obj: Mapping[str, Any], key: str) -> int:
    """:func:`seconds_field`, but anything else (or out of range) is 0."""
    try:
        value = seconds_field(obj, key)
    except (BadResponse, OverflowError, ValueError):
        return 0
    return value if 0 <= value < 2**62 else 0  # keep it storable as a SQLite integer


STRICT = FieldReader(text_field, strict_time, seconds_field)
TOLERANT = FieldReader(tolerant_text, tolerant_time, tolerant_seconds)


CallReader = Callable[[Mapping[str, Any]], dict[str, Any]]


def call_reader(names: CallFieldNames, reader: FieldReader) -> CallReader:
    """A function reading the :data:`CALL_FIELDS` of one call (``direction`` lowercased,
    the rest verbatim) under ``names``, each field as ``reader`` reads it.

    Built once per source, so reading a record does no look-ups beyond the fields'
    (100,000 records per CSV export, a thousand webhook events a second).
    """
    text, time, seconds = reader
    call_id, call_status = names.call_id, names.call_status
    transaction_id, agent = names.transaction_id, names.agent

    def read(obj: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "call_id": text(obj, *call_id),
            "source": text(obj, "source"),
            "direction": text(obj, "direction").lower(),
            "call_status": text(obj, *call_status),
            "starttime": time(obj, "starttime"),
            "answertime": time(obj, "answertime"),
            "endtime": time(obj, "endtime"),
            "total_duration": seconds(obj, "total_duration"),
            "holding_duration": seconds(obj, "holding_duration"),
            "hangup_by": text(obj, "hangup_by"),
            "recording_url": text(obj, "recording_url"),
            "caller_number": text(obj, "caller_number"),
            "destination_number": text(obj, "destination_number"),
            "transaction_id": text(obj, *transaction_id),
            "agent": text(obj, *agent),
        }

    return read


read_api_call = call_reader(API_NAMES, STRICT)
read_webhook_call = call_reader(WEBHOOK_NAMES, TOLERANT)

_TIME_FIELDS = frozenset({"starttime", "answertime", "endtime"})
_SECONDS_FIELDS = frozenset({"total_duration", "holding_duration"})


def read_api_call_by_field(obj: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """:data:`read_api_call`, one field at a time: a field that cannot be read is left
    "unknown" (``""``, None, 0) and named in the second item, so one bad field (an
    ``"N/A"`` duration) spoils that field, not the record or its page.

    The slow path: :data:`read_api_call` reads a record in one go, and this runs only
    for a record it refused.
    """
    values: dict[str, Any] = {}
    unreadable: list[str] = []
    for name in CALL_FIELDS:
        keys: tuple[str, ...] = getattr(API_NAMES, name, (name,))
        try:
            if name in _TIME_FIELDS:
                values[name] = strict_time(obj, keys[0])
            elif name in _SECONDS_FIELDS:
                values[name] = seconds_field(obj, *keys)
            else:
                values[name] = text_field(obj, *keys)
        except (BadResponse, OverflowError, ValueError):
            values[name] = None if name in _TIME_FIELDS else (
                0 if name in _SECONDS_FIELDS else "")
            unreadable.append(name)
    values["direction"] = values["direction"].lower()
    return values, tuple(unreadable)
