"""How the client talks HTTP: the key only to configured origins, one request with typed
errors, a retry loop that follows the policy, a streamed GET with checked redirects, and
a log entry per request (key scrubbed). :class:`~alohub_tui.api.client.AlohubClient`
builds on it with the endpoints.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Self, TypedDict, TypeVar

import httpx

from .. import __version__
from .envelope import decode_json
from .errors import (
    AlohubError,
    BadResponse,
    ForeignHostError,
    RecordingNotFound,
    error_for_exception,
    error_for_status,
    safe_url,
)
from .policy import RetryPolicy, Timeouts
from .secret import Secret
from .urls import Origin, origin

log = logging.getLogger("alohub_tui.api.client")

T = TypeVar("T")
RequestHook = Callable[[dict[str, Any]], None]
Sleep = Callable[[float], Awaitable[None]]

DEFAULT_USER_AGENT = f"alohub-tui/{__version__}"
MAX_REDIRECTS = 3
AUDIO_ACCEPT = "audio/*, application/octet-stream;q=0.9"


class TransportOptions(TypedDict, total=False):
    """How a client talks HTTP, beyond its URLs and key (tests inject most of these)."""

    timeouts: Timeouts | None
    retry: RetryPolicy | None
    transport: httpx.AsyncBaseTransport | None
    sleep: Sleep
    rand: Callable[[], float]
    on_request: RequestHook | None
    user_agent: str


class Transport:
    """The request machinery of :class:`~alohub_tui.api.client.AlohubClient` and
    :class:`~alohub_tui.api.gateway.GatewayClient`: the key goes in :attr:`KEY_HEADER`,
    only to the ``allowed`` origins."""

    KEY_HEADER = "Authorization"

    def __init__(self, key: Secret, allowed: set[Origin], *, timeouts: Timeouts | None = None,
                 retry: RetryPolicy | None = None,
                 transport: httpx.AsyncBaseTransport | None = None,
                 sleep: Sleep = asyncio.sleep, rand: Callable[[], float] = random.random,
                 on_request: RequestHook | None = None,
                 user_agent: str = DEFAULT_USER_AGENT) -> None:
        if not isinstance(key, Secret):
            raise TypeError("the key must be a Secret (so it never shows in a repr)")
        self._key = key
        self._allowed = allowed
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

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    def _auth_headers(self, url: str | httpx.URL, **extra: str) -> httpx.Headers:
        """The key's header, only for a configured origin; else ForeignHostError.

        httpx.Headers (not a dict) because its repr masks the key: a crash screen that
        prints frame locals must not show it.
        """
        if origin(str(url)) not in self._allowed:
            raise ForeignHostError(str(url))
        return httpx.Headers({self.KEY_HEADER: self._key.reveal(), **extra})

    async def _run(self, attempt: Callable[[int], Awaitable[T]], *, idempotent: bool) -> T:
        """Call ``attempt(1)``, ``attempt(2)``... as the retry policy allows."""
        number = 1
        while True:
            try:
                return await attempt(number)
            except AlohubError as err:
                err.redact(self._key)
                delay = self._retry.delay_for(err, number, idempotent=idempotent, rand=self._rand)
                if delay is None:
                    raise err.after_attempts(number) from None
            await self._sleep(delay)
            number += 1

    async def _exchange(
        self,
        method: str,
        url: str | httpx.URL,
        read_timeout: float,
        attempt: int,
        read: Callable[[httpx.Response], T],
        *,
        body: Any = None,
        params: Mapping[str, str | int] | None = None,
    ) -> T:
        """One request, its answer read by ``read`` (the JSON and its envelope); a non-2xx
        answer, a transport failure or an answer ``read`` refuses is a typed error.

        The request is logged once, after ``read``: an HTTP 200 whose envelope says
        ``success`` "0" is logged as the failure it is (the top bar shows it failing).
        """
        full = httpx.URL(url, params=params) if params else httpx.URL(url)
        headers = self._auth_headers(full)
        timeout = self._timeouts.http(read_timeout)
        started = time.perf_counter()
        try:
            response = await self._http.request(
                method, full, json=body, headers=headers, timeout=timeout
            )
        except httpx.HTTPError as exc:
            # "from None": the httpx chain's frames hold raw header bytes in their locals.
            err = error_for_exception(exc, timeout).redact(self._key)
            self._log(method, full, None, started, attempt, err)
            raise err from None
        if response.is_success:
            try:
                result = read(response)
            except AlohubError as exc:
                error = exc.redact(self._key)
            else:
                self._log(method, full, response.status_code, started, attempt, None)
                return result
        else:
            error = self._status_error(response)
        self._log(method, full, response.status_code, started, attempt, error)
        raise error

    def _status_error(self, response: httpx.Response) -> AlohubError:
        try:
            body = decode_json(response)
        except BadResponse:
            body = None
        return error_for_status(
            response.status_code,
            response.headers,
            body,
            path=response.url.path,
            reason=response.reason_phrase,
        ).redact(self._key)

    def _log(
        self,
        method: str,
        url: str | httpx.URL,
        status: int | None,
        started: float,
        attempt: int,
        error: AlohubError | None,
    ) -> None:
        if self._on_request is None:
            return
        entry: dict[str, Any] = {
            "method": method,
            "url": self._key.scrub(safe_url(str(url))),
            "status": status,
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
            "attempt": attempt,
            "error": self._key.scrub(error.message) if error else None,
            "title": error.title if error else None,
        }
        try:
            self._on_request(entry)
        except Exception:  # a broken log must not break a call
            log.exception("on_request hook failed")

    async def _open_recording(self, url: str, attempt: int) -> tuple[httpx.Response, float]:
        """Send the GET, following at most 3 redirects, each only to a configured origin."""
        timeout = self._timeouts.http(self._timeouts.recording)
        for _hop in range(MAX_REDIRECTS + 1):
            headers = self._auth_headers(url, Accept=AUDIO_ACCEPT)
            started = time.perf_counter()
            request = self._http.build_request("GET", url, headers=headers, timeout=timeout)
            try:
                response = await self._http.send(request, stream=True)
            except httpx.HTTPError as exc:
                err = error_for_exception(exc, timeout).redact(self._key)
                self._log("GET", url, None, started, attempt, err)
                raise err from None
            if response.is_redirect:
                self._log("GET", url, response.status_code, started, attempt, None)
                await response.aclose()
                url = str(response.url.join(response.headers["location"]))
                continue
            if not response.is_success:
                await response.aread()
                await response.aclose()
                error = (RecordingNotFound() if response.status_code == 404
                         else self._status_error(response))
                self._log("GET", url, response.status_code, started, attempt, error)
                raise error
            return response, started
        raise BadResponse(f"more than {MAX_REDIRECTS} redirects for the recording")
