"""Which live-event service the TUI or the wall runs: the configured one
(:func:`alohub_tui.live.service.plan_for`); with ``--demo``, one fed by the simulator; in
a page of ``alohub-tui serve`` (:mod:`.served`), only the store the server names."""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from alohub_tui.config import Config
from alohub_tui.live.service import LivePlan, LiveService, plan_for
from alohub_tui.store.profile import Profile, profile_for
from alohub_tui.vntime import VN_TZ, local_midnight
from alohub_tui.webhook.listen import Listen

from .demo import DemoBackend
from .served import served_from_env

if TYPE_CHECKING:
    from alohub_tui.webhook.backfill import ClientFactory

    from .connect import Resolved


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


def backfill_client(resolved: Resolved) -> ClientFactory | None:
    """What a receiver's backfill searches with: a new API client per round, or None
    when there is no API key (the wall needs none; it then says "no API key")."""
    if not resolved.api_key or not resolved.config.api.base_url:
        return None
    from .connect import client_for

    return lambda: client_for(resolved)


def _demo_day_received(db: Path) -> None:
    """The demo stores today's earlier calls itself: its day so far has no gap."""
    from alohub_tui.webhook.uptime import UptimeLog

    now = time.time()
    log = UptimeLog(db)
    try:
        midnight = local_midnight(datetime.fromtimestamp(now, VN_TZ)).replace(tzinfo=VN_TZ)
        log.stopped(log.started("demo", midnight.timestamp()), now)
    finally:
        log.close()


def _seed_demo_day(service: LiveService, demo: DemoBackend) -> None:
    """Store the demo's day so far, once: a demo window started beside another (the
    profile's data kept, or --keep-demo-data) finds the day already stored, and its own
    simulator's day (the same calls under other call ids) would count every call again
    (three demo windows showed three times the calls)."""
    if service.store is not None and service.store.event_count() == 0:
        service.backfill(demo.todays_calls())


def start_live(config: Config, demo: DemoBackend | None = None,
               profile: Profile | None = None, *, kind: str = "tui",
               api: ClientFactory | None = None) -> LiveService:
    """Plan and start the service; in demo mode point the simulator's webhooks at it.

    ``profile``: whose store (the demo's by default in demo mode). ``kind`` names the
    receiver's runs ("tui", "wall", "serve"); ``api`` is its backfill's client
    (:func:`backfill_client`).
    """
    plan = live_plan(config, demo, profile=profile)
    service = LiveService(plan, kind=kind, api=api,
                          backfill_every_s=config.webhook.backfill_every_s)
    if demo is not None and plan.db_path is not None and plan.receives:
        try:
            _demo_day_received(plan.db_path)
        except Exception as exc:  # the demo still works; its backfill searches the day
            service.problems.append(f"The demo cannot record its day as received: {exc}")
    service.start()
    if demo is not None and service.url is not None:
        try:
            _seed_demo_day(service, demo)
            demo.send_webhooks_to(service.url)
        except Exception as exc:  # the demo still works, just without live events
            service.problems.append(f"The demo simulator cannot post webhooks: {exc}")
    return service


def receiver_backfill(args: argparse.Namespace) -> tuple[ClientFactory | None, float]:
    """For ``alohub-tui webhook``: its backfill's client (from the config and the key in
    the environment; None without a key) and how often it searches."""
    from .connect import resolve

    plain = argparse.Namespace(**{**vars(args), "demo": False})  # a receiver is never a demo
    resolved = resolve(plain, need_api=False)  # ConfigError: the caller exits 2
    return backfill_client(resolved), float(resolved.config.webhook.backfill_every_s)
