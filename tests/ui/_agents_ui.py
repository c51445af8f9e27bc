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
    CatalogConfig,
    Config,
    GatewayConfig,
    UiConfig,
)
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.state import StateStore
from alohub_tui.store.local import open_local_store
from alohub_tui.ui.app import AlohubApp

UPDATE_PATH = "/api/setting/agent/updateQueue"
GATEWAY_KEY = "gateway-key-9e2f"  # not the API's key: the gateway has its own


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
    gateway: bool = False,
    catalog: CatalogConfig | None = None,
) -> AsyncIterator[Harness]:
    """The app on the Agents tab, at ``size``, against a fresh simulator; with
    ``gateway`` its [gateway] is the simulator's (own key: :data:`GATEWAY_KEY`)."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("ALOHUB_TUI_DATA_DIR", str(data_dir))
    monkeypatch.setenv("ALOHUB_TUI_STATE_DIR", str(tmp_path / "state"))
    sim = Simulator(SimConfig(calls=0, gateway_key=GATEWAY_KEY))
    await sim.start()
    try:
        cfg = Config(
            api=ApiConfig(base_url=sim.base_url, media_url=sim.media_url),
            gateway=GatewayConfig(base_url=sim.gateway_url if gateway else ""),
            catalog=catalog_from_tenant(sim.tenant, extra_agents) if catalog is None
            else catalog,
            ui=UiConfig(read_only=read_only),
        )
        resolved = Resolved(cfg, Secret(sim.api_key), gateway_key=Secret(GATEWAY_KEY))
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
