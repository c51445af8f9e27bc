"""makeCall: validation, live calls on the clock, search by transactionId, webhooks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from sim_support import assert_failure, mp3_frames, post, running, search, wait_for

from alohub_tui.sim import plan_call

MAKE_CALL = "/v1.0/base/makeCall"
WEBHOOK_KEY = "hook-secret"
WEBHOOK_FIELDS = {
    "call_id", "call_status", "direction", "caller_number", "destination_number", "starttime",
    "answertime", "endtime", "hangup_by", "hotline", "total_duration", "holding_duration",
    "recording_url", "objectId", "transactionID", "userName", "eventType",
}


@pytest.mark.parametrize(
    ("body", "code", "needle"),
    [
        ({"ipPhone": "6688"}, "MISSING_PARAM", "phoneNumber"),
        ({"phoneNumber": "", "ipPhone": "6688"}, "MISSING_PARAM", "phoneNumber"),
        ({"phoneNumber": "  ", "ipPhone": "6688"}, "MISSING_PARAM", "phoneNumber"),
        ({"phoneNumber": "0912345678"}, "MISSING_PARAM", "ipPhone"),
        ({"phoneNumber": "0912345678", "ipPhone": ""}, "MISSING_PARAM", "ipPhone"),
        ({"phoneNumber": 912345678, "ipPhone": "6688"}, "INVALID_PARAM", "phoneNumber"),
        ({"phoneNumber": "0912345678", "ipPhone": 6688}, "INVALID_PARAM", "ipPhone"),
        ({"phoneNumber": "0912345678", "ipPhone": "6688", "transactionId": 5},
         "INVALID_PARAM", "transactionId"),
        ({"phoneNumber": "09ab", "ipPhone": "6688"}, "INVALID_PARAM", "09ab"),
        ({"phoneNumber": "0912345678", "ipPhone": "1234"}, "IPCC_NOT_CONNECT_AGENT_ID", "1234"),
        ([1, 2], "INVALID_REQUEST", "JSON object"),
    ],
)
async def test_make_call_validation(body: Any, code: str, needle: str) -> None:
    async with running(calls=0) as (sim, client):
        failure = assert_failure(await post(client, MAKE_CALL, body), code)
        assert needle in failure["error_message"]
        assert sim.live_calls == []


async def test_make_call_bad_json_and_auth() -> None:
    async with running(calls=0) as (_, client):
        resp = await client.post(f"/api{MAKE_CALL}", content=b"{not json",
                                 headers={"Content-Type": "application/json"})
        assert_failure(resp, "INVALID_REQUEST")
        for headers in ({"Authorization": "wrong"}, {"Authorization": ""}):
            resp = await client.post(f"/api{MAKE_CALL}", json={}, headers=headers)
            assert_failure(resp, "UNAUTHORIZED", 401)


async def test_call_is_findable_at_once_and_moves_to_answered_then_ends() -> None:
    async with running(speed=100.0) as (sim, client):
        body = {"phoneNumber": "0912345678", "ipPhone": "6688", "transactionId": "TX_live_1"}
        resp = await post(client, MAKE_CALL, body)
        assert resp.json()["success"] == "1"
        found = await search(client, transactionId="TX_live_1")
        assert found["totalRecord"] == 1
        rec = found["data"][0]
        assert rec["call_status"] == "ringing" and rec["endtime"] == ""
        assert rec["direction"] == "OUTBOUND" and rec["agent"] == "userName66"
        assert rec["caller_number"] == "6688" and rec["destination_number"] == "0912345678"
        newest = await search(client, limit=1)
        assert newest["data"][0]["call_id"] == rec["call_id"]

        call = sim.live_calls[0]
        await wait_for(lambda: call.phase == "talking")
        talking = (await search(client, transactionId="TX_live_1"))["data"][0]
        assert talking["call_status"] == "answered" and talking["answertime"]
        assert talking["endtime"] == ""
        await wait_for(lambda: call.ended)
        done = (await search(client, call_id=rec["call_id"]))["data"][0]
        plan = plan_call(sim.config.seed, "0912345678")
        assert done["call_status"] == "answered" and done["endtime"]
        assert done["hangup_by"] == plan.hangup_by
        assert int(done["total_duration"]) == 3 + plan.ring + plan.talk
        audio = await client.get(
            "/IPCCMedia/MP3Export.do", params={"url": done["recording_url"], "source": "ipcc"}
        )
        assert audio.status_code == 200
        assert abs(mp3_frames(audio.content) * 0.036 - plan.talk) < 0.05


@pytest.mark.parametrize(
    ("phone", "status"),
    [("0912345670", "busy"), ("0912345671", "noanswer"), ("0912345672", "failed")],
)
async def test_dial_outcome_rule(phone: str, status: str) -> None:
    assert plan_call(1, phone).outcome == status
    async with running(calls=0, speed=400.0) as (sim, client):
        await post(client, MAKE_CALL, {"phoneNumber": phone, "ipPhone": "6688"})
        await wait_for(lambda: sim.live_calls[0].ended)
        rec = (await search(client, call_status=status))["data"][0]
        assert rec["destination_number"] == phone
        assert rec["answertime"] == "" and rec["recording_url"] == ""
        assert rec["hangup_by"] == "system"


async def test_busy_agent_rejected_when_enabled() -> None:
    async with running(calls=0, speed=1.0, reject_busy_agent=True) as (_, client):
        body = {"phoneNumber": "0912345678", "ipPhone": "6688"}
        assert (await post(client, MAKE_CALL, body)).json()["success"] == "1"
        assert_failure(await post(client, MAKE_CALL, body), "CALLOUT_AGENT_BUSY")
        body["ipPhone"] = "6088"
        assert (await post(client, MAKE_CALL, body)).json()["success"] == "1"


class Receiver:
    """A webhook endpoint that fails its first ``failures`` posts with HTTP 500."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.hits: list[tuple[str | None, dict[str, Any]]] = []
        self.accepted: list[dict[str, Any]] = []

    async def handle(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.hits.append((request.headers.get("Authorization"), payload))
        if len(self.hits) <= self.failures:
            return web.Response(status=500)
        self.accepted.append(payload)
        return web.Response(text="ok")


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    hook = Receiver(failures=1)
    app = web.Application()
    app.router.add_post("/hook", hook.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield hook, f"http://127.0.0.1:{port}/hook"
    await runner.cleanup()


async def test_webhooks_arrive_with_documented_fields_and_retry(
    receiver: tuple[Receiver, str],
) -> None:
    hook, url = receiver
    async with running(calls=0, speed=200.0, webhook_url=url, webhook_key=WEBHOOK_KEY) as (
        sim, client,
    ):
        body = {"phoneNumber": "0987654323", "ipPhone": "6688", "transactionId": "TX_hook"}
        await post(client, MAKE_CALL, body)
        await wait_for(lambda: len(hook.accepted) == 2)
        assert len(hook.hits) == 3  # the first post got 500 and was retried
        assert all(auth == WEBHOOK_KEY for auth, _ in hook.hits)
        by_status = {("end" if p["endtime"] else "answer"): p for p in hook.accepted}
        for payload in by_status.values():
            assert set(payload) == WEBHOOK_FIELDS
            assert payload["direction"] == "outbound" and payload["eventType"] == "call"
            assert payload["objectId"] == 1 and payload["transactionID"] == "TX_hook"
            assert payload["userName"] == "userName66"
        answer, end = by_status["answer"], by_status["end"]
        assert answer["call_status"] == "answered" and answer["hangup_by"] == ""
        assert end["call_status"] == "answered" and end["hangup_by"] in ("customer", "agent")
        assert end["recording_url"].startswith(f"{sim.media_url}/IPCCMedia/MP3Export.do?url=")
        assert end["recording_url"].endswith("&source=ipcc")
        audio = await client.get(end["recording_url"])
        assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
        retried = [d for d in sim.webhook_deliveries if len(d.tries) > 1]
        assert len(retried) == 1 and retried[0].tries == ["500", "200"]


async def test_webhook_retries_are_bounded() -> None:
    async with running(
        calls=0, speed=400.0, webhook_url="http://127.0.0.1:9/none", webhook_attempts=3
    ) as (sim, client):
        await post(client, MAKE_CALL, {"phoneNumber": "0912345670", "ipPhone": "6688"})
        await wait_for(lambda: bool(sim.webhook_deliveries) and len(
            sim.webhook_deliveries[0].tries) == 3)
        delivery = sim.webhook_deliveries[0]
        assert not delivery.delivered and delivery.event == "end"


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
async def test_a_post_must_say_json_as_a_strict_server_wants(content_type: str | None) -> None:
    """The seed's POSTs carry Content-Type: application/json; anything else is HTTP 415
    and places no call (lenient "content-type" lets a test send any type by name)."""
    body = b'{"phoneNumber": "0912345678", "ipPhone": "6688"}'
    headers = {"Content-Type": content_type} if content_type else {}
    async with running(calls=0) as (sim, client):
        resp = await client.post(f"/api{MAKE_CALL}", content=body, headers=headers)
        failure = assert_failure(resp, "UNSUPPORTED_MEDIA_TYPE", 415)
        assert "application/json" in failure["error_message"]
        assert sim.live_calls == []
    async with running(calls=0, lenient=frozenset({"content-type"})) as (sim, client):
        resp = await client.post(f"/api{MAKE_CALL}", content=body, headers=headers)
        assert resp.json()["success"] == "1" and len(sim.live_calls) == 1
