"""API key check: the raw key in ``Authorization`` (the gateway also takes ``X-Api-Key``)."""

from __future__ import annotations

import hmac

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from .responses import fail

#: Route names served by the newer gateway, which accepts ``X-Api-Key`` as well.
GATEWAY_ROUTES = frozenset({"agents", "queues"})


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def check_key(request: web.Request, api_key: str) -> str | None:
    """None when the request carries the key, else the reason to refuse it."""
    route = request.match_info.route.name
    sent = [request.headers.get("Authorization", "").strip()]
    if route in GATEWAY_ROUTES:
        sent.append(request.headers.get("X-Api-Key", "").strip())
    if any(value and _same(value, api_key) for value in sent):
        return None
    if not any(sent):
        return "Missing API key: send it raw in the Authorization header"
    if any(value.lower().startswith("bearer ") and _same(value[7:].strip(), api_key)
           for value in sent):
        return "Send the raw API key in Authorization, without 'Bearer'"
    return "Invalid API key"


def auth_middleware(api_key: str) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.match_info.route.name is None:  # unknown path: let it 404
            return await handler(request)
        reason = check_key(request, api_key)
        if reason is not None:
            return fail("UNAUTHORIZED", reason, status=401)
        return await handler(request)

    return middleware
