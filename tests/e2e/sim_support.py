"""Shared helpers for the simulator's end-to-end tests (real sockets on loopback)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from alohub_tui.sim import Simulator
from alohub_tui.sim.faults import FaultSettings

KEY = "test-key-3f9a"
FAST_FAULTS = FaultSettings(
    timeout_s=30.0, drip_interval_s=0.002, retry_after_s=3, huge_bytes=2 * 1024 * 1024,
    default_latency_ms=150.0,
)


@asynccontextmanager
async def running(**overrides: Any) -> AsyncIterator[tuple[Simulator, httpx.AsyncClient]]:
    """A started simulator and a client that sends the key, both closed afterwards."""
    params: dict[str, Any] = {
        "port": 0, "api_key": KEY, "calls": 400, "speed": 200.0,
        "fault_settings": FAST_FAULTS, "webhook_backoff": 0.05,
    }
    params.update(overrides)
    sim = Simulator(**params)
    await sim.start()
    client = httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{sim.port}", headers={"Authorization": KEY}, timeout=10.0
    )
    try:
        yield sim, client
    finally:
        await client.aclose()
        await sim.stop()


async def post(client: httpx.AsyncClient, path: str, body: Any) -> httpx.Response:
    return await client.post(f"/api{path}", json=body)


GATEWAY = "/gateway"  # the simulator's gateway prefix (a real gateway has its own host)


async def gateway_get(client: httpx.AsyncClient, path: str, key: str = KEY,
                      **params: Any) -> httpx.Response:
    """GET a gateway listing with its key in X-Api-Key (the gateway's key is the API key
    unless the simulator was given its own)."""
    return await client.get(GATEWAY + path, params=params, headers={"X-Api-Key": key})


async def search(client: httpx.AsyncClient, **criteria: Any) -> dict[str, Any]:
    resp = await post(client, "/v1.0/base/searchCallV2", criteria)
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    assert body["success"] == "1", body
    return body


def assert_failure(resp: httpx.Response, code: str, status: int = 200) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body: dict[str, Any] = resp.json()
    assert body["success"] == "0", body
    assert body["error_code"] == code, body
    assert body["error_message"], body
    return body


async def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def mp3_frames(data: bytes) -> int:
    """Walk MPEG-1 Layer III frames from the start; assert every header; return the count."""
    bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
    rates = [44100, 48000, 32000]
    pos = frames = 0
    while pos < len(data):
        h = data[pos : pos + 4]
        assert len(h) == 4 and h[0] == 0xFF and h[1] & 0xE0 == 0xE0, f"no sync at {pos}"
        assert (h[1] >> 3) & 3 == 3 and (h[1] >> 1) & 3 == 1, "not MPEG-1 Layer III"
        bitrate = bitrates[h[2] >> 4] * 1000
        rate = rates[(h[2] >> 2) & 3]
        size = 144 * bitrate // rate + ((h[2] >> 1) & 1)
        assert size > 4
        pos += size
        frames += 1
    assert pos == len(data), "trailing bytes after the last frame"
    return frames
