"""``alohub-tui serve``: run the server until Ctrl-C / SIGTERM.

This process is the profile's one receiver of call events (the demo's, or
``[webhook] listen``'s), exactly as a terminal TUI would be; the app processes it starts
only read the store (:mod:`alohub_tui.boot.served`). With ``--demo`` it also runs the one
demo simulator they all talk to.

Exit codes (:mod:`alohub_tui.exitcodes`): 0 after Ctrl-C/SIGTERM, 1 when the address
cannot be bound, 2 for bad usage or config.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from typing import TYPE_CHECKING

from alohub_tui.config import Config, load_config
from alohub_tui.exitcodes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE, UsageError

from .options import ServeOptions, app_argv, options_from

if TYPE_CHECKING:
    from alohub_tui.boot.connect import Resolved
    from alohub_tui.live.service import LiveService

    from .server import ServeServer

PROG = "alohub-tui serve"


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--listen", metavar="HOST:PORT", default=None,
                        help="address to listen on (default: [serve] listen, 127.0.0.1:8080); "
                        "anything but loopback needs the access token")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--wall", action="store_true",
                       help="serve the read-only wall screen (the default)")
    which.add_argument("--app", action="store_true",
                       help="serve the full app (can dial and change queues): needs "
                       "--allow-actions")
    parser.add_argument("--allow-actions", action="store_true",
                        help="confirm that visitors of --app may act on the tenant")
    parser.add_argument("--public-url", metavar="URL", default=None,
                        help="the address browsers use behind a reverse proxy, e.g. "
                        "https://noc.example/wall/")
    parser.add_argument("--max-sessions", type=int, metavar="N", default=None,
                        help="most browser sessions at once (default: [serve] max_sessions, 8)")


def app_environment(config: Config, options: ServeOptions, served_env: dict[str, str],
                    demo: bool) -> dict[str, str]:
    """This process's environment for the apps, less what they must never have: the
    webhook key and the serve token always, the API key for the wall and the demo."""
    env = dict(os.environ)
    drop = {config.webhook.key_env, config.serve.token_env}
    if options.mode == "wall" or demo:
        drop.add(config.api.api_key_env)
    for name in drop:
        env.pop(name, None)
    env.update(served_env)
    return env


def _start_events(resolved: Resolved) -> tuple[LiveService, list[str]]:
    """The profile's one receiver (or just the store); lines saying which, to print."""
    from alohub_tui.boot.live import backfill_client, start_live  # aiohttp, threads

    service = start_live(resolved.config, resolved.demo, resolved.profile, kind="serve",
                         api=backfill_client(resolved))
    for problem in service.problems:
        print(f"{PROG}: warning: {problem}", file=sys.stderr)
    store = service.plan.db_path
    if service.url:
        lines = [f"  call events: received here, at {service.url}", f"  event store: {store}"]
    elif store:
        lines = [f"  call events: read from {store}", "    (receiver: `alohub-tui webhook`)"]
    else:
        lines = ["  call events: none yet (set [webhook] listen, or run `alohub-tui webhook`)"]
    return service, lines


def _served_env(resolved: Resolved, service: LiveService) -> dict[str, str]:
    from alohub_tui.boot.served import Served, SharedDemo

    demo = resolved.demo
    shared = None
    if demo is not None:
        sim = demo.simulator
        shared = SharedDemo(sim.base_url, sim.media_url, demo.api_key.reveal(),
                            demo.sim_config.seed)
    return Served(service.plan.db_path, shared).to_env()


async def _serve(server: ServeServer, options: ServeOptions, notes: list[str]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await server.start()
    try:
        what = "the wall" if options.mode == "wall" else "the full app (actions allowed)"
        print(f"{PROG}: {what}, at most {options.max_sessions} sessions, {options.fps} fps "
              "(Ctrl-C stops)")
        print("\n".join(notes))
        if options.listen.host in ("0.0.0.0", "::"):
            print("  (0.0.0.0: every address of this machine; use its name in the browser)")
        print(f"  open: {server.url}", flush=True)
        await stop.wait()
    finally:
        print(f"{PROG}: stopping ({len(server.sessions)} sessions open)", flush=True)
        await server.stop()


def _logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    root = logging.getLogger("alohub_tui.serve")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False


def run_from_args(args: argparse.Namespace) -> int:
    """Blocking: serve until Ctrl-C/SIGTERM. ConfigError propagates (exit 2)."""
    config = load_config(getattr(args, "config", None), base_url=getattr(args, "base_url", None),
                         media_url=getattr(args, "media_url", None))
    try:
        options = options_from(args, config)
    except UsageError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from alohub_tui.boot.connect import resolve  # may start the demo simulator

    from .child import AppCommand
    from .server import ServeServer, textual_serve_static

    try:
        textual_serve_static()
    except RuntimeError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    resolved = resolve(args, need_api=options.mode == "app", fresh_demo=True)
    for note in resolved.notes:
        print(f"{PROG}: note: {note}", file=sys.stderr)
    service = None
    try:
        _logging()
        service, notes = _start_events(resolved)
        if options.token_generated:
            notes.append(f"  access token: made for this run; set ${config.serve.token_env} "
                         "to keep one")
        env = app_environment(resolved.config, options, _served_env(resolved, service),
                              resolved.is_demo)
        command = AppCommand(tuple(app_argv(args, options.mode)), env, options.fps)
        asyncio.run(_serve(ServeServer(options, command), options, notes))
    except OSError as exc:
        listen = options.listen
        print(f"{PROG}: cannot listen on {listen.host}:{listen.port}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return EXIT_API_ERROR
    except KeyboardInterrupt:
        pass
    finally:
        if service is not None:
            service.stop()
        if resolved.demo is not None:
            resolved.demo.stop()
    return EXIT_OK
