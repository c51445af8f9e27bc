"""Field checks for JSON bodies; each problem becomes a specific failure envelope.

Codes: ``MISSING_PARAM`` (absent or empty), ``INVALID_PARAM`` (wrong type or format).
Messages are Vietnamese like the real service, with the field name verbatim so a
developer can act on them.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .responses import ApiFailure

MISSING = "MISSING_PARAM"
INVALID = "INVALID_PARAM"
INVALID_REQUEST = "INVALID_REQUEST"


UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"


def check_json_content_type(request: web.Request) -> None:
    """A POST must say ``Content-Type: application/json`` [doc]; else HTTP 415, as a
    strict server answers (``SimConfig.lenient`` "content-type" lets any type through)."""
    sent = request.headers.get("Content-Type", "")
    if sent.split(";")[0].strip().lower() != "application/json":
        raise ApiFailure(
            UNSUPPORTED_MEDIA_TYPE,
            f"Content-Type phải là application/json (nhận được: {sent.strip() or 'không có'})",
            415,
        )


async def read_json_object(request: web.Request, *, any_type: bool = False) -> dict[str, Any]:
    """The body as a JSON object; the Content-Type is checked unless ``any_type``."""
    if not any_type:
        check_json_content_type(request)
    raw = await request.read()
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiFailure(
            INVALID_REQUEST, f"Dữ liệu yêu cầu không hợp lệ: body không phải JSON ({exc})"
        ) from None
    if not isinstance(body, dict):
        raise ApiFailure(INVALID_REQUEST, "Dữ liệu yêu cầu không hợp lệ: body phải là JSON object")
    return body


def _type_error(field: str, expected: str) -> ApiFailure:
    return ApiFailure(INVALID, f"Tham số {field} không hợp lệ: phải là {expected}")


def required_str(body: dict[str, Any], field: str) -> str:
    value = body.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ApiFailure(MISSING, f"Thiếu tham số {field}")
    if not isinstance(value, str):
        raise _type_error(field, "chuỗi (string)")
    return value.strip()


def optional_str(body: dict[str, Any], field: str) -> str:
    """A string criterion; absent, null or empty mean "not given"."""
    value = body.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _type_error(field, "chuỗi (string)")
    return value.strip()


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def optional_int(body: dict[str, Any], field: str, default: int) -> int:
    value = body.get(field)
    if value is None:
        return default
    if not is_int(value):
        raise _type_error(field, "số nguyên (int)")
    return int(value)


def int_list(body: dict[str, Any], field: str, *, required: bool) -> list[int] | None:
    value = body.get(field)
    if value is None:
        if required:
            raise ApiFailure(MISSING, f"Thiếu tham số {field}")
        return None
    if not isinstance(value, list) or not all(is_int(v) for v in value):
        raise _type_error(field, "danh sách số nguyên (list of int)")
    return [int(v) for v in value]


def str_list(body: dict[str, Any], field: str) -> list[str] | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _type_error(field, "danh sách chuỗi (list of string)")
    return [v.strip() for v in value if v.strip()]
