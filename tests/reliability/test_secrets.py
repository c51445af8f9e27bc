"""The key never appears in anything the project writes or shows.

Runs the CLI, the app (Pilot, with a forced worker crash and a forced crash of the
app itself), the simulator with ``--request-log`` and the webhook receiver with known
keys, then searches every output: stdout, stderr, the log file, the request log, the
event store, the profile's local store, the state file, an exported screenshot and
Textual's crash traceback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from _faults import KEY

from alohub_tui.__main__ import main
from alohub_tui.api.client import AlohubClient
from alohub_tui.api.secret import Secret
from alohub_tui.boot.logsetup import setup_logging
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.tabs.dial import DialTab
from alohub_tui.webhook.receiver import WebhookReceiver
from alohub_tui.webhook.store import EventStore

HOOK_KEY = "hook-secret-Vb81Kq0"


def assert_clean(where: str, data: str | bytes) -> None:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    for secret in (KEY, HOOK_KEY):
        assert secret not in text, f"{where} contains a key"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The app's file log (as ``launch.run_tui`` sets it up), restored afterwards."""
    logger = logging.getLogger("alohub_tui")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    path = tmp_path / "state" / "alohub-tui.log"
    setup_logging(path, Secret(KEY))
    try:
        yield path
    finally:
        for handler in logger.handlers:
            handler.close()
        logger.handlers[:], logger.level, logger.propagate = saved


async def test_simulator_request_log_and_receiver(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events.sqlite3")
    request_log = tmp_path / "requests.jsonl"
    async with WebhookReceiver(store, HOOK_KEY) as receiver:
        config = SimConfig(port=0, api_key=KEY, calls=20, speed=200.0, request_log=request_log,
                           webhook_url=receiver.url, webhook_key=HOOK_KEY)
        async with Simulator(config) as sim:
            async with AlohubClient(sim.base_url, Secret(KEY)) as client:
                await client.make_call("0912345673", "6688", "SECRETS_1")
            async with httpx.AsyncClient() as raw:  # wrong keys are refused, not echoed
                bad = await raw.post(receiver.url, json={"call_id": "x"},
                                     headers={"Authorization": KEY})
                assert bad.status_code == 401
                assert_clean("receiver answer", bad.text)
                bad = await raw.post(f"{sim.base_url}/v1.0/base/makeCall", json={},
                                     headers={"Authorization": HOOK_KEY})
                assert_clean("simulator answer", bad.text)
            for _ in range(200):
                if store.event_count() >= 2:
                    break
                await asyncio.sleep(0.05)
    assert store.event_count() >= 2, "the call's webhooks did not arrive"
    store.close()
    assert_clean("simulator request log", request_log.read_bytes())
    for path in tmp_path.glob("events.sqlite3*"):
        assert_clean(path.name, path.read_bytes())


async def test_cli_outputs(sim: Simulator, private_dirs: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ALOHUB_API_KEY", KEY)
    monkeypatch.setenv("ALOHUB_BASE_URL", sim.base_url)
    monkeypatch.setenv("ALOHUB_MEDIA_URL", sim.media_url)
    runs = [
        ["config", "show"],
        ["call", "0912345673", "--ext", "6688", "--yes", "--json"],
        ["history", "--limit", "3", "--json"],
        ["queue", "userName66", "--callin", "1,2", "--ext", "6688", "--dry-run"],
        ["recording", "recording_url.mp3", "-o", str(private_dirs / "r.mp3")],
    ]
    for argv in runs:
        assert await asyncio.to_thread(main, argv) == 0, argv
    sim.set_faults(["http401"])  # the failure path prints the server's words
    assert await asyncio.to_thread(main, ["history", "--limit", "1"]) == 1
    out, err = capsys.readouterr()
    assert "is set, hidden" in out  # config show says a key is set without showing it
    assert_clean("CLI output", out + err)
    stored = [p for p in (private_dirs / "data").rglob("*") if p.is_file()]
    assert any(p.name == "local.sqlite3" for p in stored)  # `call` recorded its dial
    for path in stored:
        assert_clean(path.name, path.read_bytes())


async def test_app_outputs_and_a_crashing_worker(
    sim: Simulator, app_factory: Any, log_file: Path, private_dirs: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app: AlohubApp = app_factory()
    real_request = httpx.AsyncClient.request

    async def crash_once(self: httpx.AsyncClient, method: str, url: Any, **kw: Any) -> Any:
        if str(url).endswith("/searchCallV2"):
            monkeypatch.setattr(httpx.AsyncClient, "request", real_request)
            headers = kw.get("headers")  # a local the traceback could print
            raise RuntimeError(f"unexpected bug near {headers!r}")
        return await real_request(self, method, url, **kw)

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"0912345673", "enter")
        await pilot.pause(0.5)
        monkeypatch.setattr(httpx.AsyncClient, "request", crash_once)
        await pilot.press("f3", "ctrl+r")
        for _ in range(100):
            if any(n.title == "Unexpected error" for n in app._notifications):
                break
            await pilot.pause(0.05)
        assert app.is_running
        shown = " ".join(f"{n.title} {n.message}" for n in app._notifications)
        assert "RuntimeError" in shown or "unexpected" in shown.lower()
        screenshot = app.export_screenshot()
    assert_clean("notifications", shown)
    assert_clean("screenshot", screenshot)
    assert_clean("log file", log_file.read_text())
    assert "RuntimeError" in log_file.read_text()  # the crash is logged, scrubbed
    for folder in ("state", "data"):  # the theme; the profile's dials and audit log
        for path in (private_dirs / folder).rglob("*"):
            if path.is_file():
                assert_clean(path.name, path.read_bytes())


async def test_textual_crash_traceback(
    sim: Simulator, app_factory: Any, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unhandled exception outside a worker: Textual prints a traceback *with locals*."""

    def explode(self: DialTab) -> None:
        client, resolved = self.host.client, self.host.resolved  # locals on purpose
        headers = client._auth_headers(client.base_url)
        raise RuntimeError(f"forced crash ({type(resolved).__name__}, {len(headers)})")

    monkeypatch.setattr(DialTab, "action_new_txn", explode)
    app: AlohubApp = app_factory()
    with pytest.raises(RuntimeError, match="forced crash"):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("ctrl+n")
            await pilot.pause()
    _out, err = capsys.readouterr()
    assert "forced crash" in err and "headers" in err  # the locals were printed...
    assert_clean("Textual crash traceback", err)  # ...without the key
