"""``alohub-tui webhook``: collect call events while no TUI runs.

The events go to the profile's event store (the config's profile, see
:mod:`alohub_tui.store.profile`), which the TUI's Live tab, the wall and ``stats`` read.

Exit codes: 0 after Ctrl-C/SIGTERM, 1 when the address cannot be bound or the store cannot
be opened, 2 for bad usage (no key, a bad or non-loopback ``--listen``) or a broken config.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import ConfigError, load_config
from ..exitcodes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE, UsageError
from ..netaddr import is_loopback
from .listen import (
    DB_FILE_NAME,
    DEFAULT_KEY_ENV,
    DEFAULT_LISTEN,
    Listen,
    default_db_path,
    parse_listen,
)

if TYPE_CHECKING:
    from .backfill import ClientFactory
    from .receiver import WebhookReceiver
    from .store import EventStore

PROG = "alohub-tui webhook"


def add_webhook_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the receiver's options to ``parser`` (the lead's ``webhook`` subcommand)."""
    parser.add_argument("--listen", default=DEFAULT_LISTEN, metavar="HOST:PORT",
                        help=f"address to listen on (default {DEFAULT_LISTEN}; loopback only "
                        "unless --allow-remote)")
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=f"event store (default: the profile's {DB_FILE_NAME}, see "
                        "`alohub-tui config path`)")
    parser.add_argument("--config", type=Path, metavar="PATH", default=None,
                        help="config file to read (it names the profile; the API's address "
                        "and key for the backfill of downtime, [webhook] backfill_every_s)")
    parser.add_argument("--key-env", default=DEFAULT_KEY_ENV, metavar="NAME",
                        help="environment variable holding the key Alohub sends as "
                        f"Authorization (default {DEFAULT_KEY_ENV})")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow listening on a non-loopback address (put TLS in front)")


def _check(args: argparse.Namespace) -> tuple[Listen, str]:
    listen = parse_listen(args.listen)
    if not is_loopback(listen.host) and not args.allow_remote:
        raise UsageError(
            f"refusing to listen on non-loopback {listen.host!r}; add --allow-remote to do so"
        )
    key = os.environ.get(args.key_env, "").strip()
    if not key:
        raise UsageError(f"no webhook key: set the environment variable {args.key_env}")
    return listen, key


async def _serve(receiver: WebhookReceiver, store: EventStore) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # e.g. Windows
            loop.add_signal_handler(sig, stop.set)
    await receiver.start()
    try:
        print(
            f"Alohub webhook receiver listening on {receiver.url} (Ctrl-C to stop)\n"
            f"  event store: {store.path} ({store.event_count()} events)",
            flush=True,
        )
        await stop.wait()
    finally:
        await receiver.stop()


def _profile_db(args: argparse.Namespace) -> Path:
    return default_db_path(load_config(getattr(args, "config", None)))


def run_from_args(args: argparse.Namespace, api: ClientFactory | None = None,
                  backfill_every_s: float = 300.0) -> int:
    """Blocking: run the receiver until Ctrl-C/SIGTERM. Returns the exit code.

    ``api`` makes the client the backfill of downtime searches with (None: no API key,
    recorded as such for the wall).
    """
    try:
        listen, key = _check(args)
    except UsageError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # Problems (a full disk, malformed requests, no file descriptors) as dated lines on
    # stderr; the receiver keeps each to one line (serving.py, log_limit.py).
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(message)s")
    from .backfill import Backfill
    from .receiver import WebhookReceiver  # aiohttp: only when a receiver really runs
    from .store import EventStore
    from .store_schema import describe_failure

    try:
        db = args.db or _profile_db(args)
    except ConfigError as exc:
        print(f"{PROG}: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        store = EventStore(db)  # opens on a full disk too (then posts are answered 503)
    except (OSError, sqlite3.Error) as exc:
        print(f"{PROG}: cannot open the event store {db}: {describe_failure(exc, db.parent)}",
              file=sys.stderr)
        return EXIT_API_ERROR
    try:
        backfill = Backfill(store.path, api, every_s=backfill_every_s)
        receiver = WebhookReceiver(store, key, listen.host, listen.port, backfill=backfill)
        asyncio.run(_serve(receiver, store))
    except OSError as exc:
        print(f"{PROG}: cannot listen on {listen.host}:{listen.port}: {exc}", file=sys.stderr)
        return EXIT_API_ERROR
    except KeyboardInterrupt:
        pass
    finally:
        store.close()
    print("Alohub webhook receiver stopped", flush=True)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="Run the call-event receiver.")
    add_webhook_arguments(parser)
    return run_from_args(parser.parse_args(argv))
