"""When the TUI runs the receiver, and the background loop it runs on."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from alohub_tui.api.secret import Secret
from alohub_tui.background import BackgroundLoop
from alohub_tui.config import Config, WebhookConfig
from alohub_tui.live.service import LivePlan, LiveService, plan_for
from alohub_tui.webhook.listen import Listen


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder of the default profile (no base URL) under this test's data folder."""
    monkeypatch.setenv("ALOHUB_TUI_DATA_DIR", str(tmp_path))
    folder = tmp_path / "profiles" / "default"
    folder.mkdir(parents=True)
    return folder


def config(listen: str = "") -> Config:
    return Config(webhook=WebhookConfig(listen=listen))


def test_nothing_configured_and_no_store_means_nothing_runs(data_dir: Path) -> None:
    assert plan_for(config(), env={}) == LivePlan(None)
    (data_dir / "events.sqlite3").touch()
    assert plan_for(config(), env={}) == LivePlan(data_dir / "events.sqlite3")


def test_listen_with_key_runs_the_receiver_on_the_default_store(data_dir: Path) -> None:
    plan = plan_for(config("127.0.0.1:8787"), env={"ALOHUB_WEBHOOK_KEY": "s3cret"})
    assert plan.db_path == data_dir / "events.sqlite3"
    assert plan.listen == Listen("127.0.0.1", 8787) and plan.receives
    assert plan.key is not None and plan.key.reveal() == "s3cret"
    assert "s3cret" not in repr(plan)


def test_listen_without_key_or_on_a_public_address_warns() -> None:
    plan = plan_for(config("127.0.0.1:8787"), env={})
    assert not plan.receives and "ALOHUB_WEBHOOK_KEY" in plan.warning
    plan = plan_for(config("0.0.0.0:8787"), env={"ALOHUB_WEBHOOK_KEY": "k"})
    assert not plan.receives and "loopback" in plan.warning


def test_a_busy_port_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    first = LiveService(LivePlan(tmp_path / "a.sqlite3", Listen("127.0.0.1", 0), Secret("k")))
    first.start()
    try:
        assert first.receiver is not None
        port = first.receiver.port
        second = LiveService(
            LivePlan(tmp_path / "b.sqlite3", Listen("127.0.0.1", port), Secret("k")))
        second.start()
        assert second.receiver is None and "cannot listen" in second.problems[0]
        assert second.store is not None  # stored events can still be read
        second.stop()
    finally:
        first.stop()


def test_background_loop_runs_services_and_stops_them_newest_first() -> None:
    order: list[str] = []

    class Service:
        def __init__(self, name: str) -> None:
            self.name = name

        async def start(self) -> None:
            assert asyncio.get_running_loop() is not None
            order.append(f"start {self.name}")

        async def stop(self) -> None:
            order.append(f"stop {self.name}")

    loop = BackgroundLoop("test-loop")
    loop.start()
    loop.start_service(Service("a"))
    loop.start_service(Service("b"))
    assert loop.run(asyncio.sleep(0, result=42)) == 42
    loop.stop()
    loop.stop()  # idempotent
    assert order == ["start a", "start b", "stop b", "stop a"]
    assert not loop.running
    with pytest.raises(RuntimeError):
        loop.run(asyncio.sleep(0))
