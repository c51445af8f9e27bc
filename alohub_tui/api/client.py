"""The Alohub HTTP client: one ``httpx.AsyncClient``, typed results, typed errors.

Safety rules it enforces (alohub-api.md): the key goes only to the configured API and
media origins; makeCall is never re-sent once it may have reached the server; only
harmless requests (search, recording, listings) are retried on transient failures.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, TypeVar

import httpx

from .. import __version__
from .envelope import check_envelope, decode_json
from .errors import (
    ApiTimeout,
    BadResponse,
    ConnectionFailed,
    InvalidInput,
    MaybeApplied,
    OutcomeUnknown,
    vendor_fields,
)
from .models import (
    Agent,
    CallRecord,
    MakeCallResult,
    Queue,
    SearchCriteria,
    SearchPage,
)
from .paging import PageWalk
from .payloads import make_call_body
from .policy import RetryPolicy, Timeouts, never_sent
from .recordings import Progress, RecordingDownloads
from .secret import Secret
from .shapes import split_list_body
from .transport import RequestHook, Sleep
from .txn import new_transaction_id
from .urls import check_base_url, default_media_url, host_port, origin

__all__ = ["AlohubClient", "Progress", "RequestHook", "RetryPolicy", "Sleep", "Timeouts"]


T = TypeVar("T")

DEFAULT_USER_AGENT = f"alohub-tui/{__version__}"
MAX_LIST_PAGES = 1000


class AlohubClient(RecordingDownloads):
    """Async client for one tenant. Use ``async with`` or call :meth:`aclose`."""

    def __init__(
        self,
        base_url: str,
        api_key: Secret,
        *,
        media_url: str | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        on_request: RequestHook | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        if not isinstance(api_key, Secret):
            raise TypeError("api_key must be a Secret (so it never shows in a repr)")
        self._key = api_key
        self._base = check_base_url(base_url, "base_url")
        self._media = check_base_url(media_url or default_media_url(self._base), "media_url")
        self._allowed = {origin(self._base), origin(self._media)}
        self._timeouts = timeouts or Timeouts()
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self._rand = rand
        self._on_request = on_request
        self._http = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            timeout=self._timeouts.http(self._timeouts.search),
            headers={"User-Agent": user_agent, "Accept": "application/json"},
        )

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> AlohubClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    def __repr__(self) -> str:
        return f"AlohubClient(base_url={self._base!r}, media_url={self._media!r})"

    @property
    def base_url(self) -> str:
        return self._base

    @property
    def media_url(self) -> str:
        return self._media

    @property
    def base_host(self) -> str:
        """``host[:port]`` of the API, for a header line (never the key)."""
        return host_port(self._base)

    # ------------------------------------------------------------------ endpoints

    async def make_call(
        self, phone: str, ip_phone: str, transaction_id: str | None = None
    ) -> MakeCallResult:
        """Click-to-call. Raises :class:`OutcomeUnknown` if it may have been placed.

        Re-sent only when the connection was never made, since a repeat could ring
        the customer twice. A missing ``transaction_id`` is generated, so a lost
        answer can still be looked up with :meth:`find_by_transaction`.
        """
        txn = transaction_id or new_transaction_id()
        body = make_call_body(phone, ip_phone, txn)

        async def attempt(n: int) -> Mapping[str, Any]:
            response = await self._exchange(
                "POST", self._api("/v1.0/base/makeCall"), self._timeouts.make_call, n, body=body
            )
            return check_envelope(decode_json(response))

        try:
            envelope = await self._run(attempt, idempotent=False)
        except (ApiTimeout, ConnectionFailed, BadResponse) as err:
            if never_sent(err):
                raise
            raise OutcomeUnknown(txn, err).redact(self._key) from err
        code, message = vendor_fields(envelope)
        return MakeCallResult(txn, code, message)

    async def search_calls(self, criteria: SearchCriteria) -> SearchPage:
        """One page of searchCallV2 (retried on transient failures)."""
        payload = criteria.to_payload()

        async def attempt(n: int) -> SearchPage:
            response = await self._exchange(
                "POST", self._api("/v1.0/base/searchCallV2"), self._timeouts.search, n, body=payload
            )
            body = decode_json(response)
            if isinstance(body, Mapping) and "success" in body:
                check_envelope(body)
            return SearchPage.from_api(body, criteria.page, criteria.limit)

        return await self._run(attempt, idempotent=True)

    async def iter_pages(
        self, criteria: SearchCriteria, *, max_pages: int = MAX_LIST_PAGES,
        walk: PageWalk | None = None,
    ) -> AsyncIterator[SearchPage]:
        """Pages from ``criteria.page`` on, until the last one (or ``max_pages``).

        Each call comes once: a page that repeats calls already read ends the walk
        (``walk.repeated_page`` says which; pass a :class:`PageWalk` to read it after).
        """
        walk = PageWalk() if walk is None else walk
        number = criteria.page
        for _ in range(max_pages):
            page = await self.search_calls(criteria.with_page(number))
            kept = walk.take(page)
            if kept is None:
                return
            yield kept
            if not page.has_next:
                return
            number = page.page + 1

    async def iter_calls(
        self, criteria: SearchCriteria, *, max_pages: int = MAX_LIST_PAGES,
        walk: PageWalk | None = None,
    ) -> AsyncIterator[CallRecord]:
        async for page in self.iter_pages(criteria, max_pages=max_pages, walk=walk):
            for record in page.records:
                yield record

    async def find_by_transaction(
        self,
        transaction_id: str,
        around: datetime,
        *,
        window: timedelta = timedelta(hours=1),
        max_pages: int = 5,
    ) -> CallRecord | None:
        """The call placed with ``transaction_id`` near ``around``, or None if not (yet) there.

        Matches client-side as well, in case the server ignores the filter; when several
        records match (answer and end rows), the latest start wins.
        """
        criteria = SearchCriteria(
            start=around - window, end=around + window, transaction_id=transaction_id, limit=100
        )
        found: CallRecord | None = None
        async for record in self.iter_calls(criteria, max_pages=max_pages):
            if record.transaction_id != transaction_id:
                continue
            if found is None or (record.starttime or datetime.min) >= (
                found.starttime or datetime.min
            ):
                found = record
        return found

    def update_queue_url(self, user_name: str) -> str:
        """The full updateQueue URL for ``user_name`` (what ``queue --dry-run`` prints)."""
        if not isinstance(user_name, str) or not user_name.strip():
            raise InvalidInput("userName", "Choose the agent whose queues to change.")
        url = httpx.URL(self._api("/setting/agent/updateQueue"), params={"userName": user_name})
        return str(url)

    async def update_queue(self, user_name: str, body: Mapping[str, Any]) -> None:
        """Send an EDIT body (see :func:`payloads.update_queue_body`) for one agent."""
        url = self.update_queue_url(user_name)

        async def attempt(n: int) -> None:
            response = await self._exchange(
                "POST", url, self._timeouts.update_queue, n, body=dict(body)
            )
            check_envelope(decode_json(response))

        try:
            await self._run(attempt, idempotent=False)
        except (ApiTimeout, ConnectionFailed, BadResponse) as err:
            if never_sent(err):
                raise
            raise MaybeApplied(user_name, err).redact(self._key) from err

    async def list_agents(self, *, page_size: int = 100) -> list[Agent]:
        """Every agent from the listing endpoint (0-based pages)."""
        return await self._list_all("/v1/agents", Agent.from_api, page_size)

    async def list_inbound_queues(self, *, page_size: int = 100) -> list[Queue]:
        """Every inbound (callin) queue from the listing endpoint."""
        return await self._list_all("/v1/queues/inbound", Queue.from_api, page_size)

    # ------------------------------------------------------------------ internals

    def _api(self, path: str) -> str:
        return self._base + path

    async def _list_all(self, path: str, parse: Callable[[object], T], page_size: int) -> list[T]:
        if not 1 <= page_size <= 1000:
            raise InvalidInput("size", "The listing page size must be between 1 and 1000.")
        items: list[T] = []
        for page in range(MAX_LIST_PAGES):
            params = {"page": page, "size": page_size}

            async def attempt(
                n: int, params: dict[str, int] = params
            ) -> tuple[list[T], int | None]:
                response = await self._exchange(
                    "GET", self._media + path, self._timeouts.listing, n, params=params
                )
                body = decode_json(response)
                if not isinstance(body, list):
                    check_envelope(body, allow_missing_success=True)
                data, total = split_list_body(body)
                return [parse(item) for item in data], total

            chunk, total = await self._run(attempt, idempotent=True)
            items.extend(chunk)
            if len(chunk) < page_size or (total is not None and len(items) >= total):
                break
        return items
