"""The newer gateway's listings: ``GET /v1/agents`` and ``GET /v1/queues/inbound``.

Served under :data:`~.defaults.GATEWAY_PREFIX` (a real gateway has its own host), with
its own key in ``X-Api-Key`` (:mod:`.auth`). Pages are 0-based (``page``, ``size``). Bad
query parameters get HTTP 400 with ``BAD_REQUEST`` [assume: the vendor documents
401/403/404/429/500 only].
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiohttp import web

from .defaults import GATEWAY_PREFIX
from .responses import ApiFailure, from_failure, ok
from .tenant import Tenant

DEFAULT_SIZE = 20
MAX_SIZE = 100


def _int_param(request: web.Request, name: str, default: int | None, minimum: int) -> int | None:
    raw = request.query.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiFailure("BAD_REQUEST", f"{name} must be an integer, got {raw!r}", 400) from None
    if value < minimum:
        raise ApiFailure("BAD_REQUEST", f"{name} must be >= {minimum}", 400)
    return value


def _page(request: web.Request, items: Sequence[dict[str, Any]]) -> web.StreamResponse:
    page = _int_param(request, "page", 0, 0) or 0
    size = min(MAX_SIZE, _int_param(request, "size", DEFAULT_SIZE, 1) or DEFAULT_SIZE)
    chunk = list(items[page * size : (page + 1) * size])
    return ok(totalRecord=len(items), page=page, size=size, data=chunk)


class GatewayApi:
    def __init__(self, tenant: Tenant) -> None:
        self._tenant = tenant

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get(GATEWAY_PREFIX + "/v1/agents", self.agents, name="agents"),
            web.get(GATEWAY_PREFIX + "/v1/queues/inbound", self.queues, name="queues"),
        ]

    async def agents(self, request: web.Request) -> web.StreamResponse:
        try:
            status = _int_param(request, "status", None, 0)
            queue_id = _int_param(request, "queue_id", None, 0)
            agents = [
                a.to_listing()
                for a in self._tenant.agents.values()
                if (status is None or a.status == status)
                and (queue_id is None or queue_id in a.callin_ids)
            ]
            return _page(request, agents)
        except ApiFailure as exc:
            return from_failure(exc)

    async def queues(self, request: web.Request) -> web.StreamResponse:
        try:
            queues = [
                {
                    "callinId": qid,
                    "callinName": name,
                    "agentCount": sum(qid in a.callin_ids for a in self._tenant.agents.values()),
                }
                for qid, name in self._tenant.callin_queues.items()
            ]
            return _page(request, queues)
        except ApiFailure as exc:
            return from_failure(exc)
