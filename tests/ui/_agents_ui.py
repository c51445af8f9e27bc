"""Start the real simulator on loopback and the app pointed at it, for Agents tab tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.boot.demo import catalog_from_tenant
from alohub_tui.config import (
    ApiConfig,
    CatalogAgent,
    Config,
    UiConfig,
)
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.state import StateStore
from alohub_tui.store.local import open_local_store
from alohub_tui.ui.app import AlohubApp

UPDATE_PATH = "/api/setting/agent/updateQueue"


@dataclass
class Harness:
    app: AlohubApp
    sim: Simulator
    pilot: Pilot[None]
    data_dir: Path

    def updates(self) -> list[dict[str, Any]]:
        """updateQueue requests the simulator received, oldest first."""
        return [r for r in self.sim.requests if r["path"] == UPDATE_PATH]

    async def settle(self) -> None:
        await self.pilot.pause()
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()

    async def type(self, text: str) -> None:
        await self.pilot.press(*text)


@asynccontextmanager
async def agents_app(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    read_only: bool = False,
    extra_agents: Iterable[CatalogAgent] = (),
    known: dict[str, dict[str, Any]] | None = None,
    size: tuple[int, int] = (80, 24),
) -> AsyncIterator[Harness]:
    """The app on the Agents tab, at ``size``, against a fresh simulator."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("ALOHUB_TUI_DATA_DIR", str(data_dir))
    monkeypatch.setenv("ALOHUB_TUI_STATE_DIR", str(tmp_path / "state"))
    sim = Simulator(SimConfig(calls=0))
    await sim.start()
    try:
        cfg = Config(
            api=ApiConfig(base_url=sim.base_url, media_url=sim.media_url),
            catalog=catalog_from_tenant(sim.tenant, extra_agents),
            ui=UiConfig(read_only=read_only),
        )
        resolved = Resolved(cfg, Secret(sim.api_key))
        if known:
            with open_local_store(resolved.profile) as store:
                for user, data in known.items():
                    store.agents.set_agent_state(user, data)
        app = AlohubApp(resolved, StateStore(tmp_path / "state" / "state.toml"))
        async with app.run_test(size=size) as pilot:
            await pilot.press("f4")
            harness = Harness(app, sim, pilot, data_dir)
            await harness.settle()
            yield harness
    finally:
        await sim.stop()
