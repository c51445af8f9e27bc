"""The demo's day so far is stored once per profile, however many demo windows start.

A second demo window (the wall beside the TUI) keeps the profile's data, but runs its
own simulator: the same day under other call ids. Stored again, every call counted
twice (three windows: three times)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from alohub_tui.boot.demo import DemoBackend
from alohub_tui.boot.live import start_live
from alohub_tui.config import Config
from alohub_tui.live.service import LiveService
from alohub_tui.sim.server import DEMO_KEY, SimConfig
from alohub_tui.store.profile import Profile


@pytest.fixture
def backends() -> Iterator[list[DemoBackend]]:
    started: list[DemoBackend] = []
    yield started
    for backend in started:
        backend.stop()


def demo_window(backends: list[DemoBackend], profile: Profile) -> LiveService:
    backend = DemoBackend(SimConfig(host="127.0.0.1", port=0, api_key=DEMO_KEY, traffic=0))
    backend.start()
    backends.append(backend)
    return start_live(Config(), backend, profile)


def test_a_second_demo_window_does_not_store_the_day_again(
    tmp_path: Path, backends: list[DemoBackend]
) -> None:
    profile = Profile("demo", "--demo", tmp_path / "demo")
    first = demo_window(backends, profile)
    try:
        assert first.store is not None
        day = first.store.event_count()
        assert day > 0  # the first window stored the day so far
        second = demo_window(backends, profile)
        try:
            assert second.store is not None and second.store.event_count() == day
        finally:
            second.stop()
    finally:
        first.stop()
