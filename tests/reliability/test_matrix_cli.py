"""Fault matrix, CLI surface: ``call``, ``history``, ``queue``, ``recording`` under every fault.

The CLI's ``main()`` runs in a worker thread (it calls ``asyncio.run``) while the
simulator is served by the test's loop; stdout/stderr are captured as the user would
see them. ``tests/e2e/test_cli.py`` covers the same commands as real processes.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from _faults import (
    BY_ID,
    CONNECT,
    FAULT_IDS,
    KEY,
    MP3_AS_JSON,
    OPERATION_OF,
    SHORT,
    WAITS,
    OtherHost,
    kind_check,
    queue_lost_answer_check,
    retried,
    target_port,
    timing,
)
from _results import RESULTS, Observation

from alohub_tui.__main__ import main
from alohub_tui.sim.server import SimConfig, Simulator

SURFACE = "CLI"
PATHS = {
    "call": "/api/v1.0/base/makeCall",
    "history": "/api/v1.0/base/searchCallV2",
    "queue": "/api/setting/agent/updateQueue",
    "recording": "/IPCCMedia/MP3Export.do",
}
CONFIG = f"""
[api]
connect_timeout_s = {CONNECT}
call_timeout_s = {SHORT}
search_timeout_s = {SHORT}
queue_timeout_s = {SHORT}
recording_chunk_timeout_s = {SHORT}
"""
OUTCOMES = {0: "exit 0", 1: "exit 1 (API error)", 2: "exit 2 (usage)"}


@pytest.fixture
def sim_config(fast_retries: SimConfig) -> SimConfig:
    return fast_retries


def argv(command: str, tmp_path: Path) -> list[str]:
    return {
        "call": ["call", "0912345673", "--ext", "6688", "--txn", "MATRIX_CLI", "--yes"],
        "history": ["history", "--limit", "2"],
        "queue": ["queue", "userName66", "--callin", "1,2", "--callout", "99999",
                  "--ext", "6688", "--yes"],
        "recording": ["recording", "recording_url.mp3", "-o", str(tmp_path / "rec.mp3")],
    }[command]


@pytest.mark.parametrize("command", list(PATHS))
@pytest.mark.parametrize("fault_id", FAULT_IDS)
async def test_cli_under_fault(
    fault_id: str, command: str, sim: Simulator, other_host: OtherHost, private_dirs: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    fault = BY_ID[fault_id]
    config = private_dirs / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("ALOHUB_TUI_CONFIG", str(config))
    monkeypatch.setenv("ALOHUB_API_KEY", KEY)
    if fault.sim:
        sim.set_faults([fault.sim])
    WAITS.clear()
    with target_port(fault, sim.port) as port:
        monkeypatch.setenv("ALOHUB_BASE_URL", f"http://127.0.0.1:{port}/api")
        monkeypatch.setenv("ALOHUB_MEDIA_URL", f"http://127.0.0.1:{port}")
        code = await asyncio.to_thread(main, argv(command, private_dirs))
    out, err = capsys.readouterr()
    received = sum(r["path"] == PATHS[command] for r in sim.requests)
    failed = []
    if "Traceback" in out + err:
        failed.append("traceback printed")
    if KEY in out + err:
        failed.append("key printed")
    if code not in (0, 1):
        failed.append(f"exit code {code}")
    if command in ("call", "queue") and received > 1:
        failed.append(f"{command} sent {received} times")
    if command in ("history", "recording") and received > 3:
        failed.append(f"{received} requests, policy allows 3")
    if other_host.got_key():
        failed.append("the key reached the other host")
    lines = [line for line in (err.strip() or out.strip()).splitlines() if line]
    if command == "queue":
        failed += queue_lost_answer_check(fault, err)
    message = lines[-1] if lines else ""
    failed += kind_check(fault, OPERATION_OF[command], message,
                         "succeeded" if code == 0 else None)
    RESULTS.check(Observation(
        SURFACE, command, fault.id, outcome=OUTCOMES.get(code, f"exit {code}"),
        message=message, sent=received,
        state=f"stdout {len(out.splitlines())} lines", failed_checks=failed,
        timing=timing(fault, WAITS.of(fault) if retried(fault, received) else [],
                      WAITS.policy),
        note=MP3_AS_JSON if (fault.id, command) == ("malformed", "recording") else "",
    ))
