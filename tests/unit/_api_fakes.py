"""Shared fakes for the API tests: a scripted server on httpx.MockTransport, a fake sleep."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from alohub_tui.api import AlohubClient, Secret
from alohub_tui.api.gateway import GatewayClient

KEY = "sk-TEST-KEY-5f3a9c77e1"
BASE = "https://tenant.example:9909/api"
MEDIA = "https://tenant.example:1777"
GATEWAY = "https://xapi.alohub.example"
GATEWAY_KEY = "gw-TEST-KEY-0b1c2d3e"
OK: dict[str, Any] = {"success": "1", "error_code": "SUCCESS", "error_message": "SUCCESS"}

Reply = httpx.Response | type[Exception] | Callable[[httpx.Request], httpx.Response]


def reply(status: int = 200, body: Any = OK, **headers: str) -> httpx.Response:
    """A JSON reply (``body`` None means an empty body)."""
    hdrs = {k.replace("_", "-"): v for k, v in headers.items()}
    if body is None:
        return httpx.Response(status, headers=hdrs)
    return httpx.Response(status, json=body, headers=hdrs)


@dataclass
class FakeServer:
    """Answers with ``replies`` in turn (the last one repeats) and records every request.

    A reply may be an httpx exception class: it is raised with the request attached.
    """

    replies: list[Reply]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(item, type) and issubclass(item, Exception):
            raise item("simulated failure", request=request)  # type: ignore[call-arg]
        if isinstance(item, httpx.Response):
            return item
        return item(request)

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


@dataclass
class Sleeps:
    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_client(*replies: Reply, **kwargs: Any) -> tuple[AlohubClient, FakeServer, Sleeps]:
    server = FakeServer(list(replies))
    sleeps = Sleeps()
    kwargs.setdefault("media_url", MEDIA)
    client = AlohubClient(
        BASE,
        Secret(KEY),
        transport=httpx.MockTransport(server),
        sleep=sleeps,
        rand=lambda: 0.5,
        **kwargs,
    )
    return client, server, sleeps


def make_gateway(*replies: Reply) -> tuple[GatewayClient, FakeServer, Sleeps]:
    """A gateway client (its own host and key) on a scripted server."""
    server = FakeServer(list(replies))
    sleeps = Sleeps()
    client = GatewayClient(GATEWAY, Secret(GATEWAY_KEY), transport=httpx.MockTransport(server),
                           sleep=sleeps, rand=lambda: 0.5)
    return client, server, sleeps
