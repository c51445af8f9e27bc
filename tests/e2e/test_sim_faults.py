"""Fault injection (each kind, scopes, rates, determinism) and the request log."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sim_support import (
    KEY,
    assert_failure,
    gateway_get,
    mp3_frames,
    post,
    running,
    wait_for,
)

from alohub_tui.sim.faults import KINDS, OUTBOUND_DOWN, FaultSpec, parse_latency

MAKE_CALL = "/v1.0/base/makeCall"
SEARCH = "/v1.0/base/searchCallV2"
DIAL = {"phoneNumber": "0912345678", "ipPhone": "6688", "transactionId": "TX_fault"}

STATUS_FAULTS = [
    ("http500", 500, "FAIL"), ("http502", 502, "BAD_GATEWAY"),
    ("http503", 503, "SERVICE_UNAVAILABLE"), ("http429", 429, "RATE_LIMIT_EXCEEDED"),
    ("http401", 401, "UNAUTHORIZED"), ("http403", 403, "INSUFFICIENT_SCOPE"),
    ("http404", 404, "NOT_FOUND"), ("envelope", 200, "SYSTEM_ERROR"),
]


@pytest.mark.parametrize(("kind", "status", "code"), STATUS_FAULTS)
async def test_status_faults_answer_without_side_effects(kind: str, status: int, code: str) -> None:
    async with running(calls=0, faults=(kind,)) as (sim, client):
        body = assert_failure(await post(client, MAKE_CALL, DIAL), code, status)
        resp = await post(client, SEARCH, {})
        assert resp.status_code == status
        if kind in ("http429", "http503"):
            assert resp.headers["retry-after"] == "3"
        if kind == "envelope":
            assert body["error_message"] == OUTBOUND_DOWN
        assert sim.live_calls == []
        assert [r["fault"] for r in sim.requests] == [kind, kind]


async def test_html_wrongtype_and_redirect() -> None:
    async with running(calls=0) as (sim, client):
        sim.set_faults(["html"])
        resp = await post(client, SEARCH, {})
        assert resp.status_code == 502 and resp.headers["content-type"].startswith("text/html")
        assert "<h1>502 Bad Gateway</h1>" in resp.text
        sim.set_faults(["wrongtype"])
        resp = await post(client, SEARCH, {})
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/plain")
        sim.set_faults(["redirect"])
        resp = await client.get("/IPCCMedia/MP3Export.do",
                                params={"url": "file.mp3", "source": "ipcc"})
        assert resp.status_code == 302
        assert resp.headers["location"] == (
            f"http://127.0.0.2:{sim.port}/IPCCMedia/MP3Export.do?url=file.mp3&source=ipcc")
        resp = await post(client, SEARCH, {})
        assert resp.status_code == 307 and "127.0.0.2" in resp.headers["location"]


async def test_after_faults_run_the_request_then_spoil_the_answer() -> None:
    async with running(calls=0) as (sim, client):
        sim.set_faults(["malformed@makecall"])
        resp = await post(client, MAKE_CALL, DIAL)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith(
            "application/json")
        with pytest.raises(json.JSONDecodeError):
            json.loads(resp.text)
        sim.set_faults(["drop@makecall"])
        with pytest.raises(httpx.RemoteProtocolError):
            await post(client, MAKE_CALL, DIAL)
        sim.set_faults(["timeout@makecall"])
        with pytest.raises(httpx.ReadTimeout):
            await client.post(f"/api{MAKE_CALL}", json=DIAL, timeout=0.3)
        assert len(sim.live_calls) == 3  # each call was really placed
        assert [r["status"] for r in sim.requests[:2]] == [200, None]
        sim.clear_faults()
        assert (await post(client, MAKE_CALL, DIAL)).json()["success"] == "1"


async def test_slowdrip_and_huge() -> None:
    async with running(calls=20) as (sim, client):
        sim.set_faults(["slowdrip@makecall"])
        started = time.monotonic()
        chunks = 0
        async with client.stream("POST", f"/api{MAKE_CALL}", json=DIAL) as resp:
            body = b""
            async for chunk in resp.aiter_raw():
                body += chunk
                chunks += 1
        size = len(body)
        assert json.loads(body)["success"] == "1"
        assert chunks > size // 4 and time.monotonic() - started >= size * 0.002
        sim.set_faults(["huge"])
        resp = await post(client, SEARCH, {"limit": 1})
        assert len(resp.content) > 2 * 1024 * 1024
        assert resp.json()["success"] == "1" and len(resp.json()["padding"]) == 2 * 1024 * 1024


async def test_latency_config_and_fault() -> None:
    async with running(calls=0, latency=(120.0, 120.0)) as (sim, client):
        started = time.monotonic()
        await post(client, SEARCH, {})
        assert time.monotonic() - started >= 0.12
        sim.set_latency(None)
        sim.set_faults(["latency@search"])  # default latency: 150 ms in these tests
        started = time.monotonic()
        await post(client, SEARCH, {})
        assert time.monotonic() - started >= 0.15
        started = time.monotonic()
        await gateway_get(client, "/v1/agents")
        assert time.monotonic() - started < 0.15


async def _statuses(seed: int, spec: str, n: int = 24) -> list[int]:
    async with running(calls=0, seed=seed, faults=(spec,)) as (_, client):
        return [(await post(client, SEARCH, {})).status_code for _ in range(n)]


async def test_rates_scopes_and_determinism() -> None:
    first = await _statuses(5, "http500:0.5")
    assert first == await _statuses(5, "http500:0.5")
    assert first != await _statuses(6, "http500:0.5")
    assert 3 < first.count(500) < 21
    assert set(await _statuses(5, "http500:0")) == {200}
    async with running(calls=0, faults=("http503@search", "http429@gateway")) as (_, client):
        assert (await post(client, SEARCH, {})).status_code == 503
        assert (await post(client, MAKE_CALL, DIAL)).json()["success"] == "1"
        assert (await gateway_get(client, "/v1/queues/inbound")).status_code == 429


@pytest.mark.parametrize(
    ("text", "spec"),
    [("http503", FaultSpec("http503")), ("drop:0.25", FaultSpec("drop", 0.25)),
     ("slowdrip@search:0.5", FaultSpec("slowdrip", 0.5, "search")),
     ("HTTP429:1@gateway", FaultSpec("http429", 1.0, "gateway"))],
)
def test_fault_spec_parsing(text: str, spec: FaultSpec) -> None:
    assert FaultSpec.parse(text) == spec
    assert FaultSpec.parse(str(spec)) == spec


@pytest.mark.parametrize("text", ["meteor", "http500:2", "http500:x", "drop@moon", "a@b@c", ""])
def test_bad_fault_specs(text: str) -> None:
    with pytest.raises(ValueError):
        FaultSpec.parse(text)


def test_latency_parsing_and_kind_list() -> None:
    assert parse_latency("250") == (250.0, 250.0)
    assert parse_latency("100-900") == (100.0, 900.0)
    for bad in ("x", "9-1", "-5"):
        with pytest.raises(ValueError):
            parse_latency(bad)
    documented = {"latency", "http500", "http502", "http503", "http429", "envelope", "malformed",
                  "html", "drop", "slowdrip", "timeout", "http401", "http403", "http404",
                  "wrongtype", "huge", "redirect", "http429date"}
    assert documented == KINDS


async def test_request_log_file_redacts_the_key(tmp_path: Path) -> None:
    log_path = tmp_path / "requests.jsonl"
    async with running(calls=0, request_log=log_path, faults=("http500@search",)) as (
        sim, client,
    ):
        await post(client, MAKE_CALL, {**DIAL, "transactionId": f"oops-{KEY}"})
        await post(client, SEARCH, {"agent": ["userName66"]})
        await gateway_get(client, "/v1/agents", page=0, leak=KEY)
        await client.post(f"/api{MAKE_CALL}", content=b"not json",
                          headers={"Content-Type": "application/json"})
        await wait_for(lambda: len(sim.requests) == 4 and sim.requests[-1]["status"] == 200)
    text = log_path.read_text(encoding="utf-8")
    assert KEY not in text
    entries: list[dict[str, Any]] = [json.loads(line) for line in text.splitlines()]
    assert entries == sim.requests
    dial, find, agents, junk = entries
    assert dial["method"] == "POST" and dial["path"] == "/api/v1.0/base/makeCall"
    assert dial["body"]["transactionId"] == "oops-***" and dial["authorization"] == "***"
    assert dial["status"] == 200 and dial["fault"] is None
    assert find["body"] == {"agent": ["userName66"]} and find["status"] == 500
    assert find["fault"] == "http500"
    assert agents["query"] == {"page": "0", "leak": "***"} and agents["x_api_key"] == "***"
    assert junk["body"] == "not json"
    assert set(dial) >= {"time", "method", "path", "query", "status", "body", "authorization"}


async def test_huge_recording_is_still_valid_mp3() -> None:
    async with running(calls=0, faults=("huge@recording",)) as (_, client):
        resp = await client.get("/IPCCMedia/MP3Export.do",
                                params={"url": "recording_url.mp3", "source": "ipcc"})
        assert len(resp.content) >= 2 * 1024 * 1024 - 144
        assert mp3_frames(resp.content) == len(resp.content) // 144
