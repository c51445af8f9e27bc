"""Which live-event service the TUI or the wall runs: the configured one
(:func:`alohub_tui.live.service.plan_for`); with ``--demo``, one fed by the simulator; in
a page of ``alohub-tui serve`` (:mod:`.served`), only the store the server names."""

from __future__ import annotations

from collections.abc import Mapping

from alohub_tui.config import Config
from alohub_tui.live.service import LivePlan, LiveService, plan_for
from alohub_tui.webhook.listen import Listen

from .demo import DemoBackend
from .served import served_from_env


def demo_plan(demo: DemoBackend) -> LivePlan:
    """A receiver on a free loopback port with the demo's key, storing in its temp folder."""
    return LivePlan(demo.event_store_path, Listen("127.0.0.1", 0), demo.webhook_key)


def live_plan(config: Config, demo: DemoBackend | None = None,
              env: Mapping[str, str] | None = None) -> LivePlan:
    """A page of ``alohub-tui serve`` only reads (the server receives), whatever the
    config says; else the demo's plan, else the configured one."""
    served = served_from_env(env)
    if served is not None:
        return LivePlan(served.event_store)
    if demo is not None:
        return demo_plan(demo)
    return plan_for(config, env)


def start_live(config: Config, demo: DemoBackend | None = None) -> LiveService:
    """Plan and start the service; in demo mode point the simulator's webhooks at it."""
    service = LiveService(live_plan(config, demo))
    service.start()
    if demo is not None and service.url is not None:
        try:
            service.backfill(demo.todays_calls())
            demo.send_webhooks_to(service.url)
        except Exception as exc:  # the demo still works, just without live events
            service.problems.append(f"The demo simulator cannot post webhooks: {exc}")
    return service
