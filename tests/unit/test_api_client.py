"""Every endpoint's exact request, the envelope rule, error mapping, the request hook."""

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from _api_fakes import (
    BASE,
    GATEWAY,
    GATEWAY_KEY,
    KEY,
    OK,
    make_client,
    make_gateway,
    reply,
)

from alohub_tui.api import (
    AlohubClient,
    AlohubError,
    AuthError,
    BadResponse,
    ForeignHostError,
    InvalidInput,
    MakeCallResult,
    MaybeApplied,
    NotFoundError,
    Queue,
    RateLimitError,
    SearchCriteria,
    Secret,
    ServerError,
    VendorError,
    update_queue_body,
)
from alohub_tui.vntime import VN_TZ

CRITERIA = SearchCriteria(
    datetime(2026, 11, 1, tzinfo=VN_TZ), datetime(2026, 11, 27, 23, 59, 59, tzinfo=VN_TZ)
)
RECORD = {"call_id": "c1", "direction": "INBOUND", "call_status": "missed", "transactionID": "T1"}


def assert_common_headers(request: httpx.Request) -> None:
    assert request.headers["authorization"] == KEY  # the raw key, no "Bearer"
    assert request.headers["user-agent"].startswith("alohub-tui/")


async def test_make_call_exact_request() -> None:
    client, server, _ = make_client(reply(body=OK))
    async with client:
        result = await client.make_call("0123456789", "6688", "ALOHUB_3432323435545")
    assert result == MakeCallResult("ALOHUB_3432323435545", "SUCCESS", "SUCCESS")
    (request,) = server.requests
    assert request.method == "POST"
    assert str(request.url) == f"{BASE}/v1.0/base/makeCall"
    assert_common_headers(request)
    assert request.headers["content-type"] == "application/json"
    assert server.body() == {
        "phoneNumber": "0123456789",
        "ipPhone": "6688",
        "transactionId": "ALOHUB_3432323435545",
    }


async def test_make_call_generates_a_transaction_id() -> None:
    client, server, _ = make_client(reply(body={"success": 1}))
    async with client:
        result = await client.make_call("0912345678", "6688")
    assert result.transaction_id.startswith("ALOHUB_TUI_")
    assert server.body()["transactionId"] == result.transaction_id


async def test_search_exact_request_and_parsing() -> None:
    body = {**OK, "data": [RECORD], "totalRecord": 1}
    client, server, _ = make_client(reply(body=body))
    async with client:
        page = await client.search_calls(CRITERIA)
    (request,) = server.requests
    assert request.method == "POST" and str(request.url) == f"{BASE}/v1.0/base/searchCallV2"
    assert_common_headers(request)
    assert server.body() == CRITERIA.to_payload()
    assert page.total == 1 and page.records[0].direction == "inbound"
    assert page.records[0].transaction_id == "T1"


@pytest.mark.parametrize("body", [[RECORD], {"data": [RECORD]}, {"success": "1", "data": None}])
async def test_search_accepts_bare_list_and_missing_fields(body: Any) -> None:
    client, _, _ = make_client(reply(body=body))
    async with client:
        page = await client.search_calls(CRITERIA)
    assert len(page.records) == (0 if isinstance(body, dict) and body["data"] is None else 1)


async def test_iter_pages_and_iter_calls_walk_every_page() -> None:
    def pages(request: httpx.Request) -> httpx.Response:
        n = json.loads(request.content)["page"]
        data = [{**RECORD, "call_id": f"c{n}-{i}"} for i in range(2 if n < 3 else 1)]
        return reply(body={**OK, "data": data, "totalRecord": 5})

    client, server, _ = make_client(pages)
    async with client:
        ids = [r.call_id async for r in client.iter_calls(replace(CRITERIA, limit=2))]
    assert ids == ["c1-0", "c1-1", "c2-0", "c2-1", "c3-0"]
    assert [json.loads(r.content)["page"] for r in server.requests] == [1, 2, 3]


async def test_iter_pages_stops_on_short_bare_list() -> None:
    two = [{**RECORD, "call_id": "c1"}, {**RECORD, "call_id": "c2"}]
    client, server, _ = make_client(reply(body=two), reply(body=[{**RECORD, "call_id": "c3"}]))
    async with client:
        pages = [p async for p in client.iter_pages(replace(CRITERIA, limit=2))]
    assert [len(p.records) for p in pages] == [2, 1] and len(server.requests) == 2


async def test_find_by_transaction() -> None:
    rows = [
        {"transactionId": "OTHER", "starttime": "2026-11-27 10:00:00"},
        {"transactionId": "T9", "starttime": "2026-11-27 10:01:00", "call_status": "answered"},
        {"transactionId": "T9", "starttime": "2026-11-27 10:03:00", "call_status": "missed"},
    ]
    around = datetime(2026, 11, 27, 10, 0, tzinfo=VN_TZ)
    client, server, _ = make_client(reply(body={**OK, "data": rows, "totalRecord": 3}))
    async with client:
        found = await client.find_by_transaction("T9", around)
    assert found is not None and found.call_status == "missed"
    sent = server.body()
    assert sent["transactionId"] == "T9"
    assert sent["starttime"] == "2026-11-27T09:00:00+07:00"
    assert sent["endtime"] == "2026-11-27T11:00:00+07:00"

    client, _, _ = make_client(reply(body={**OK, "data": [], "totalRecord": 0}))
    async with client:
        assert await client.find_by_transaction("T9", around) is None


async def test_update_queue_exact_request() -> None:
    client, server, _ = make_client(reply(body=OK))
    async with client:
        await client.update_queue("userName66", update_queue_body([1, 2], 99999, ["6688"]))
    (request,) = server.requests
    assert request.method == "POST"
    assert request.url.path == "/api/setting/agent/updateQueue"
    assert request.url.query == b"userName=userName66"
    assert_common_headers(request)
    assert server.body() == {
        "action": "EDIT",
        "callinId": [1, 2],
        "calloutId": 99999,
        "lstExtension": ["6688"],
    }
    assert list(server.body()) == ["action", "callinId", "calloutId", "lstExtension"]


async def test_update_queue_encodes_user_name_and_requires_it() -> None:
    client, server, _ = make_client(reply(body=OK))
    async with client:
        await client.update_queue(
            "Nguyễn A&B", {"action": "EDIT", "callinId": [], "lstExtension": []}
        )
        with pytest.raises(InvalidInput):
            await client.update_queue(" ", {})
    assert server.requests[0].url.params["userName"] == "Nguyễn A&B"
    assert str(server.requests[0].url) == client.update_queue_url("Nguyễn A&B")
    assert len(server.requests) == 1


def test_update_queue_url_for_dry_run() -> None:
    client, _, _ = make_client()
    assert client.update_queue_url("userName66") == (
        f"{BASE}/setting/agent/updateQueue?userName=userName66"
    )


async def test_gateway_listings_iterate_zero_based_pages_with_its_own_host_and_key() -> None:
    def agents(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        data = [{"userName": f"u{page}{i}", "name": "A"} for i in range(2 if page < 2 else 1)]
        return reply(body={"totalRecord": 5, "data": data})

    client, server, _ = make_gateway(agents)
    async with client:
        found = await client.list_agents(page_size=2)
    assert [a.user_name for a in found] == ["u00", "u01", "u10", "u11", "u20"]
    assert [str(r.url) for r in server.requests] == [
        f"{GATEWAY}/v1/agents?page={p}&size=2" for p in range(3)
    ]
    for request in server.requests:
        assert request.method == "GET" and request.headers["x-api-key"] == GATEWAY_KEY
        assert "authorization" not in request.headers


async def test_gateway_agents_of_one_queue() -> None:
    client, server, _ = make_gateway(reply(body={"totalRecord": 1, "data": [{"userName": "u"}]}))
    async with client:
        found = await client.list_agents(queue_id=1001226)
    assert [a.user_name for a in found] == ["u"]
    assert str(server.requests[0].url) == f"{GATEWAY}/v1/agents?queue_id=1001226&page=0&size=100"


async def test_inbound_queue_listing_stops_at_total() -> None:
    body = {
        "totalRecord": 2,
        "data": [{"callinId": 1, "callinName": "Sales"}, {"callinId": 2, "callinName": "Care"}],
    }
    client, server, _ = make_gateway(reply(body=body))
    async with client:
        queues = await client.list_inbound_queues(page_size=2)
    assert queues == [Queue(1, "Sales"), Queue(2, "Care")]
    assert [str(r.url) for r in server.requests] == [f"{GATEWAY}/v1/queues/inbound?page=0&size=2"]


def test_the_main_client_has_no_listing() -> None:
    """The listings are the gateway's only: the main API host never gets those paths."""
    assert not hasattr(AlohubClient, "list_agents")
    assert not hasattr(AlohubClient, "list_inbound_queues")


# ---------------------------------------------------------------- envelope and errors


@pytest.mark.parametrize("success", ["1", 1, " 1"])
async def test_envelope_success_values(success: object) -> None:
    client, _, _ = make_client(reply(body={"success": success, "error_code": "SUCCESS"}))
    async with client:
        await client.update_queue("u", update_queue_body([1]))


async def test_http_200_failure_envelope_is_vendor_error_verbatim() -> None:
    failure = {
        "success": "0",
        "error_code": "ERROR_CALLOUT_CONNECT",
        "error_message": "HỆ THỐNG OUTBOUND GẶP SỰ CỐ",
    }
    client, server, _ = make_client(reply(body=failure))
    async with client:
        with pytest.raises(VendorError) as info:
            await client.make_call("0912345678", "6688", "T1")
    assert info.value.error_code == "ERROR_CALLOUT_CONNECT"
    assert info.value.error_message == "HỆ THỐNG OUTBOUND GẶP SỰ CỐ"
    assert "HỆ THỐNG OUTBOUND GẶP SỰ CỐ" in info.value.message
    assert len(server.requests) == 1


@pytest.mark.parametrize("success", ["0", 0, "true", None, False])
async def test_non_one_success_values_fail(success: object) -> None:
    client, _, _ = make_client(reply(body={"success": success, "error_message": "nope"}))
    async with client:
        with pytest.raises(VendorError):
            await client.search_calls(CRITERIA)


@pytest.mark.parametrize(
    ("response", "kind"),
    [
        (reply(401, {"error_code": "UNAUTHORIZED"}), AuthError),
        (reply(403, {"error_code": "INSUFFICIENT_SCOPE"}), AuthError),
        (reply(404, {"error_code": "NOT_FOUND"}), NotFoundError),
        (reply(429, {"error_code": "RATE_LIMIT_EXCEEDED"}, retry_after="3"), RateLimitError),
        (reply(500, {"error_code": "FAIL"}), ServerError),
        (reply(302, None, location="/elsewhere"), MaybeApplied),
        (
            httpx.Response(
                200, text="<!DOCTYPE html><html>login</html>", headers={"content-type": "text/html"}
            ),
            MaybeApplied,
        ),
        (httpx.Response(200, text="not json"), MaybeApplied),
        (httpx.Response(200), MaybeApplied),
        (reply(body={"data": []}), MaybeApplied),  # no success field on updateQueue
        (reply(body=["a"]), MaybeApplied),
    ],
)
async def test_error_kinds_for_update_queue(response: httpx.Response, kind: type) -> None:
    client, server, _ = make_client(response)
    async with client:
        with pytest.raises(kind) as info:
            await client.update_queue("u", update_queue_body([1]))
    assert "\n" not in info.value.message
    assert len(server.requests) == 1  # none of these is retried for updateQueue
    if kind is MaybeApplied:  # the server answered: the change may be live
        assert isinstance(info.value.cause, BadResponse)
        assert "Sending it again is safe" in info.value.message


async def test_html_page_message_points_at_base_url() -> None:
    client, _, _ = make_client(httpx.Response(200, text="<html><body>Login</body></html>"))
    async with client:
        with pytest.raises(BadResponse, match="HTML page"):
            await client.search_calls(CRITERIA)


async def test_bad_record_in_search_is_bad_response() -> None:
    client, _, _ = make_client(reply(body={**OK, "data": ["not a dict"], "totalRecord": 1}))
    async with client:
        with pytest.raises(BadResponse):
            await client.search_calls(CRITERIA)


# ---------------------------------------------------------------- the key


async def test_key_never_in_errors_logs_or_reprs() -> None:
    log: list[dict[str, Any]] = []
    echo = {"success": "0", "error_code": "BAD_KEY", "error_message": f"key {KEY} is invalid"}
    client, _, _ = make_client(
        reply(body=echo), reply(401, {"message": f"bad {KEY}"}), on_request=log.append
    )
    async with client:
        errors: list[AlohubError] = []
        for _ in range(2):
            with pytest.raises(AlohubError) as info:
                await client.make_call("0912345678", "6688", "T1")
            errors.append(info.value)
    assert KEY not in repr(client) and KEY not in str(client)
    for err in errors:
        assert KEY not in err.message and KEY not in str(err) and KEY not in repr(err)
        assert KEY not in repr(vars(err))
    assert KEY not in repr(log)
    assert "***" in errors[0].message


async def test_request_hook_entries() -> None:
    log: list[dict[str, Any]] = []
    client, _, _ = make_client(reply(503), reply(body={**OK, "data": []}), on_request=log.append)
    async with client:
        await client.search_calls(CRITERIA)
    assert [set(e) for e in log] == [
        {"method", "url", "status", "elapsed_ms", "attempt", "error", "title"}
    ] * 2
    assert [(e["status"], e["attempt"]) for e in log] == [(503, 1), (200, 2)]
    assert log[0]["error"] and log[1]["error"] is None
    assert (log[0]["title"], log[1]["title"]) == ("Alohub server error", None)
    assert log[0]["url"] == f"{BASE}/v1.0/base/searchCallV2"
    assert all(isinstance(e["elapsed_ms"], float) for e in log)


async def test_a_refusal_in_an_http_200_is_logged_as_the_failure_it_is() -> None:
    """The request log (the top bar's health) sees the envelope, not just the status."""
    log: list[dict[str, Any]] = []
    refusal = {"success": "0", "error_code": "SYSTEM_ERROR", "error_message": "HỆ THỐNG LỖI"}
    client, _, _ = make_client(reply(body=refusal), on_request=log.append)
    async with client:
        with pytest.raises(VendorError):
            await client.make_call("0912345678", "6688", "T1")
    (entry,) = log
    assert entry["status"] == 200 and entry["title"] == "Alohub refused"
    assert "HỆ THỐNG LỖI" in entry["error"]


async def test_broken_hook_does_not_break_requests() -> None:
    def hook(_: dict[str, Any]) -> None:
        raise RuntimeError("log full")

    client, _, _ = make_client(reply(body=OK), on_request=hook)
    async with client:
        await client.make_call("0912345678", "6688", "T1")


def test_client_construction_rules() -> None:
    with pytest.raises(TypeError):
        AlohubClient(BASE, KEY)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        AlohubClient("tenant.example/api", Secret(KEY))
    client = AlohubClient("https://Tenant.example:9909/api/", Secret(KEY))
    assert client.media_url == "https://Tenant.example:9909"
    assert client.base_host == "Tenant.example:9909"
    assert client.recording_url_for("a.mp3") == (
        "https://Tenant.example:9909/IPCCMedia/MP3Export.do?url=a.mp3&source=ipcc"
    )


async def test_foreign_host_never_gets_the_key() -> None:
    client, server, _ = make_client(reply(body=OK))
    async with client:
        with pytest.raises(ForeignHostError):
            await client.download_recording(
                "https://evil.example/IPCCMedia/MP3Export.do?url=a.mp3&source=ipcc", Path("x.mp3")
            )
    assert server.requests == []


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ReadTimeout])
async def test_crash_screen_locals_do_not_show_the_key(failure: type[Exception]) -> None:
    """Textual's crash screen renders tracebacks with locals; render one the same way."""
    from rich.console import Console
    from rich.traceback import Traceback

    client, _, _ = make_client(failure)
    async with client:
        with pytest.raises(AlohubError) as info:
            await client.make_call("0912345678", "6688", "T1")
    console = Console(record=True, width=200)
    console.print(Traceback.from_exception(info.type, info.value, info.tb, show_locals=True))
    text = console.export_text()
    assert "make_call" in text
    assert KEY not in text
