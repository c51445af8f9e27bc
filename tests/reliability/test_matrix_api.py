"""Fault matrix, API client surface: every fault x makeCall, search, updateQueue, recording.

The client is the shipped :class:`AlohubClient` with the shipped retry policy; only
its sleep is replaced (the waits are recorded, so "Retry-After honoured" is checked
without spending wall time) and its timeouts are short.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from _faults import (
    BY_ID,
    FAULT_IDS,
    FAULT_SETTINGS,
    KEY,
    MP3_AS_JSON,
    POLICY,
    TIMEOUTS,
    Fault,
    OtherHost,
    kind_check,
    queue_lost_answer_check,
    target_port,
    timing,
)
from _results import RESULTS, Observation

from alohub_tui.api.client import AlohubClient
from alohub_tui.api.errors import AlohubError
from alohub_tui.api.models import SearchCriteria
from alohub_tui.api.payloads import update_queue_body
from alohub_tui.api.policy import transient
from alohub_tui.api.secret import Secret
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.vntime import now_vn

SURFACE = "API client"
PATHS = {
    "makeCall": "/api/v1.0/base/makeCall",
    "search": "/api/v1.0/base/searchCallV2",
    "updateQueue": "/api/setting/agent/updateQueue",
    "recording": "/IPCCMedia/MP3Export.do",
}
QUEUE_BODY = update_queue_body([1, 2], 99999, ["6688"])


@dataclass
class Run:
    """One operation under one fault: what came back and what the client did."""

    result: Any = None
    error: AlohubError | None = None
    attempts: list[dict[str, Any]] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)


async def run_op(operation: str, port: int, tmp_path: Path) -> Run:
    run = Run()

    async def sleep(seconds: float) -> None:
        run.waits.append(seconds)

    base = f"http://127.0.0.1:{port}"
    client = AlohubClient(f"{base}/api", Secret(KEY), media_url=base, timeouts=TIMEOUTS,
                          retry=POLICY, sleep=sleep, on_request=run.attempts.append)
    ops: dict[str, Callable[[], Awaitable[Any]]] = {
        "makeCall": lambda: client.make_call("0912345673", "6688", "MATRIX_API"),
        "search": lambda: client.search_calls(SearchCriteria(
            start=now_vn() - timedelta(days=30), end=now_vn(), limit=2)),
        "updateQueue": lambda: client.update_queue("userName66", QUEUE_BODY),
        "recording": lambda: client.download_recording("recording_url.mp3",
                                                       tmp_path / "rec.mp3"),
    }
    async with client:
        try:
            run.result = await ops[operation]()
        except AlohubError as exc:
            run.error = exc
    return run


def describe_success(operation: str, result: Any) -> str:
    if operation == "search":
        return f"page of {len(result.records)} calls (total {result.total})"
    if operation == "recording":
        return f"saved {result.stat().st_size:,} bytes"
    return "accepted"


def describe_waits(fault: Fault, waits: list[float]) -> str:
    """Deterministic words for the waits between attempts (backoff is jittered)."""
    if not waits:
        return "no wait"
    if fault.id in ("http429", "http503"):
        return "waited Retry-After " + ", ".join(f"{w:g} s" for w in waits)
    if fault.id == "http429date":
        return f"waited until the Retry-After date ({len(waits)}x, <= 1 s)"
    return f"{len(waits)} jittered backoff waits <= {POLICY.max_delay:g} s"


def checks(operation: str, fault: Fault, run: Run, received: int, tmp_path: Path) -> list[str]:
    failed = []
    attempts = len(run.attempts)
    if operation == "makeCall" and received > 1:
        failed.append(f"makeCall received {received} times")
    if operation == "updateQueue" and received > 1:
        failed.append(f"updateQueue received {received} times")
    if attempts > POLICY.attempts:
        failed.append(f"{attempts} attempts, policy allows {POLICY.attempts}")
    if operation in ("search", "recording") and run.error is not None:
        want = POLICY.attempts if transient(run.error) else 1
        if fault.id == "http429date" or (fault.id == "redirect" and operation == "recording"):
            want = attempts  # date rounding / refused hop: checked below
        if attempts != want:
            failed.append(f"{attempts} attempts for a {type(run.error).__name__}, want {want}")
    if fault.id in ("http429", "http503") and run.error is not None and operation in (
        "search", "recording"
    ) and run.waits != [1.0] * (POLICY.attempts - 1):
        failed.append(f"Retry-After not honoured: waited {run.waits}")
    if operation == "recording" and list(tmp_path.glob("*.part")):
        failed.append("a .part file was left behind")
    if operation == "recording" and run.error is not None and (tmp_path / "rec.mp3").exists():
        failed.append("a failed download left a file")
    return failed


@pytest.mark.parametrize("operation", list(PATHS))
@pytest.mark.parametrize("fault_id", FAULT_IDS)
async def test_api_client_under_fault(
    fault_id: str, operation: str, sim: Simulator, other_host: OtherHost, tmp_path: Path
) -> None:
    fault = BY_ID[fault_id]
    if fault.sim:
        sim.set_faults([fault.sim])
    with target_port(fault, sim.port) as port:
        run = await run_op(operation, port, tmp_path)
    received = sum(r["path"] == PATHS[operation] for r in sim.requests)
    failed = checks(operation, fault, run, received, tmp_path)
    if other_host.seen:
        failed.append(f"other host got {len(other_host.seen)} requests"
                      + (" WITH THE KEY" if other_host.got_key() else ""))
    state = f"attempts {len(run.attempts)}, {describe_waits(fault, run.waits)}"
    if fault.id == "redirect":
        state += f"; other host got {len(other_host.seen)} requests"
    err = run.error
    if operation == "updateQueue":
        failed += queue_lost_answer_check(fault, err.message if err else "")
    failed += kind_check(fault, operation, err.message if err else "",
                         err.title if err else "succeeded")
    RESULTS.check(Observation(
        SURFACE, operation, fault.id,
        outcome=err.title if err else "succeeded",
        message=err.message if err else describe_success(operation, run.result),
        sent=received, state=state, failed_checks=failed,
        timing=timing(fault, run.waits, POLICY),
        note=MP3_AS_JSON if (fault.id, operation) == ("malformed", "recording") else "",
    ))


async def test_slow_drip_longer_than_the_read_timeout() -> None:
    """A body trickling for ~5x the read timeout still succeeds: each byte resets it."""
    settings = dataclasses.replace(FAULT_SETTINGS, drip_interval_s=0.02, drip_bytes=1)
    config = SimConfig(port=0, api_key=KEY, calls=0, fault_settings=settings,
                       faults=("slowdrip@makecall",))
    async with Simulator(config) as sim:
        timeouts = dataclasses.replace(TIMEOUTS, make_call=0.2)
        started = time.perf_counter()
        async with AlohubClient(sim.base_url, Secret(KEY), timeouts=timeouts) as client:
            result = await client.make_call("0912345673", "6688", "MATRIX_DRIP")
        assert time.perf_counter() - started > 5 * timeouts.make_call
    assert result.transaction_id == "MATRIX_DRIP"
