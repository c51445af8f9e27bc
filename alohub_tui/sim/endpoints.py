"""The legacy Alohub API: makeCall, searchCallV2, updateQueue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiohttp import web

from ..digits import is_ascii_digits
from ..vntime import to_epoch
from .calls import LiveCalls
from .history import CallHistory, SearchQuery
from .phones import phone_key
from .responses import ApiFailure, from_failure, ok
from .tenant import Tenant
from .validation import (
    INVALID,
    MISSING,
    int_list,
    is_int,
    optional_int,
    optional_str,
    read_json_object,
    required_str,
    str_list,
)

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def _guarded(method: Callable[[web.Request], Any]) -> Callable[[web.Request], Any]:
    """Turn an ApiFailure raised by a handler into the failure envelope."""

    async def handler(request: web.Request) -> web.StreamResponse:
        try:
            response: web.StreamResponse = await method(request)
            return response
        except ApiFailure as exc:
            return from_failure(exc)

    handler.__name__ = method.__name__
    return handler


def _parse_time(body: dict[str, Any], field: str) -> float | None:
    text = optional_str(body, field)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ApiFailure(
            INVALID,
            f"Tham số {field} không đúng định dạng ISO 8601 (vd 2026-11-01T00:00:00+07:00)",
        ) from None
    return to_epoch(moment)  # naive -> +07:00 [assume]


def parse_search(body: dict[str, Any]) -> tuple[SearchQuery, int, int]:
    """searchCallV2 criteria -> (query, page, limit). ``callType`` is checked, then ignored."""
    agents = str_list(body, "agent") or []
    optional_str(body, "callType")
    page = optional_int(body, "page", 1)
    limit = optional_int(body, "limit", DEFAULT_LIMIT)
    if page < 1:
        raise ApiFailure(INVALID, "Tham số page không hợp lệ: phải >= 1")
    if limit < 1:
        raise ApiFailure(INVALID, "Tham số limit không hợp lệ: phải >= 1")
    query = SearchQuery(
        start=_parse_time(body, "starttime"),
        end=_parse_time(body, "endtime"),
        call_id=optional_str(body, "call_id"),
        customer=phone_key(optional_str(body, "customer_number")),
        direction=optional_str(body, "direction").lower(),
        status=optional_str(body, "call_status").lower(),
        agents=tuple(agents),
        ip_phone=optional_str(body, "ipPhone"),
        transaction_id=optional_str(body, "transactionId"),
    )
    return query, page, min(limit, MAX_LIMIT)


def _valid_phone(text: str) -> bool:
    stripped = text[1:] if text.startswith("+") else text
    digits = stripped.replace(" ", "").replace("-", "").replace(".", "")
    return is_ascii_digits(digits) and 3 <= len(digits) <= 15


class LegacyApi:
    def __init__(
        self,
        tenant: Tenant,
        history: CallHistory,
        live: LiveCalls,
        *,
        reject_busy_agent: bool = False,
        any_content_type: bool = False,
    ) -> None:
        self._tenant = tenant
        self._history = history
        self._live = live
        self._reject_busy_agent = reject_busy_agent
        self._any_type = any_content_type

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post("/api/v1.0/base/makeCall", _guarded(self.make_call), name="makecall"),
            web.post("/api/v1.0/base/searchCallV2", _guarded(self.search), name="search"),
            web.post(
                "/api/setting/agent/updateQueue", _guarded(self.update_queue), name="updatequeue"
            ),
        ]

    async def make_call(self, request: web.Request) -> web.StreamResponse:
        body = await read_json_object(request, any_type=self._any_type)
        phone = required_str(body, "phoneNumber")
        ip_phone = required_str(body, "ipPhone")
        transaction_id = optional_str(body, "transactionId")
        if not _valid_phone(phone):
            raise ApiFailure(INVALID, f"Số điện thoại không hợp lệ: {phone}")
        agent = self._tenant.agent_for_extension(ip_phone)
        if agent is None:
            raise ApiFailure(
                "IPCC_NOT_CONNECT_AGENT_ID",
                f"Không kết nối được máy nhánh {ip_phone} (extension không tồn tại)",
            )
        if self._reject_busy_agent and self._live.agent_on_call(agent.user_name):
            raise ApiFailure("CALLOUT_AGENT_BUSY", f"Máy nhánh {ip_phone} đang bận")
        self._live.start_call(phone, ip_phone, agent.user_name, transaction_id)
        return ok()

    async def search(self, request: web.Request) -> web.StreamResponse:
        query, page, limit = parse_search(await read_json_object(request, any_type=self._any_type))
        offset = (page - 1) * limit
        live = self._live.matching(query)
        items = live[offset : offset + limit]
        hist_total, hist_items = self._history.search(
            query, max(0, offset - len(live)), limit - len(items)
        )
        return ok(
            totalRecord=len(live) + hist_total, page=page, limit=limit, data=items + hist_items
        )

    async def update_queue(self, request: web.Request) -> web.StreamResponse:
        user_name = request.query.get("userName", "").strip()
        if not user_name:
            raise ApiFailure(MISSING, "Thiếu tham số userName")
        body = await read_json_object(request, any_type=self._any_type)
        if user_name not in self._tenant.agents:
            raise ApiFailure("AGENT_NOT_FOUND", f"Không tìm thấy nhân viên {user_name}")
        action = body.get("action")
        if action is None or action == "":
            raise ApiFailure(MISSING, "Thiếu tham số action")
        if action != "EDIT":
            raise ApiFailure(
                "INVALID_ACTION", f"Hành động không được hỗ trợ: {action!r} (chỉ EDIT)"
            )
        callin_ids = int_list(body, "callinId", required=True) or []
        for qid in callin_ids:
            if qid not in self._tenant.callin_queues:
                raise ApiFailure("QUEUE_NOT_FOUND", f"Không tìm thấy hàng đợi callin {qid}")
        set_callout = "calloutId" in body
        callout_id = body.get("calloutId")
        if callout_id is not None:
            if not is_int(callout_id):
                raise ApiFailure(INVALID, "Tham số calloutId không hợp lệ: phải là số nguyên (int)")
            if callout_id not in self._tenant.callout_queues:
                raise ApiFailure("QUEUE_NOT_FOUND", f"Không tìm thấy hàng đợi callout {callout_id}")
        extensions = str_list(body, "lstExtension")
        for ext in extensions or []:
            if not is_ascii_digits(ext):
                raise ApiFailure(INVALID, f"Máy nhánh không hợp lệ: {ext!r}")
            owner = self._tenant.extension_owner(ext)
            if owner is not None and owner != user_name:
                raise ApiFailure(
                    "EXTENSION_IN_USE", f"Máy nhánh {ext} đang được gán cho {owner}"
                )
        self._tenant.apply_edit(
            user_name, callin_ids, callout_id, extensions, set_callout=set_callout
        )
        return ok()
