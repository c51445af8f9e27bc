"""Fixtures of the reliability suite, and the hook that writes RELIABILITY.md.

Reuses the Pilot helpers of ``tests/ui/conftest.py`` (``sim_app_config``), with a
distinctive key (so a leak is findable) and fault settings that keep the suite fast.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from _faults import (
    FAST_POLICY,
    FAST_RETRY_AFTER,
    FAULT_SETTINGS,
    KEY,
    TIMEOUTS,
    OtherHost,
    RecordingPolicy,
)
from _render import write_report
from _results import RESULTS

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.config import ApiConfig, DialConfig
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.state import StateStore
from alohub_tui.ui.app import AlohubApp


def _load_ui_helpers() -> ModuleType:
    """``tests/ui/conftest.py`` as a plain module (its helpers, not its fixtures)."""
    path = Path(__file__).parents[1] / "ui" / "conftest.py"
    spec = importlib.util.spec_from_file_location("_ui_conftest_helpers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ui_helpers = _load_ui_helpers()
AppFactory = Callable[..., AlohubApp]


def matrix_api(base: str, media: str) -> ApiConfig:
    """An [api] section with the matrix's short timeouts."""
    return ApiConfig(
        base_url=base, media_url=media, connect_timeout_s=TIMEOUTS.connect,
        call_timeout_s=TIMEOUTS.make_call, search_timeout_s=TIMEOUTS.search,
        queue_timeout_s=TIMEOUTS.update_queue, recording_chunk_timeout_s=TIMEOUTS.recording,
    )


def base_sim_config() -> SimConfig:
    return SimConfig(port=0, api_key=KEY, seed=7, calls=50, speed=20.0,
                     fault_settings=FAULT_SETTINGS)


@pytest.fixture
def sim_config() -> SimConfig:
    return base_sim_config()


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> SimConfig:
    """For the CLI and TUI matrices: the shipped attempts, but no wall-time waits.

    The API matrix proves the waits (Retry-After, backoff) with a recording sleep; here
    the backoff base shrinks and the simulator's Retry-After is 0 so a run stays fast, and
    the waits chosen are noted in ``_faults.WAITS`` (the report's row labels say them).
    Use by overriding ``sim_config`` in the module with this fixture's value.
    """
    monkeypatch.setattr("alohub_tui.api.transport.RetryPolicy",
                        functools.partial(RecordingPolicy, **FAST_POLICY))
    settings = dataclasses.replace(FAULT_SETTINGS, retry_after_s=FAST_RETRY_AFTER)
    return dataclasses.replace(base_sim_config(), fault_settings=settings)


@pytest.fixture
async def sim(sim_config: SimConfig) -> AsyncIterator[Simulator]:
    async with Simulator(sim_config) as simulator:
        yield simulator


@pytest.fixture
async def other_host(sim: Simulator) -> AsyncIterator[OtherHost]:
    """The redirect target: 127.0.0.2 on the simulator's port."""
    async with OtherHost(sim.port) as host:
        yield host


@pytest.fixture
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every app directory (config, state, data, cache, downloads) under ``tmp_path``."""
    for name in ("DATA", "STATE", "CACHE", "DOWNLOADS"):
        monkeypatch.setenv(f"ALOHUB_TUI_{name}_DIR", str(tmp_path / name.lower()))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("ALOHUB_TUI_CONFIG", "")
    return tmp_path


@pytest.fixture
def app_factory(sim: Simulator, private_dirs: Path) -> AppFactory:
    """``app_factory(**config_changes)``: an app on ``sim`` with the matrix key/timeouts."""

    def make(**changes: Any) -> AlohubApp:
        config = ui_helpers.sim_app_config(sim, private_dirs)
        config = dataclasses.replace(
            config, api=matrix_api(sim.base_url, sim.media_url),
            dial=DialConfig(default_extension="6688", duplicate_window_s=0),
        )
        config = dataclasses.replace(config, **changes)
        state = StateStore(private_dirs / "state" / "state.toml")
        return AlohubApp(Resolved(config, Secret(KEY)), state)  # opens the profile's store

    return make


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if RESULTS.observations:
        terminalreporter.write_line(write_report(RESULTS.observations))
