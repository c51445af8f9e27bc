"""The optional gateway (alohub-api.md §6): agents and inbound queues, and who is in each.

A second API on its own host, with its own key sent as ``X-Api-Key`` (never the main
API's key, never in ``Authorization``), 0-based pages. Not every tenant has it: the app
builds a :class:`GatewayClient` only when ``[gateway] base_url`` is set, and otherwise
never calls these paths (on the main API host they answer 404). Listings are read
only, so they are retried on transient failures like a search.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, Unpack

import httpx

from .envelope import check_envelope, decode_json
from .errors import InvalidInput
from .models import Agent, Queue
from .secret import Secret
from .shapes import split_list_body
from .transport import Transport, TransportOptions
from .urls import check_base_url, host_port, origin

T = TypeVar("T")
#: The gateway's largest page (the simulator's cap; the vendor's example asks for 20).
PAGE_SIZE = 100
MAX_PAGES = 1000


class GatewayClient(Transport):
    """The listings of one tenant's gateway. Use ``async with`` or call :meth:`aclose`."""

    KEY_HEADER = "X-Api-Key"

    def __init__(self, base_url: str, key: Secret, **options: Unpack[TransportOptions]) -> None:
        self._base = check_base_url(base_url, "gateway.base_url")
        super().__init__(key, {origin(self._base)}, **options)

    def __repr__(self) -> str:
        return f"GatewayClient(base_url={self._base!r})"

    @property
    def base_url(self) -> str:
        return self._base

    @property
    def host(self) -> str:
        return host_port(self._base)

    async def list_agents(self, *, queue_id: int | None = None,
                          page_size: int = PAGE_SIZE) -> list[Agent]:
        """Every agent (0-based pages); with ``queue_id``, the agents of that inbound queue."""
        params = {} if queue_id is None else {"queue_id": queue_id}
        return await self._list_all("/v1/agents", Agent.from_api, page_size, params)

    async def list_inbound_queues(self, *, page_size: int = PAGE_SIZE) -> list[Queue]:
        """Every inbound (callin) queue."""
        return await self._list_all("/v1/queues/inbound", Queue.from_api, page_size, {})

    async def _list_all(self, path: str, parse: Callable[[object], T], page_size: int,
                        extra: dict[str, int]) -> list[T]:
        if not 1 <= page_size <= PAGE_SIZE:
            raise InvalidInput("size", f"The gateway's page size is 1 to {PAGE_SIZE}.")
        items: list[T] = []
        for page in range(MAX_PAGES):
            params = {**extra, "page": page, "size": page_size}

            def read(response: httpx.Response) -> tuple[list[T], int | None]:
                body = decode_json(response)
                if not isinstance(body, list):
                    check_envelope(body, allow_missing_success=True)
                data, total = split_list_body(body)
                return [parse(item) for item in data], total

            async def attempt(n: int, params: dict[str, int] = params
                              ) -> tuple[list[T], int | None]:
                return await self._exchange("GET", self._base + path, self._timeouts.listing,
                                            n, read, params=params)

            chunk, total = await self._run(attempt, idempotent=True)
            items.extend(chunk)
            if len(chunk) < page_size or (total is not None and len(items) >= total):
                break
        return items
