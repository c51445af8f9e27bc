from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from alohub_tui.api import (
    AlohubError,
    ApiTimeout,
    AuthError,
    BadResponse,
    ConnectionFailed,
    ForeignHostError,
    InvalidInput,
    NotFoundError,
    OutcomeUnknown,
    RateLimitError,
    Secret,
    ServerError,
    VendorError,
)
from alohub_tui.api.errors import error_for_exception, error_for_status, parse_retry_after

ALL_ERRORS: list[AlohubError] = [
    AuthError(401),
    AuthError(403, "INSUFFICIENT_SCOPE"),
    NotFoundError("/api/v1.0/base/makeCall"),
    RateLimitError(12.2),
    RateLimitError(None),
    ServerError(503),
    ApiTimeout("connect", 5),
    ApiTimeout("read", 15),
    ApiTimeout("write", None),
    ApiTimeout("pool", 5),
    ConnectionFailed(sent=False, detail="Connection refused"),
    ConnectionFailed(sent=True, detail="reset\nby peer"),
    BadResponse("an HTML page"),
    VendorError("ERR", "HỆ THỐNG OUTBOUND GẶP SỰ CỐ"),
    OutcomeUnknown("ALOHUB_TUI_1", ApiTimeout("read", 15)),
    InvalidInput("phone", "Enter a phone number."),
    ForeignHostError("https://user:pw@evil.example:8443/x.mp3"),
]


@pytest.mark.parametrize("err", ALL_ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_has_one_line_message_and_short_title(err: AlohubError) -> None:
    assert err.message and "\n" not in err.message
    assert str(err) == err.message
    assert 0 < len(err.title) <= 24


def test_specific_messages() -> None:
    assert "try again in 13 s" in RateLimitError(12.2).message
    assert "within 15 s" in ApiTimeout("read", 15).message
    assert "Could not connect" in ConnectionFailed(sent=False).message
    assert "broke during" in ConnectionFailed(sent=True).message
    assert "INSUFFICIENT_SCOPE" in AuthError(403, "INSUFFICIENT_SCOPE").message


def test_vendor_message_verbatim_with_code_and_hint() -> None:
    err = VendorError("CALLOUT_AGENT_BUSY", "HỆ THỐNG OUTBOUND GẶP SỰ CỐ")
    assert err.message.startswith("HỆ THỐNG OUTBOUND GẶP SỰ CỐ (CALLOUT_AGENT_BUSY)")
    assert "agent is busy" in err.message
    assert err.error_message == "HỆ THỐNG OUTBOUND GẶP SỰ CỐ"
    assert VendorError("", "").message == "Alohub reported a failure"


def test_outcome_unknown_names_transaction_and_cause() -> None:
    err = OutcomeUnknown("ALOHUB_TUI_42", ApiTimeout("read", 15))
    assert "ALOHUB_TUI_42" in err.message and "not re-sent" in err.message
    assert err.transaction_id == "ALOHUB_TUI_42" and isinstance(err.cause, ApiTimeout)


def test_foreign_host_message_drops_credentials() -> None:
    err = ForeignHostError("https://user:pw@evil.example:8443/x.mp3")
    assert "evil.example:8443" in err.message
    assert "pw" not in err.message and "pw" not in err.url


def test_redact_scrubs_every_text_field() -> None:
    key = "sk-abc-123"
    err = VendorError("E", f"bad key {key}")
    err.redact(Secret(key))
    assert key not in err.message and key not in err.error_message and key not in str(err.args)
    wrapped = OutcomeUnknown("T", BadResponse(f"echo {key}")).redact(Secret(key))
    assert key not in repr(wrapped) and key not in wrapped.cause.message


NOW = datetime(2026, 11, 27, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7.0),
        (" 2.5 ", 2.5),
        ("0", 0.0),
        ("-3", 0.0),
        (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
        (format_datetime(NOW - timedelta(seconds=30), usegmt=True), 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
        ("inf", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


def _req() -> httpx.Request:
    return httpx.Request("POST", "https://tenant.example/api/x")


@pytest.mark.parametrize(
    ("exc", "kind", "attr"),
    [
        (httpx.ConnectTimeout, ApiTimeout, ("phase", "connect")),
        (httpx.ReadTimeout, ApiTimeout, ("phase", "read")),
        (httpx.WriteTimeout, ApiTimeout, ("phase", "write")),
        (httpx.PoolTimeout, ApiTimeout, ("phase", "pool")),
        (httpx.ConnectError, ConnectionFailed, ("sent", False)),
        (httpx.ReadError, ConnectionFailed, ("sent", True)),
        (httpx.WriteError, ConnectionFailed, ("sent", True)),
        (httpx.RemoteProtocolError, ConnectionFailed, ("sent", True)),
        (httpx.LocalProtocolError, ConnectionFailed, ("sent", False)),
        (httpx.DecodingError, BadResponse, None),
    ],
)
def test_error_for_exception(exc: type[Exception], kind: type, attr: tuple | None) -> None:
    err = error_for_exception(exc("boom", request=_req()), httpx.Timeout(5, read=15))  # type: ignore[call-arg]
    assert isinstance(err, kind)
    if attr:
        assert getattr(err, attr[0]) == attr[1]


def test_timeout_message_uses_configured_seconds() -> None:
    err = error_for_exception(httpx.ReadTimeout("t", request=_req()), httpx.Timeout(5, read=15))
    assert "15 s" in err.message


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, AuthError),
        (403, AuthError),
        (404, NotFoundError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (302, BadResponse),
        (400, VendorError),
    ],
)
def test_error_for_status(status: int, kind: type) -> None:
    assert isinstance(error_for_status(status, {}), kind)


def test_error_for_status_details() -> None:
    limited = error_for_status(429, {"retry-after": "9"})
    assert isinstance(limited, RateLimitError) and limited.retry_after == 9.0
    auth = error_for_status(403, {}, {"error_code": "INSUFFICIENT_SCOPE"})
    assert isinstance(auth, AuthError) and auth.detail == "INSUFFICIENT_SCOPE"
    rejected = error_for_status(
        400, {}, {"success": "0", "error_code": "BAD", "error_message": "Sai"}
    )
    assert isinstance(rejected, VendorError) and rejected.error_message == "Sai"


def test_a_refused_connection_names_the_host_and_what_to_check() -> None:
    """Three hosts can be in play (API, media, gateway): the line says which one, and
    what to do; never the path, query or a user:password in the URL."""
    request = httpx.Request("POST", "https://user:pw@tenant.example:9909/api/v1.0/x?k=v")
    err = error_for_exception(httpx.ConnectError("Connection refused", request=request))
    assert err.message == ("Could not connect to Alohub at tenant.example:9909 "
                           "(Connection refused); check the URL and that the server is up.")
    dropped = error_for_exception(
        httpx.RemoteProtocolError("Server disconnected.", request=request))
    assert dropped.message == ("The connection to Alohub at tenant.example:9909 broke "
                               "during the request (server broke the protocol: "
                               "Server disconnected).")
    late = error_for_exception(httpx.ReadTimeout("timed out", request=request),
                               httpx.Timeout(15))
    assert late.message == "Alohub at tenant.example:9909 did not answer within 15 s."
    assert "to Alohub (refused);" in error_for_exception(httpx.ConnectError("refused")).message


def test_a_404_at_the_host_root_says_the_base_url_lacks_api() -> None:
    """The common mistake: ALOHUB_BASE_URL=https://host:9909 (no /api)."""
    root = error_for_status(404, {}, path="/v1.0/base/searchCallV2")
    assert root.message == ("Alohub answered 404 Not Found for /v1.0/base/searchCallV2; "
                            "check the base URL: it ends in /api, e.g. https://host:9909/api.")
    queue = error_for_status(404, {}, path="/setting/agent/updateQueue")
    assert "it ends in /api" in queue.message
    under_api = error_for_status(404, {}, path="/tenant/api/v1.0/base/makeCall")
    assert under_api.message.endswith("; check the base URL.")
