"""Turn command-line arguments into a ready API client: config, key, demo backend, and
the profile whose memory this run uses (:mod:`alohub_tui.store.profile`).

Shared by the one-shot CLI and the TUI so both resolve config, key, demo mode and
profile the same way. Raises ``ConfigError`` for anything the user must fix (exit 2).

With ``--demo`` the run holds the demo profile (:mod:`alohub_tui.store.lease`); a
session that starts the demo afresh (the TUI, the wall, ``serve``: ``fresh_demo``)
empties it first unless ``--keep-demo-data`` is given or another process uses it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alohub_tui.api.policy import Timeouts
from alohub_tui.api.secret import Secret
from alohub_tui.boot.served import served_from_env
from alohub_tui.config import Config, ConfigError, load_config, require_base_url
from alohub_tui.config_keys import api_key, exposure_warning, gateway_key
from alohub_tui.sim.defaults import DEMO_GATEWAY_KEY
from alohub_tui.store.lease import ProfileLease, claim
from alohub_tui.store.profile import Profile, profile_for

if TYPE_CHECKING:
    from alohub_tui.api.client import AlohubClient
    from alohub_tui.api.gateway import GatewayClient
    from alohub_tui.boot.demo import DemoBackend


@dataclass
class Resolved:
    """Everything needed to talk to a tenant (or to the embedded demo)."""

    config: Config
    api_key: Secret
    demo: DemoBackend | None = None
    shared_demo: bool = False  # the demo simulator of `alohub-tui serve --demo`
    gateway_key: Secret = field(default_factory=lambda: Secret(""))  # [gateway]: its own key
    profile: Profile = field(default=None)  # type: ignore[assignment]  # set below
    lease: ProfileLease | None = None  # the demo profile held while this runs
    notes: list[str] = field(default_factory=list)  # for the user (e.g. demo data kept)

    def __post_init__(self) -> None:
        if self.profile is None:
            self.profile = profile_for(self.config, demo=self.is_demo)

    @property
    def is_demo(self) -> bool:
        return self.demo is not None or self.shared_demo


_warned: set[str] = set()  # config files whose exposure this process already reported


def config_from_args(args: argparse.Namespace) -> Config:
    """The config in force for these flags (``--config``, ``--base-url``, ``--media-url``,
    ``--read-only``), with the environment and the file below them; no key needed.

    A file that others can read and that holds a secret is reported once per process,
    on stderr, before any UI (so it stays in the scrollback).
    """
    cfg = load_config(
        getattr(args, "config", None),
        base_url=getattr(args, "base_url", None),
        media_url=getattr(args, "media_url", None),
        read_only=True if getattr(args, "read_only", False) else None,
    )
    warning = exposure_warning(cfg)
    if warning and str(cfg.source) not in _warned:
        _warned.add(str(cfg.source))
        print(f"alohub-tui: warning: {warning}", file=sys.stderr)
    return cfg


def _hold_demo(resolved: Resolved, fresh: bool) -> Resolved:
    """Hold the demo profile for this run; ``fresh``: empty it first (if nobody uses it)."""
    resolved.lease, note = claim(resolved.profile, reset=fresh)
    if note:
        resolved.notes.append(note)
    return resolved


def resolve(args: argparse.Namespace, *, need_api: bool = True,
            fresh_demo: bool = False, typed_key: Secret | None = None) -> Resolved:
    """Load config with flag/env precedence; in demo mode start the simulator first.

    ``need_api=False`` (the read-only wall screen, which only reads call events) does
    not insist on a base URL or an API key. ``fresh_demo``: this run starts a demo
    session (TUI, wall, serve), which empties the demo profile unless
    ``--keep-demo-data``. ``typed_key``: the key typed in the first-run setup, used when
    neither the variable nor the key command gives one (this session only).
    """
    cfg = config_from_args(args)
    if getattr(args, "demo", False):
        served = served_from_env()
        if served is not None and served.demo is not None:  # serve --demo runs it already
            shared = Resolved(served.demo.apply_to(cfg), served.demo.key, shared_demo=True,
                              gateway_key=Secret(DEMO_GATEWAY_KEY))
            return _hold_demo(shared, fresh=False)  # serve emptied it when it started
        from alohub_tui.boot.demo import DemoBackend  # loads the simulator: only for --demo

        demo = DemoBackend()
        demo.start()
        fresh = fresh_demo and not getattr(args, "keep_demo_data", False)
        resolved = Resolved(demo.apply_to(cfg), demo.api_key, demo, gateway_key=demo.gateway_key)
        return _hold_demo(resolved, fresh)
    key = api_key(cfg)
    if not key and typed_key:
        key = typed_key
    gateway = gateway_key(cfg)
    if not need_api:
        return Resolved(cfg, key, gateway_key=gateway)
    require_base_url(cfg)
    if not key:
        raise ConfigError(
            "environment",
            cfg.api.api_key_env,
            "is not set: export the API key in it, or set api.key_command in the config "
            "(or run with --demo)",
        )
    return Resolved(cfg, key, gateway_key=gateway)


def timeouts_from(cfg: Config) -> Timeouts:
    api = cfg.api
    return Timeouts(
        connect=api.connect_timeout_s,
        make_call=api.call_timeout_s,
        search=api.search_timeout_s,
        update_queue=api.queue_timeout_s,
        recording=api.recording_chunk_timeout_s,
    )


def client_for(
    resolved: Resolved, on_request: Callable[[dict[str, Any]], None] | None = None
) -> AlohubClient:
    from alohub_tui.api.client import AlohubClient  # httpx: loaded when a client is needed

    cfg = resolved.config
    return AlohubClient(
        cfg.api.base_url,
        resolved.api_key,
        media_url=cfg.effective_media_url,
        timeouts=timeouts_from(cfg),
        on_request=on_request,
    )


def gateway_for(
    resolved: Resolved, on_request: Callable[[dict[str, Any]], None] | None = None
) -> GatewayClient | None:
    """The gateway's client when ``[gateway]`` names one and its key is set, else None
    (then nothing calls the gateway's paths)."""
    cfg = resolved.config
    if not cfg.gateway.base_url or not resolved.gateway_key:
        return None
    from alohub_tui.api.gateway import GatewayClient  # httpx: loaded when a client is needed

    return GatewayClient(cfg.gateway.base_url, resolved.gateway_key,
                         timeouts=timeouts_from(cfg), on_request=on_request)


@dataclass
class Connection:
    config: Config
    client: AlohubClient
    profile: Profile  # whose local store the command records into


@asynccontextmanager
async def open_connection(args: argparse.Namespace) -> AsyncIterator[Connection]:
    resolved = resolve(args)
    try:
        async with client_for(resolved) as client:
            yield Connection(resolved.config, client, resolved.profile)
    finally:
        if resolved.demo:
            resolved.demo.stop()


__all__ = ["Connection", "Resolved", "client_for", "config_from_args", "gateway_for",
           "open_connection", "resolve"]
