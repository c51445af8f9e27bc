"""The simulator: configuration, the aiohttp application, and its lifecycle."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from ..netaddr import is_loopback
from .auth import auth_middleware
from .calls import LiveCall, LiveCalls
from .clock import SimClock
from .defaults import DEMO_KEY, MAX_CALLS, gateway_url_for
from .endpoints import LegacyApi
from .fault_middleware import fault_middleware
from .faults import FaultInjector, FaultSettings, FaultSpec
from .gateway import GatewayApi
from .history import CallHistory, Record
from .media import MediaApi, RecordingStore
from .requestlog import RequestLog, request_log_middleware
from .responses import fail
from .tenant import DEFAULT_SEED, Tenant, build_tenant
from .traffic import DemoTraffic, TrafficPlanner
from .webhooks import Delivery, WebhookSender, webhook_payload

LENIENCIES = frozenset({"content-type", "source"})


@dataclass
class SimConfig:
    """Everything a simulator run depends on. Defaults suit an in-process test or demo."""

    host: str = "127.0.0.1"
    port: int = 0  # 0: pick a free port
    api_key: str = DEMO_KEY
    seed: int = DEFAULT_SEED
    calls: int = 3000  # seeded history records, 0..100_000
    webhook_url: str | None = None
    webhook_key: str = ""
    latency: tuple[float, float] | None = None  # ms (min, max) added to every request
    faults: tuple[FaultSpec | str, ...] = ()
    request_log: Path | None = None
    speed: float = 1.0  # simulated seconds per real second, for live calls
    now: datetime | None = None  # the sim clock's start; None: real now
    media_port: int | None = None  # serve media on a second port too (0: free port)
    allow_remote: bool = False
    reject_busy_agent: bool = False  # makeCall -> CALLOUT_AGENT_BUSY while on a call
    webhook_attempts: int = 5
    webhook_backoff: float = 0.5  # seconds before the 2nd try, doubling
    traffic: float = 0.0  # spontaneous demo calls per minute (sim/traffic.py); 0: none
    fault_settings: FaultSettings = field(default_factory=FaultSettings)
    gateway_key: str = ""  # the gateway's own key (X-Api-Key); empty: the API key
    #: Checks a strict server makes that a test may turn off, by name: "content-type"
    #: (a POST of any Content-Type is read as JSON), "source" (MP3Export without source).
    lenient: frozenset[str] = frozenset()

    def validate(self) -> None:
        if not is_loopback(self.host) and not self.allow_remote:
            raise ValueError(
                f"refusing to bind non-loopback host {self.host!r}: add --allow-remote "
                "(allow_remote) to do so"
            )
        if not 0 <= self.calls <= MAX_CALLS:
            raise ValueError(f"calls must be within 0..{MAX_CALLS}")
        if self.speed <= 0:
            raise ValueError("speed must be > 0")
        if self.traffic < 0:
            raise ValueError("traffic must be >= 0")
        if not self.api_key:
            raise ValueError("api_key must not be empty")
        unknown = set(self.lenient) - LENIENCIES
        if unknown:
            raise ValueError(f"unknown lenient checks {sorted(unknown)}; "
                             f"known: {sorted(LENIENCIES)}")
        for spec in self.faults:  # fail early on a bad spec
            if isinstance(spec, str):
                FaultSpec.parse(spec)


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Unknown paths and wrong methods answer JSON like the rest of the service."""
    try:
        return await handler(request)
    except web.HTTPNotFound:
        return fail("NOT_FOUND", f"No such endpoint: {request.path}", 404)
    except web.HTTPMethodNotAllowed as exc:
        return fail(
            "METHOD_NOT_ALLOWED", f"{request.method} not allowed on {request.path}", 405,
            headers={"Allow": ", ".join(sorted(exc.allowed_methods))},
        )


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.setblocking(False)
    return sock


class Simulator:
    """A running Alohub stand-in. ``Simulator(port=0, seed=7)`` or ``Simulator(config)``.

    Usage::

        async with Simulator(calls=500, speed=50) as sim:
            ...  # sim.base_url, sim.media_url, sim.api_key, sim.requests
    """

    def __init__(self, config: SimConfig | None = None, **overrides: Any) -> None:
        cfg = replace(config or SimConfig(), **overrides)
        cfg.validate()
        self.config = cfg
        self.tenant: Tenant = build_tenant(cfg.seed)
        self.clock = SimClock(cfg.now, cfg.speed)
        self.faults = FaultInjector(
            cfg.seed, cfg.faults, cfg.latency, cfg.fault_settings.default_latency_ms
        )
        self.request_log = RequestLog((cfg.api_key, cfg.gateway_key), cfg.request_log)
        self.recordings = RecordingStore()
        self.webhooks: WebhookSender | None = (
            self._sender(cfg.webhook_url, cfg.webhook_key) if cfg.webhook_url else None
        )
        self.live = LiveCalls(self.clock, cfg.seed, self._emit, self.recordings.add)
        self.traffic: DemoTraffic | None = None
        self.history: CallHistory | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._media_port: int | None = None

    # -- lifecycle -------------------------------------------------------------------
    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("simulator already started")
        cfg = self.config
        # Generating 100k records takes seconds: keep the event loop (a TUI) responsive.
        self.history = await asyncio.to_thread(
            CallHistory.generate, cfg.calls, cfg.seed, self.clock.start_epoch, self.tenant
        )
        for path, seconds in self.history.recordings.items():
            self.recordings.add(path, seconds)
        socks = [_bind(cfg.host, cfg.port)]
        if cfg.media_port is not None:
            socks.append(_bind(cfg.host, cfg.media_port))
        runner = web.AppRunner(self._build_app(), access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        for sock in socks:
            await web.SockSite(runner, sock).start()
        self._runner = runner
        self._port = socks[0].getsockname()[1]
        self._media_port = socks[-1].getsockname()[1]
        if cfg.traffic > 0:
            online = [a for a in self.tenant.agents.values() if a.status == 1]
            agents = online or list(self.tenant.agents.values())
            planner = TrafficPlanner(cfg.seed, cfg.traffic, agents)
            self.traffic = DemoTraffic(
                planner, self.clock, self._emit, self.recordings.add, cfg.seed,
                register=self.live.register,
            )
            self.traffic.start()

    async def stop(self) -> None:
        if self.traffic is not None:
            await self.traffic.aclose()
            self.traffic = None
        await self.live.aclose()
        if self.webhooks is not None:
            await self.webhooks.aclose()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.request_log.close()

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _build_app(self) -> web.Application:
        assert self.history is not None
        app = web.Application(
            middlewares=[
                request_log_middleware(self.request_log),
                json_errors,
                fault_middleware(self.faults, self.config.fault_settings),
                auth_middleware(self.config.api_key, self.gateway_key),
            ],
            client_max_size=1024 * 1024,
        )
        lenient = self.config.lenient
        legacy = LegacyApi(
            self.tenant, self.history, self.live,
            reject_busy_agent=self.config.reject_busy_agent,
            any_content_type="content-type" in lenient,
        )
        app.add_routes(legacy.routes())
        app.add_routes(GatewayApi(self.tenant).routes())
        app.add_routes(MediaApi(self.recordings, require_source="source" not in lenient).routes())
        return app

    # -- addresses -------------------------------------------------------------------
    def _require_port(self) -> int:
        if self._port is None:
            raise RuntimeError("simulator not started")
        return self._port

    @property
    def port(self) -> int:
        return self._require_port()

    @property
    def _url_host(self) -> str:
        host = self.config.host
        if host in ("0.0.0.0", "::"):
            return "127.0.0.1"
        return f"[{host}]" if ":" in host else host

    @property
    def base_url(self) -> str:
        return f"http://{self._url_host}:{self.port}/api"

    @property
    def media_url(self) -> str:
        self._require_port()
        return f"http://{self._url_host}:{self._media_port}"

    @property
    def api_key(self) -> str:
        return self.config.api_key

    @property
    def gateway_url(self) -> str:
        """The gateway's base URL (its paths, e.g. ``/v1/agents``, go after it)."""
        return gateway_url_for(self.base_url)

    @property
    def gateway_key(self) -> str:
        return self.config.gateway_key or self.config.api_key

    # -- observation and control (for tests and demos) -------------------------------
    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every request received so far (see requestlog.py), oldest first."""
        return self.request_log.entries

    @property
    def webhook_deliveries(self) -> list[Delivery]:
        return self.webhooks.deliveries if self.webhooks is not None else []

    @property
    def live_calls(self) -> list[LiveCall]:
        return self.live.calls

    def set_faults(self, faults: Iterable[FaultSpec | str]) -> None:
        """Replace the active faults at runtime, e.g. ``sim.set_faults(["http503@search"])``."""
        self.faults.set(faults)

    def clear_faults(self) -> None:
        self.faults.set(())

    def set_latency(self, latency_ms: tuple[float, float] | None) -> None:
        self.faults.latency_ms = latency_ms

    def find_call(self, transaction_id: str) -> Record | None:
        """The newest live call placed with ``transaction_id``."""
        for call in reversed(self.live.calls):
            if call.record["transactionId"] == transaction_id:
                return call.record
        return None

    def receive_call(self, customer: str, *, answered: bool = False, ring_s: int = 20,
                     talk_s: int = 60, hotline: str = "", agent: str | None = None) -> Record:
        """A customer calls in (for tests and demos; run it on the simulator's loop):
        missed after ``ring_s`` seconds, or answered by ``agent`` (default: the first
        online agent) and ``talk_s`` long. Returns its record, updated as it goes."""
        online = [a for a in self.tenant.agents.values() if a.status == 1 and a.extensions]
        chosen = self.tenant.agents[agent] if agent else (online or [
            a for a in self.tenant.agents.values() if a.extensions])[0]
        call = self.live.receive_call(customer, chosen.extensions[0], chosen.user_name,
                                      answered=answered, ring=ring_s, talk=talk_s,
                                      hotline=hotline)
        return call.record

    def _sender(self, url: str, key: str) -> WebhookSender:
        cfg = self.config
        return WebhookSender(url, key, attempts=cfg.webhook_attempts, backoff=cfg.webhook_backoff)

    async def set_webhook(self, url: str | None, key: str = "") -> None:
        """Post later call events to ``url`` (None: stop posting). Run it on the
        simulator's event loop; posts still retrying to the old target are dropped."""
        old = self.webhooks
        self.config = replace(self.config, webhook_url=url, webhook_key=key)
        self.webhooks = self._sender(url, key) if url else None
        if old is not None:
            await old.aclose()

    def _emit(self, event: str, record: Record) -> None:
        if self.webhooks is not None and self._port is not None:
            self.webhooks.send(event, webhook_payload(record, self.media_url))


async def serve_until_stopped(sim: Simulator, ready: asyncio.Event | None = None) -> None:
    """Run ``sim`` until SIGINT/SIGTERM (or cancellation)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    try:
        await sim.start()
        if ready is not None:
            ready.set()
        await stop.wait()
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        await sim.stop()


def run_simulator(
    cfg: SimConfig, on_ready: Callable[[Simulator], None] | None = None
) -> None:
    """Blocking: start the simulator, call ``on_ready(sim)``, serve until Ctrl-C/SIGTERM."""

    async def main() -> None:
        sim = Simulator(cfg)
        ready = asyncio.Event()
        server = asyncio.create_task(serve_until_stopped(sim, ready))
        waiter = asyncio.create_task(ready.wait())
        await asyncio.wait({server, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if ready.is_set() and on_ready is not None:
            on_ready(sim)
        waiter.cancel()
        await server

    asyncio.run(main())
