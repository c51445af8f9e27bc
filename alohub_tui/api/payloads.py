"""Pure builders for request bodies (what the CLI's --dry-run prints, byte for byte)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import InvalidInput


def _queue_id(value: object, field: str) -> int:
    # bool is an int subclass: True must not become queue 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(field, f"Queue ids must be whole numbers, got {value!r:.40}.")
    if value < 0:
        raise InvalidInput(field, f"Queue ids cannot be negative, got {value}.")
    return value


def _extension(value: object) -> str:
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise InvalidInput("lstExtension", f"Extensions must be digits, got {value!r:.40}.")
    return value


def update_queue_body(
    callin_ids: Iterable[int],
    callout_id: int | None = None,
    extensions: Iterable[str] = (),
) -> dict[str, Any]:
    """The updateQueue EDIT body: ``action, callinId[, calloutId], lstExtension``.

    EDIT replaces the agent's lists, so callinId is the complete wanted set: sorted,
    de-duplicated ints. lstExtension keeps the given order without duplicates and is
    always sent (an empty list clears it); calloutId is omitted when None.
    """
    if isinstance(callin_ids, str | bytes):
        raise InvalidInput("callinId", "Queue ids must be a list of numbers, not text.")
    if isinstance(extensions, str | bytes):
        raise InvalidInput("lstExtension", "Extensions must be a list, not a single string.")
    body: dict[str, Any] = {
        "action": "EDIT",
        "callinId": sorted({_queue_id(i, "callinId") for i in callin_ids}),
    }
    if callout_id is not None:
        body["calloutId"] = _queue_id(callout_id, "calloutId")
    body["lstExtension"] = list(dict.fromkeys(_extension(e) for e in extensions))
    return body


def make_call_body(phone: str, ip_phone: str, transaction_id: str | None) -> dict[str, Any]:
    """The makeCall body; ``transactionId`` is omitted when None or empty."""
    for field, value in (("phoneNumber", phone), ("ipPhone", ip_phone)):
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(field, f"{field} must not be empty.")
    body: dict[str, Any] = {"phoneNumber": phone.strip(), "ipPhone": ip_phone.strip()}
    if transaction_id:
        body["transactionId"] = transaction_id
    return body
