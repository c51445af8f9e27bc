"""The retry policy as the client applies it: what is repeated, what never is."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from _api_fakes import OK, make_client, make_gateway, reply

from alohub_tui.api import (
    ApiTimeout,
    ConnectionFailed,
    MaybeApplied,
    OutcomeUnknown,
    RateLimitError,
    SearchCriteria,
    ServerError,
    update_queue_body,
)
from alohub_tui.vntime import VN_TZ

CRITERIA = SearchCriteria(datetime(2026, 11, 1, tzinfo=VN_TZ), datetime(2026, 11, 2, tzinfo=VN_TZ))
SEARCH_OK = reply(body={**OK, "data": [], "totalRecord": 0})


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout, httpx.WriteTimeout, httpx.RemoteProtocolError, httpx.ReadError],
)
async def test_make_call_that_may_have_arrived_is_sent_once(failure: type[Exception]) -> None:
    client, server, sleeps = make_client(failure, reply(body=OK))
    async with client:
        with pytest.raises(OutcomeUnknown) as info:
            await client.make_call("0912345678", "6688", "ALOHUB_TUI_X")
    assert len(server.requests) == 1 and sleeps.delays == []
    assert info.value.transaction_id == "ALOHUB_TUI_X"
    assert isinstance(info.value.cause, ApiTimeout | ConnectionFailed)
    assert "ALOHUB_TUI_X" in info.value.message


async def test_make_call_unreadable_200_is_outcome_unknown() -> None:
    client, server, _ = make_client(httpx.Response(200, text="<html>oops</html>"))
    async with client:
        with pytest.raises(OutcomeUnknown):
            await client.make_call("0912345678", "6688", "T")
    assert len(server.requests) == 1


async def test_make_call_5xx_is_server_error_not_retried() -> None:
    client, server, sleeps = make_client(reply(503), reply(body=OK))
    async with client:
        with pytest.raises(ServerError):
            await client.make_call("0912345678", "6688", "T")
    assert len(server.requests) == 1 and sleeps.delays == []


async def test_make_call_429_not_retried() -> None:
    client, server, _ = make_client(reply(429, retry_after="1"), reply(body=OK))
    async with client:
        with pytest.raises(RateLimitError):
            await client.make_call("0912345678", "6688", "T")
    assert len(server.requests) == 1


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
async def test_make_call_retried_when_never_sent(failure: type[Exception]) -> None:
    client, server, sleeps = make_client(failure, reply(body=OK))
    async with client:
        result = await client.make_call("0912345678", "6688", "T")
    assert result.transaction_id == "T"
    assert len(server.requests) == 2 and len(sleeps.delays) == 1
    # The same transactionId both times: it is the same call.
    assert server.requests[0].content == server.requests[1].content


async def test_make_call_connect_error_every_time_gives_up_after_three() -> None:
    client, server, sleeps = make_client(httpx.ConnectError)
    async with client:
        with pytest.raises(ConnectionFailed) as info:
            await client.make_call("0912345678", "6688", "T")
    assert not info.value.sent
    assert len(server.requests) == 3 and len(sleeps.delays) == 2


async def test_update_queue_retried_only_when_never_sent() -> None:
    client, server, _ = make_client(httpx.ConnectError, reply(body=OK))
    async with client:
        await client.update_queue("u", update_queue_body([1]))
    assert len(server.requests) == 2

    client, server, _ = make_client(httpx.ReadTimeout, reply(body=OK))
    async with client:
        with pytest.raises(MaybeApplied) as info:
            await client.update_queue("u", update_queue_body([1]))
    assert isinstance(info.value.cause, ApiTimeout)
    assert len(server.requests) == 1


async def test_search_retried_on_503_then_succeeds() -> None:
    client, server, sleeps = make_client(reply(503), SEARCH_OK)
    async with client:
        page = await client.search_calls(CRITERIA)
    assert page.records == ()
    assert len(server.requests) == 2
    assert server.requests[0].content == server.requests[1].content
    assert sleeps.delays == [0.375]  # 0.5 s base, equal jitter with rand=0.5


@pytest.mark.parametrize(
    "failure", [httpx.ReadTimeout, httpx.ConnectError, httpx.RemoteProtocolError]
)
async def test_search_retried_on_transport_failures(failure: type[Exception]) -> None:
    client, server, _ = make_client(failure, SEARCH_OK)
    async with client:
        await client.search_calls(CRITERIA)
    assert len(server.requests) == 2


async def test_search_gives_up_after_three_attempts_with_growing_backoff() -> None:
    client, server, sleeps = make_client(reply(502))
    async with client:
        with pytest.raises(ServerError) as info:
            await client.search_calls(CRITERIA)
    assert info.value.status == 502
    assert len(server.requests) == 3
    assert sleeps.delays == [0.375, 0.75]
    # The line says it was tried 3 times (a user waited through all of them).
    assert info.value.message.endswith("; try again later (tried 3 times).")


async def test_an_error_not_retried_does_not_mention_attempts() -> None:
    client, _, _ = make_client(reply(503))
    async with client:
        with pytest.raises(ServerError) as info:
            await client.make_call("0912345678", "6688", "T")
    assert "tried" not in info.value.message


async def test_retry_after_seconds_honoured() -> None:
    client, server, sleeps = make_client(reply(429, retry_after="7"), SEARCH_OK)
    async with client:
        await client.search_calls(CRITERIA)
    assert sleeps.delays == [7.0] and len(server.requests) == 2


async def test_retry_after_http_date_honoured() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    client, _, sleeps = make_client(reply(429, retry_after=when), SEARCH_OK)
    async with client:
        await client.search_calls(CRITERIA)
    (delay,) = sleeps.delays
    assert 27.0 <= delay <= 30.0


async def test_503_retry_after_honoured_like_429() -> None:
    client, server, sleeps = make_client(reply(503, retry_after="4"), SEARCH_OK)
    async with client:
        await client.search_calls(CRITERIA)
    assert sleeps.delays == [4.0] and len(server.requests) == 2


async def test_retry_after_of_exactly_the_cap_is_waited() -> None:
    client, _, sleeps = make_client(reply(429, retry_after="60"), SEARCH_OK)
    async with client:
        await client.search_calls(CRITERIA)
    assert sleeps.delays == [60.0]


async def test_retry_after_beyond_60_s_is_not_waited_out() -> None:
    client, server, sleeps = make_client(reply(429, retry_after="3600"), SEARCH_OK)
    async with client:
        with pytest.raises(RateLimitError) as info:
            await client.search_calls(CRITERIA)
    assert info.value.retry_after == 3600.0 and "3600 s" in info.value.message
    assert sleeps.delays == [] and len(server.requests) == 1


async def test_429_without_retry_after_uses_backoff() -> None:
    client, _, sleeps = make_client(reply(429), SEARCH_OK)
    async with client:
        await client.search_calls(CRITERIA)
    assert sleeps.delays == [0.375]


async def test_listing_retried_on_5xx() -> None:
    client, server, _ = make_gateway(reply(500), reply(body={"totalRecord": 0, "data": []}))
    async with client:
        assert await client.list_inbound_queues() == []
    assert len(server.requests) == 2
