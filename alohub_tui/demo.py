"""`--demo`: the Alohub simulator embedded in the process, on a free loopback port.

The simulator runs on its own thread and event loop so generating its seeded history
and answering requests never stalls the UI's loop, and so the client talks to it over
a real socket exactly as it would to a tenant.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading

from alohub_tui.api.secret import Secret
from alohub_tui.config import CatalogAgent, CatalogConfig, CatalogQueue, Config
from alohub_tui.sim.server import DEMO_KEY, SimConfig, Simulator

DEMO_EXTENSION = "6688"


class DemoError(RuntimeError):
    """The embedded simulator could not start."""


class DemoBackend:
    """Start/stop the simulator on a background thread; expose its URLs and catalog."""

    def __init__(self, sim_config: SimConfig | None = None) -> None:
        self.sim_config = sim_config or SimConfig(host="127.0.0.1", port=0, api_key=DEMO_KEY)
        self.simulator = Simulator(self.sim_config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def api_key(self) -> Secret:
        return Secret(self.sim_config.api_key)

    def start(self, timeout: float = 60.0) -> None:
        self._thread = threading.Thread(target=self._run, name="alohub-demo-sim", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise DemoError("the demo simulator did not start in time")
        if self._error is not None:
            raise DemoError(f"the demo simulator could not start: {self._error}")

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self.simulator.start())
        except Exception as exc:  # reported to the starting thread
            self._error = exc
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self.simulator.stop())
            loop.close()

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)

    def catalog(self) -> CatalogConfig:
        tenant = self.simulator.tenant
        return CatalogConfig(
            agents=tuple(
                CatalogAgent(a.user_name, a.full_name, tuple(a.extensions))
                for a in tenant.agents.values()
            ),
            callin_queues=tuple(CatalogQueue(i, n) for i, n in tenant.callin_queues.items()),
            callout_queues=tuple(CatalogQueue(i, n) for i, n in tenant.callout_queues.items()),
        )

    def apply_to(self, cfg: Config) -> Config:
        """The user's config pointed at the simulator, with the demo tenant's catalog."""
        api = dataclasses.replace(
            cfg.api, base_url=self.simulator.base_url, media_url=self.simulator.media_url
        )
        dial = dataclasses.replace(
            cfg.dial, default_extension=cfg.dial.default_extension or DEMO_EXTENSION
        )
        return dataclasses.replace(cfg, api=api, dial=dial, catalog=self.catalog())
