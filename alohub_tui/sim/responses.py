"""The vendor's JSON envelope and the error type handlers raise to produce it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

SUCCESS = "SUCCESS"


class ApiFailure(Exception):
    """A request the simulated service refuses, rendered as a failure envelope.

    The legacy API answers HTTP 200 with ``success`` "0"; the gateway uses real statuses.
    """

    def __init__(self, code: str, message: str, status: int = 200) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def json_response(
    obj: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    return web.Response(
        text=dumps(obj),
        status=status,
        content_type="application/json",
        charset="utf-8",
        headers=headers,
    )


def ok(**extra: Any) -> web.Response:
    return json_response({"success": "1", "error_code": SUCCESS, "error_message": SUCCESS, **extra})


def failure_body(code: str, message: str) -> dict[str, str]:
    return {"success": "0", "error_code": code, "error_message": message}


def fail(
    code: str, message: str, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    return json_response(failure_body(code, message), status=status, headers=headers)


def from_failure(exc: ApiFailure) -> web.Response:
    return fail(exc.code, exc.message, exc.status)
