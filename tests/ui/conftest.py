"""Shared Pilot fixtures: a real simulator on loopback and the app pointed at it.

``sim`` starts the simulator in the test's event loop (configure it by overriding
``sim_config`` in a test module or with ``@pytest.mark.parametrize("sim_config", ...,
indirect=True)``); ``app_factory(**config_changes)`` builds an :class:`AlohubApp`
whose config points at it, with the tenant's catalog, downloads and state under
``tmp_path``. Nothing here is tab-specific.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.boot.demo import catalog_from_tenant
from alohub_tui.config import (
    ApiConfig,
    Config,
    DialConfig,
    HistoryConfig,
)
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.state import StateStore
from alohub_tui.ui.app import AlohubApp

API_KEY = "k"
SEED = 7
CALLS = 600

AppFactory = Callable[..., AlohubApp]


@pytest.fixture
def sim_config() -> SimConfig:
    return SimConfig(port=0, api_key=API_KEY, seed=SEED, calls=CALLS)


@pytest.fixture
async def sim(sim_config: SimConfig) -> AsyncIterator[Simulator]:
    async with Simulator(sim_config) as simulator:
        yield simulator


def sim_app_config(sim: Simulator, tmp_path: Path, **changes: Any) -> Config:
    config = Config(
        api=ApiConfig(base_url=sim.base_url, media_url=sim.media_url),
        dial=DialConfig(default_extension="6688"),
        catalog=catalog_from_tenant(sim.tenant),
        history=HistoryConfig(downloads_dir=str(tmp_path / "downloads")),
    )
    return dataclasses.replace(config, **changes)


@pytest.fixture
def app_factory(sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppFactory:
    """``app_factory(history=HistoryConfig(...), ...)`` -> an app talking to ``sim``."""
    monkeypatch.setenv("ALOHUB_TUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ALOHUB_TUI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ALOHUB_TUI_CACHE_DIR", str(tmp_path / "cache"))

    def make(**changes: Any) -> AlohubApp:
        config = sim_app_config(sim, tmp_path, **changes)
        return AlohubApp(Resolved(config, Secret(API_KEY)), StateStore(tmp_path / "state.toml"))

    return make


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 10) -> None:
    """Let the app run until ``condition()`` holds (fails the test after ``timeout`` s)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await pilot.pause(0.05)
