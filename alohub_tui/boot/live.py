"""Which live-event service the TUI or the wall runs: the configured one
(:func:`alohub_tui.live.service.plan_for`); with ``--demo``, one fed by the simulator; in
a page of ``alohub-tui serve`` (:mod:`.served`), only the store the server names."""

from __future__ import annotations

from collections.abc import Mapping

from alohub_tui.config import Config
from alohub_tui.live.service import LivePlan, LiveService, plan_for
from alohub_tui.store.profile import Profile, profile_for
from alohub_tui.webhook.listen import Listen

from .demo import DemoBackend
from .served import served_from_env


def demo_plan(demo: DemoBackend, profile: Profile) -> LivePlan:
    """A receiver on a free loopback port with the demo's key, storing in the demo
    profile's event store (emptied when the demo starts, as the rest of the profile)."""
    return LivePlan(profile.events_db, Listen("127.0.0.1", 0), demo.webhook_key)


def live_plan(config: Config, demo: DemoBackend | None = None,
              env: Mapping[str, str] | None = None,
              profile: Profile | None = None) -> LivePlan:
    """A page of ``alohub-tui serve`` only reads (the server receives), whatever the
    config says; else the demo's plan (in ``profile``, the demo's by default), else the
    configured one (in the config's profile)."""
    served = served_from_env(env)
    if served is not None:
        return LivePlan(served.event_store)
    if demo is not None:
        return demo_plan(demo, profile or profile_for(config, demo=True))
    return plan_for(config, env)


def start_live(config: Config, demo: DemoBackend | None = None,
               profile: Profile | None = None) -> LiveService:
    """Plan and start the service; in demo mode point the simulator's webhooks at it."""
    service = LiveService(live_plan(config, demo, profile=profile))
    service.start()
    if demo is not None and service.url is not None:
        try:
            service.backfill(demo.todays_calls())
            demo.send_webhooks_to(service.url)
        except Exception as exc:  # the demo still works, just without live events
            service.problems.append(f"The demo simulator cannot post webhooks: {exc}")
    return service
