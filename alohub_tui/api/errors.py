"""Typed errors, and the one mapping from httpx failures and HTTP statuses to them.

Every error has ``.title`` (a short toast title) and ``.message`` (one human line).
Neither ever contains the API key: the client scrubs server-supplied text with
:meth:`AlohubError.redact` before an error leaves it.
"""

from __future__ import annotations

import email.utils
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .clean import clean_text
from .secret import Secret

if TYPE_CHECKING:
    import httpx

_WS = re.compile(r"\s+")

# English hints for the vendor's call-out failure vocabulary (alohub-api.md section 1).
VENDOR_HINTS: dict[str, str] = {
    "IPCC_NOT_CONNECT_CUSTOMER": "the customer could not be reached",
    "IPCC_NOT_CONNECT_AGENT_ID": "the agent's phone is unreachable",
    "CALLOUT_AGENT_BUSY": "the agent is busy",
    "CALLOUT_PERMISSION_DENY": "no permission to call out",
    "ERROR_CALLOUT_CONNECT": "the outbound call could not connect",
}


def one_line(text: object) -> str:
    """``text`` as a single line with runs of whitespace collapsed."""
    return _WS.sub(" ", str(text)).strip()


class AlohubError(Exception):
    """Base of every error the API layer raises."""

    title = "Alohub error"

    def __init__(self, message: str) -> None:
        self.message = one_line(message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def after_attempts(self, attempts: int) -> AlohubError:
        """Say how many times the request was tried (a retried search can take 45 s of
        silence before this line: "within 15 s" alone undersold it). Returns self."""
        if attempts > 1:
            self.message = f"{self.message.rstrip('.')} (tried {attempts} times)."
            self.args = (self.message,)
        return self

    def redact(self, secret: Secret) -> AlohubError:
        """Replace the key in every text attribute (server text could echo it). Returns self."""
        for name, value in list(vars(self).items()):
            if isinstance(value, str):
                setattr(self, name, secret.scrub(value))
            elif isinstance(value, AlohubError) and value is not self:
                value.redact(secret)
        self.args = tuple(secret.scrub(a) if isinstance(a, str) else a for a in self.args)
        return self


class AuthError(AlohubError):
    title = "Not authorised"

    def __init__(self, status: int, detail: str = "") -> None:
        self.status = status
        self.detail = one_line(detail)
        suffix = f", {self.detail}" if self.detail else ""
        if status == 403:
            text = f"The API key is not allowed to do this (HTTP 403{suffix})."
        else:
            text = (
                f"Alohub rejected the API key (HTTP {status}{suffix}); "
                "check the key in your environment."
            )
        super().__init__(text)


_API_PATHS = ("/v1.0/", "/setting/")  # makeCall, searchCallV2; updateQueue (alohub-api.md)


class NotFoundError(AlohubError):
    title = "Not found"

    def __init__(self, path: str = "") -> None:
        self.path = path
        where = f" for {path}" if path else ""
        hint = "check the base URL"
        if path.startswith(_API_PATHS):  # the contract's paths, straight at the host root
            hint += ": it ends in /api, e.g. https://host:9909/api"
        super().__init__(f"Alohub answered 404 Not Found{where}; {hint}.")


class RecordingNotFound(NotFoundError):
    """A 404 for a recording: it is gone (Alohub keeps recordings for a limited time),
    or never was; the base URL is fine (the same host served the search)."""

    def __init__(self) -> None:
        self.path = ""
        AlohubError.__init__(
            self, "The recording was not found (HTTP 404): it may have expired, as Alohub "
            "keeps recordings for a limited time; download the ones you must keep.")


class RateLimitError(AlohubError):
    title = "Rate limited"

    def __init__(self, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        when = (
            f"try again in {math.ceil(retry_after)} s"
            if retry_after is not None
            else "try again shortly"
        )
        super().__init__(f"Alohub is limiting the request rate; {when}.")


class ServerError(AlohubError):
    """A 5xx. ``retry_after`` (seconds) when the server said when to come back (503)."""

    title = "Alohub server error"

    def __init__(self, status: int, detail: str = "", retry_after: float | None = None) -> None:
        self.status = status
        self.detail = one_line(detail)
        self.retry_after = retry_after
        extra = f": {self.detail}" if self.detail else ""
        super().__init__(f"HTTP {status}{extra}, a failure on Alohub's side; try again later.")


_TIMEOUT_TEXT = {
    "connect": "Could not connect to Alohub{at}{within}; check the URL and the network.",
    "read": "Alohub{at} did not answer{within}.",
    "write": "Sending the request to Alohub{at} timed out{within}.",
    "pool": "No free connection to Alohub{at}{within}.",
}


def _at(host: str) -> str:
    """" at host:port" for a message, or nothing when the host is not known."""
    return f" at {host}" if host else ""


class ApiTimeout(AlohubError):
    title = "Timed out"

    def __init__(self, phase: str, seconds: float | None = None, host: str = "") -> None:
        self.phase = phase
        self.seconds = seconds
        self.host = host
        within = f" within {seconds:g} s" if seconds is not None else ""
        template = _TIMEOUT_TEXT.get(phase,
                                     "The request to Alohub{at} timed out ({phase}){within}.")
        super().__init__(template.format(phase=phase, within=within, at=_at(host)))


class ConnectionFailed(AlohubError):
    """``sent`` is False only when the request certainly never left this machine.
    ``host`` (host:port) says which server, as the API, media and gateway hosts differ."""

    title = "Connection failed"

    def __init__(self, sent: bool, detail: str = "", host: str = "") -> None:
        self.sent = sent
        self.detail = one_line(detail).rstrip(".")
        self.host = host
        extra = f" ({self.detail})" if self.detail else ""
        if sent:
            text = f"The connection to Alohub{_at(host)} broke during the request{extra}."
        else:
            text = (f"Could not connect to Alohub{_at(host)}{extra}; "
                    "check the URL and that the server is up.")
        super().__init__(text)


class BadResponse(AlohubError):
    title = "Unexpected response"

    def __init__(self, detail: str) -> None:
        self.detail = one_line(detail)
        super().__init__(f"Alohub sent a response the app cannot use: {self.detail}.")


class VendorError(AlohubError):
    """HTTP 200 (or a 4xx with an envelope) whose ``success`` is not "1"."""

    title = "Alohub refused"

    def __init__(self, error_code: str, error_message: str) -> None:
        self.error_code = one_line(error_code)
        self.error_message = one_line(error_message)
        text = self.error_message or "Alohub reported a failure"
        if self.error_code and self.error_code != self.error_message:
            text += f" ({self.error_code})"
        hint = VENDOR_HINTS.get(self.error_code)
        if hint:
            text += f": {hint}"
        super().__init__(text)


class SentButUnanswered(AlohubError):
    """A non-idempotent request may have reached Alohub, but its answer was lost.

    ``cause`` is the transport or parsing error; the subclass says what to do next.
    """

    def __init__(self, cause: AlohubError, what: str, next_step: str) -> None:
        self.cause = cause
        reason = cause.message.rstrip(".")
        super().__init__(f"{what} may have reached Alohub ({reason}); {next_step}")


class OutcomeUnknown(SentButUnanswered):
    """makeCall may have reached the server; it must not be re-sent."""

    title = "Outcome unknown"

    def __init__(self, transaction_id: str, cause: AlohubError) -> None:
        self.transaction_id = transaction_id
        super().__init__(
            cause, "The call request",
            f"it was not re-sent. Look it up by transaction id {transaction_id}.",
        )


class MaybeApplied(SentButUnanswered):
    """updateQueue's answer was lost after sending: the change may be live.

    Unlike makeCall, repeating an EDIT is harmless (it sets the same lists), so the
    message invites a retry rather than a look-up.
    """

    title = "Change may be applied"

    def __init__(self, user_name: str, cause: AlohubError) -> None:
        self.user_name = user_name
        super().__init__(
            cause, f"The queue change for {user_name}",
            "its result is unknown. Sending it again is safe.",
        )


class InvalidInput(AlohubError):
    title = "Invalid input"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class ForeignHostError(AlohubError):
    title = "Refused"

    def __init__(self, url: str) -> None:
        self.url = safe_url(url)
        host = urlsplit(self.url).netloc or self.url
        super().__init__(
            f"Refused to send the API key to {host}: it is not the configured API or media host."
        )


def safe_url(url: str) -> str:
    """``url`` without any user:password part (for messages and logs)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()


# --------------------------------------------------------------------------- mapping


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def _timeout_seconds(timeout: httpx.Timeout | None, phase: str) -> float | None:
    if timeout is None:
        return None
    value = getattr(timeout, phase, None)
    return float(value) if isinstance(value, int | float) else None


def error_for_exception(exc: Exception, timeout: httpx.Timeout | None = None) -> AlohubError:
    """Map an httpx exception raised while sending or streaming to a typed error."""
    import httpx  # here, not at the top: the TUI imports this module before its first frame

    phases: tuple[tuple[type[Exception], str], ...] = (
        (httpx.ConnectTimeout, "connect"),
        (httpx.ReadTimeout, "read"),
        (httpx.WriteTimeout, "write"),
        (httpx.PoolTimeout, "pool"),
    )
    host = _request_host(exc)
    for exc_type, phase in phases:
        if isinstance(exc, exc_type):
            return ApiTimeout(phase, _timeout_seconds(timeout, phase), host)
    detail = one_line(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return ApiTimeout("read", None, host)
    if isinstance(exc, httpx.ConnectError | httpx.ProxyError | httpx.LocalProtocolError):
        return ConnectionFailed(sent=False, detail=detail, host=host)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return ConnectionFailed(sent=False, detail=f"unsupported URL: {detail}", host=host)
    if isinstance(exc, httpx.RemoteProtocolError):
        return ConnectionFailed(sent=True, detail=f"server broke the protocol: {detail}",
                                host=host)
    if isinstance(exc, httpx.TransportError):
        # ReadError, WriteError and anything else mid-exchange: it may have been sent.
        return ConnectionFailed(sent=True, detail=detail, host=host)
    if isinstance(exc, httpx.DecodingError):
        return BadResponse(f"the body could not be decoded ({detail})")
    return BadResponse(detail)


def _request_host(exc: Exception) -> str:
    """host:port of the request that failed (never its path, query or user info)."""
    try:
        url = exc.request.url  # type: ignore[attr-defined]  # httpx.RequestError
    except (AttributeError, RuntimeError):  # not an httpx error, or no request attached
        return ""
    return f"{url.host}:{url.port}" if url.port else str(url.host)


def vendor_fields(body: object) -> tuple[str, str]:
    """(error_code, error_message) from an envelope or gateway error body, else ("", "")."""
    if not isinstance(body, Mapping):
        return "", ""
    code = _first_text(body, ("error_code", "errorCode", "code", "error"))
    message = _first_text(body, ("error_message", "errorMessage", "message", "msg"))
    return code, message


def _first_text(body: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = body.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            text = clean_text(str(value))
            if text:
                return text
    return ""


def error_for_status(
    status: int,
    headers: Mapping[str, str],
    body: object = None,
    *,
    path: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> AlohubError:
    """Map a non-2xx HTTP answer to a typed error. ``body`` is the decoded JSON, if any."""
    code, message = vendor_fields(body)
    if status in (401, 403):
        return AuthError(status, code or message)
    if status == 404:
        return NotFoundError(path)
    if status == 429:
        return RateLimitError(parse_retry_after(headers.get("retry-after"), now))
    if status >= 500:
        return ServerError(
            status, message or code, parse_retry_after(headers.get("retry-after"), now)
        )
    if 300 <= status < 400:
        return BadResponse(f"an unexpected redirect (HTTP {status})")
    return VendorError(code or f"HTTP_{status}", message or reason or f"HTTP {status}")
