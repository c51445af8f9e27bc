"""Key checks as a strict server makes them: the seed's API takes the raw key in
``Authorization`` only; the gateway takes its own key in ``X-Api-Key`` only.

A key in the other header is refused with a message that names the right one, so a
client that sends the wrong header fails against the simulator as it would against a
tenant.
"""

from __future__ import annotations

import hmac

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from .responses import fail

#: Route names served by the gateway (its own key, in ``X-Api-Key``).
GATEWAY_ROUTES = frozenset({"agents", "queues"})


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def check_key(request: web.Request, api_key: str, gateway_key: str) -> str | None:
    """None when the request carries the right key in the right header, else why not."""
    gateway = request.match_info.route.name in GATEWAY_ROUTES
    header, other = ("X-Api-Key", "Authorization") if gateway else ("Authorization", "X-Api-Key")
    key = gateway_key if gateway else api_key
    sent = request.headers.get(header, "").strip()
    if sent and _same(sent, key):
        return None
    wrong_place = request.headers.get(other, "").strip()
    if not sent and wrong_place:
        return f"Send the key in the {header} header, not in {other}"
    if not sent:
        return f"Missing API key: send it raw in the {header} header"
    if sent.lower().startswith("bearer ") and _same(sent[7:].strip(), key):
        return f"Send the raw API key in {header}, without 'Bearer'"
    return "Invalid API key"


def auth_middleware(api_key: str, gateway_key: str) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.match_info.route.name is None:  # unknown path: let it 404
            return await handler(request)
        reason = check_key(request, api_key, gateway_key)
        if reason is not None:
            return fail("UNAUTHORIZED", reason, status=401)
        return await handler(request)

    return middleware
