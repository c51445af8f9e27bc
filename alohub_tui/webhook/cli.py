"""``alohub-tui webhook``: collect call events while no TUI runs.

Exit codes: 0 after Ctrl-C/SIGTERM, 1 when the address cannot be bound or the store cannot
be opened, 2 for bad usage (no key, a bad or non-loopback ``--listen``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths
from ..digits import whole_number
from ..exitcodes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE, UsageError
from ..netaddr import is_loopback

if TYPE_CHECKING:
    from .receiver import WebhookReceiver
    from .store import EventStore

DEFAULT_LISTEN = "127.0.0.1:8787"
DEFAULT_KEY_ENV = "ALOHUB_WEBHOOK_KEY"
DB_FILE_NAME = "events.sqlite3"
PROG = "alohub-tui webhook"


@dataclass(frozen=True, slots=True)
class Listen:
    host: str
    port: int


def default_db_path() -> Path:
    return paths.data_dir() / DB_FILE_NAME


def parse_listen(text: str) -> Listen:
    """``host:port`` or ``[v6]:port``; port 0 picks a free one."""
    host, sep, port = text.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    number = whole_number(port, max_digits=5)
    if not sep or not host or number is None or not 0 <= number < 65536:
        raise UsageError(f'--listen expects "host:port", e.g. "{DEFAULT_LISTEN}", got {text!r}')
    return Listen(host, number)


def add_webhook_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the receiver's options to ``parser`` (the lead's ``webhook`` subcommand)."""
    parser.add_argument("--listen", default=DEFAULT_LISTEN, metavar="HOST:PORT",
                        help=f"address to listen on (default {DEFAULT_LISTEN}; loopback only "
                        "unless --allow-remote)")
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=f"event store (default: <data dir>/{DB_FILE_NAME})")
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


def run_from_args(args: argparse.Namespace) -> int:
    """Blocking: run the receiver until Ctrl-C/SIGTERM. Returns the exit code."""
    try:
        listen, key = _check(args)
    except UsageError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from .receiver import WebhookReceiver  # aiohttp: only when a receiver really runs
    from .store import EventStore

    db = args.db or default_db_path()
    try:
        store = EventStore(db)
    except (OSError, sqlite3.Error) as exc:
        print(f"{PROG}: cannot open the event store {db}: {exc}", file=sys.stderr)
        return EXIT_API_ERROR
    try:
        asyncio.run(_serve(WebhookReceiver(store, key, listen.host, listen.port), store))
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
