"""Which live-event service the TUI or the wall runs: the configured one
(:func:`alohub_tui.live.service.plan_for`) or, with ``--demo``, one fed by the simulator."""

from __future__ import annotations

from alohub_tui.config import Config
from alohub_tui.live.service import LivePlan, LiveService, plan_for
from alohub_tui.webhook.listen import Listen

from .demo import DemoBackend


def demo_plan(demo: DemoBackend) -> LivePlan:
    """A receiver on a free loopback port with the demo's key, storing in its temp folder."""
    return LivePlan(demo.event_store_path, Listen("127.0.0.1", 0), demo.webhook_key)


def start_live(config: Config, demo: DemoBackend | None = None) -> LiveService:
    """Plan and start the service; in demo mode point the simulator's webhooks at it."""
    service = LiveService(demo_plan(demo) if demo is not None else plan_for(config))
    service.start()
    if demo is not None and service.url is not None:
        try:
            service.backfill(demo.todays_calls())
            demo.send_webhooks_to(service.url)
        except Exception as exc:  # the demo still works, just without live events
            service.problems.append(f"The demo simulator cannot post webhooks: {exc}")
    return service
