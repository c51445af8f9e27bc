"""Decoding a JSON body and applying the envelope rule (``success`` must be "1")."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from .errors import BadResponse, VendorError, vendor_fields


def looks_like_html(response: httpx.Response) -> bool:
    ctype = response.headers.get("content-type", "").lower()
    head = response.content[:200].lstrip().lower()
    return "html" in ctype or head.startswith((b"<!doctype", b"<html", b"<"))


def decode_json(response: httpx.Response) -> Any:
    """The body as JSON, or :class:`BadResponse` saying what came instead."""
    if not response.content.strip():
        raise BadResponse(f"an empty body (HTTP {response.status_code})")
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        if looks_like_html(response):
            raise BadResponse(
                f"an HTML page instead of JSON (HTTP {response.status_code}); check the base URL"
            ) from None
        raise BadResponse(f"a body that is not JSON (HTTP {response.status_code})") from None


def is_success(value: object) -> bool:
    """The legacy API says "1"; an int 1 (or true) is accepted as the same thing."""
    if isinstance(value, str):
        return value.strip() == "1"
    return value is True or (isinstance(value, int) and value == 1)


def check_envelope(body: object, *, allow_missing_success: bool = False) -> Mapping[str, Any]:
    """Return the envelope when it reports success; else VendorError or BadResponse.

    ``allow_missing_success`` is for list-style answers (search, gateway listings)
    that may come without the legacy ``success`` field.
    """
    if not isinstance(body, Mapping):
        raise BadResponse(f"expected a JSON object, got {type(body).__name__}")
    if "success" not in body:
        if allow_missing_success:
            return body
        raise BadResponse("the answer has no 'success' field")
    if is_success(body["success"]):
        return body
    code, message = vendor_fields(body)
    raise VendorError(code, message)


def read_envelope(response: httpx.Response) -> Mapping[str, Any]:
    """The envelope of ``response`` when it reports success (makeCall, updateQueue)."""
    return check_envelope(decode_json(response))
