"""The shapes a list answer may come in, and the one-line error for any other.

searchCallV2's documented example is a bare call record, while real answers have been
an envelope with ``data`` and ``totalRecord`` (alohub-api.md §2), so a result is
accepted as: the envelope with a list in ``data``, ``data`` holding one record, no
``data`` when nothing matched, a bare list of records, or a bare record. Anything else
is a :class:`BadResponse` naming what came, never "no calls". The gateway's listings
(§6) are the envelope or a bare list (:func:`split_list_body`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .clean import clean_text
from .errors import BadResponse
from .fields import int_field

#: A mapping with one of these is a call record (the API reader's names for the id).
RECORD_KEYS = ("call_id", "callId")
#: A mapping with one of these is an envelope (or a listing page).
ENVELOPE_KEYS = ("data", "success", "totalRecord")
_MAX_KEYS_SHOWN = 6


def json_kind(value: object) -> str:
    """What a decoded JSON value is, in words: ``an object``, ``a list``, ``a string``..."""
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "null" if value is None else type(value).__name__


def key_names(obj: Mapping[str, Any]) -> str:
    """The first keys of ``obj``, cleaned and shortened, for an error line."""
    names = [clean_text(str(key))[:24] for key in list(obj)[:_MAX_KEYS_SHOWN]]
    more = ", ..." if len(obj) > _MAX_KEYS_SHOWN else ""
    return ", ".join(names) + more if names else "none"


def is_record(obj: Mapping[str, Any]) -> bool:
    return any(key in obj for key in RECORD_KEYS)


def _total(body: Mapping[str, Any]) -> int | None:
    if body.get("totalRecord") is None:
        return None
    total = int_field(body, "totalRecord")
    return total if total >= 0 else None


def search_items(body: object) -> tuple[Sequence[Any], int | None]:
    """(records as sent, totalRecord or None) of a searchCallV2 answer in any documented
    shape; BadResponse naming what came for any other."""
    if isinstance(body, list):
        return body, None
    if not isinstance(body, Mapping):
        raise BadResponse(f"{json_kind(body)} instead of call records")
    if is_record(body) and "data" not in body:
        return [body], None
    if not any(key in body for key in ENVELOPE_KEYS):
        raise BadResponse(
            f"an object with neither 'data' nor the fields of a call (keys: {key_names(body)})"
        )
    data = body.get("data")
    total = _total(body)
    if data is None:
        if total:
            raise BadResponse(f"'totalRecord' is {total} but there is no 'data'")
        return [], total
    if isinstance(data, list):
        return data, total
    if isinstance(data, Mapping):
        if not is_record(data):
            raise BadResponse(
                f"'data' is an object without the fields of a call (keys: {key_names(data)})"
            )
        return [data], total
    raise BadResponse(f"'data' is {json_kind(data)}, not a list of calls")


def split_list_body(body: object) -> tuple[Sequence[Any], int | None]:
    """(items, totalRecord or None) of a listing: ``{"data": [...], "totalRecord": n}``
    (no ``data``: none) or a bare list."""
    total: int | None = None
    items: object = body
    if isinstance(body, Mapping):
        items = body.get("data")
        if items is None:
            items = []
        total = _total(body)
    if not isinstance(items, list):
        raise BadResponse(f"'data' should be a list, got {json_kind(items)}")
    return items, total
