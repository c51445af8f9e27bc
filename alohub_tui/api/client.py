"""The Alohub HTTP client: one ``httpx.AsyncClient``, typed results, typed errors.

Safety rules it enforces (alohub-api.md): the key goes only to the configured API and
media origins; makeCall is never re-sent once it may have reached the server; only
harmless requests (search, recording) are retried on transient failures. The optional
gateway's listings (§6, another host and key) are :mod:`.gateway`'s.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime, timedelta
from typing import Any, Unpack

import httpx

from .envelope import check_envelope, decode_json, read_envelope
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
    CallRecord,
    MakeCallResult,
    SearchCriteria,
    SearchPage,
)
from .paging import PageWalk
from .payloads import make_call_body
from .policy import RetryPolicy, Timeouts, never_sent
from .recordings import Progress, RecordingDownloads
from .secret import Secret
from .transport import RequestHook, Sleep, TransportOptions
from .txn import new_transaction_id
from .urls import check_base_url, default_media_url, host_port, origin

__all__ = ["AlohubClient", "Progress", "RequestHook", "RetryPolicy", "Sleep", "Timeouts"]


MAX_LIST_PAGES = 1000


class AlohubClient(RecordingDownloads):
    """Async client for one tenant. Use ``async with`` or call :meth:`aclose`."""

    def __init__(self, base_url: str, api_key: Secret, *, media_url: str | None = None,
                 **options: Unpack[TransportOptions]) -> None:
        self._base = check_base_url(base_url, "base_url")
        self._media = check_base_url(media_url or default_media_url(self._base), "media_url")
        super().__init__(api_key, {origin(self._base), origin(self._media)}, **options)

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
            return await self._exchange("POST", self._api("/v1.0/base/makeCall"),
                                        self._timeouts.make_call, n, read_envelope, body=body)

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

        def read(response: httpx.Response) -> SearchPage:
            body = decode_json(response)
            if isinstance(body, Mapping) and "success" in body:
                check_envelope(body)
            return SearchPage.from_api(body, criteria.page, criteria.limit)

        async def attempt(n: int) -> SearchPage:
            return await self._exchange("POST", self._api("/v1.0/base/searchCallV2"),
                                        self._timeouts.search, n, read, body=payload)

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
        """The full updateQueue URL for ``user_name``."""
        if not isinstance(user_name, str) or not user_name.strip():
            raise InvalidInput("userName", "Choose the agent whose queues to change.")
        url = httpx.URL(self._api("/setting/agent/updateQueue"), params={"userName": user_name})
        return str(url)

    async def update_queue(self, user_name: str, body: Mapping[str, Any]) -> None:
        """Send an EDIT body (see :func:`payloads.update_queue_body`) for one agent."""
        url = self.update_queue_url(user_name)

        async def attempt(n: int) -> None:
            await self._exchange("POST", url, self._timeouts.update_queue, n, read_envelope,
                                 body=dict(body))

        try:
            await self._run(attempt, idempotent=False)
        except (ApiTimeout, ConnectionFailed, BadResponse) as err:
            if never_sent(err):
                raise
            raise MaybeApplied(user_name, err).redact(self._key) from err

    # ------------------------------------------------------------------ internals

    def _api(self, path: str) -> str:
        return self._base + path
