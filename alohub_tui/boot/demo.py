"""`--demo`: the Alohub simulator embedded in the process, on a free loopback port.

The simulator runs on its own thread and event loop (:class:`BackgroundLoop`) so
generating its seeded history and answering requests never stalls the UI's loop, and so
the client talks to it over a real socket exactly as it would to a tenant.
"""

from __future__ import annotations

import dataclasses
import itertools
import secrets
from collections.abc import Iterable
from typing import Any

from alohub_tui.api.secret import Secret
from alohub_tui.background import BackgroundLoop
from alohub_tui.config import CatalogAgent, CatalogConfig, CatalogQueue, Config, GatewayConfig
from alohub_tui.sim.defaults import DEMO_GATEWAY_KEY, gateway_url_for
from alohub_tui.sim.server import DEMO_KEY, SimConfig, Simulator
from alohub_tui.sim.tenant import Tenant
from alohub_tui.sim.webhooks import webhook_payload
from alohub_tui.vntime import EpochFormatter

DEMO_EXTENSION = "6688"
DEMO_TRAFFIC = 8.0  # spontaneous calls a minute, so the Live tab and wall have activity


def catalog_from_tenant(tenant: Tenant, extra: Iterable[CatalogAgent] = ()) -> CatalogConfig:
    """The simulated tenant's agents and queues, as a user's config would list them."""
    return CatalogConfig(
        agents=(
            *(CatalogAgent(a.user_name, a.full_name, tuple(a.extensions))
              for a in tenant.agents.values()),
            *extra,
        ),
        callin_queues=tuple(CatalogQueue(i, n) for i, n in tenant.callin_queues.items()),
        callout_queues=tuple(CatalogQueue(i, n) for i, n in tenant.callout_queues.items()),
    )


def demo_config(cfg: Config, base_url: str, media_url: str, catalog: CatalogConfig) -> Config:
    """The user's config pointed at a demo simulator (its API, media and gateway), with
    its tenant's catalog; the dial extension defaults to :data:`DEMO_EXTENSION`. Used for
    this process's own simulator and for the one ``alohub-tui serve --demo`` shares
    (:mod:`.served`). The gateway's key is :data:`DEMO_GATEWAY_KEY`."""
    api = dataclasses.replace(cfg.api, base_url=base_url, media_url=media_url)
    gateway = GatewayConfig(base_url=gateway_url_for(base_url))
    dial = dataclasses.replace(
        cfg.dial, default_extension=cfg.dial.default_extension or DEMO_EXTENSION
    )
    return dataclasses.replace(cfg, api=api, gateway=gateway, dial=dial, catalog=catalog)


class DemoError(RuntimeError):
    """The embedded simulator could not start."""


class DemoBackend:
    """Start/stop the simulator on a background loop; expose its URLs and catalog.

    The demo also owns what the Live tab needs to run without a tenant: a generated
    webhook key and spontaneous call traffic (:data:`DEMO_TRAFFIC` calls a minute). Its
    call events go to the demo profile's event store (:mod:`alohub_tui.boot.live`).
    """

    def __init__(self, sim_config: SimConfig | None = None) -> None:
        self.sim_config = sim_config or SimConfig(
            host="127.0.0.1", port=0, api_key=DEMO_KEY, gateway_key=DEMO_GATEWAY_KEY,
            traffic=DEMO_TRAFFIC,
        )
        self.simulator = Simulator(self.sim_config)
        self.webhook_key = Secret(secrets.token_urlsafe(24))
        self._loop = BackgroundLoop("alohub-demo-sim")

    @property
    def api_key(self) -> Secret:
        return Secret(self.sim_config.api_key)

    @property
    def gateway_key(self) -> Secret:
        """The key of the simulator's gateway (its own, sent as X-Api-Key)."""
        return Secret(self.simulator.gateway_key)

    def start(self, timeout: float = 60.0) -> None:
        try:
            self._loop.start()
            self._loop.start_service(self.simulator, timeout)
        except TimeoutError:
            self._loop.stop()
            raise DemoError("the demo simulator did not start in time") from None
        except Exception as exc:
            self._loop.stop()
            raise DemoError(f"the demo simulator could not start: {exc}") from exc

    def send_webhooks_to(self, url: str) -> None:
        """Point the simulator's call events at the app's own receiver."""
        self._loop.run(self.simulator.set_webhook(url, self.webhook_key.reveal()), 10.0)

    def todays_calls(self) -> list[dict[str, Any]]:
        """Today's calls of the seeded history as webhook payloads, oldest first, so the
        demo's Live tab and wall start like a day in progress, not at zero."""
        history = self.simulator.history
        if history is None:
            return []
        today = EpochFormatter().text(self.simulator.clock.now())[:10]
        todays = itertools.takewhile(lambda r: r["starttime"].startswith(today),
                                     history.records)  # newest first
        media = self.simulator.media_url
        return [webhook_payload(record, media) for record in reversed(list(todays))]

    def stop(self) -> None:
        self._loop.stop()

    def apply_to(self, cfg: Config) -> Config:
        """The user's config pointed at the simulator, with the demo tenant's catalog."""
        return demo_config(cfg, self.simulator.base_url, self.simulator.media_url,
                           catalog_from_tenant(self.simulator.tenant))
