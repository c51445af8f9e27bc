"""``alohub-tui callbacks``: today's open callbacks, for scripts (issue 19).

The same worklist as the Callbacks tab (:mod:`alohub_tui.callbacks`): today's missed
inbound calls nobody has returned, one line per customer number, oldest first, with who
holds a claim. The calls come from where ``[callbacks] calls_from`` says (``--source``
overrides it): the profile's event store (no key needed) or one searchCallV2 of today.
``--all`` adds the day's returned, done and not needed items. ``--json``: JSON lines,
one item per line. What was read and from where goes to stderr, the items to stdout.

Exit codes (:mod:`alohub_tui.exitcodes`): 0 printed (even nothing), 1 the store or the
API failed, 2 bad usage or config (including no source to read from).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from alohub_tui.exitcodes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from alohub_tui.callbacks.desk import CallbackDesk
    from alohub_tui.callbacks.worklist import Worklist

PROG = "alohub-tui callbacks"


def add_parser(sub: Any, add_connection_flags: Callable[[argparse.ArgumentParser], None],
               ) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "callbacks", help="today's missed calls nobody has returned yet (oldest first)",
        description="Print today's callback worklist: missed inbound calls nobody has "
        "returned yet, one line per customer number, oldest first (see docs/CALLBACKS.md).")
    parser.add_argument("--json", action="store_true", help="JSON lines, one item per line")
    parser.add_argument("--all", action="store_true",
                        help="also the day's returned, done and not needed items")
    parser.add_argument("--source", choices=("auto", "webhook", "search"), default=None,
                        help="where the calls come from (default: [callbacks] calls_from)")
    add_connection_flags(parser)


def _print(worklist: Worklist, desk: CallbackDesk, args: argparse.Namespace) -> None:
    from alohub_tui.callbacks.sources import SOURCE_LABELS
    from alohub_tui.callbacks.text import item_json, state_text, summary_text, waiting_text
    from alohub_tui.text_columns import column_lines
    from alohub_tui.vntime import CLOCK_DISPLAY

    now = desk.now()
    items = [*worklist.open, *(worklist.closed if args.all else ())]
    print(f"callbacks of {worklist.day.isoformat()} from {SOURCE_LABELS[desk.source_name]} "
          f"({desk.choice.why}): {summary_text(worklist, now)}", file=sys.stderr)
    if worklist.no_number:
        print(f"{worklist.no_number} missed calls had no caller number", file=sys.stderr)
    if args.json:
        for item in items:
            print(json.dumps(item_json(item, now), ensure_ascii=False))
        return
    if not items:
        return
    rows = [("NUMBER", "CALLS", "FIRST", "LAST", "HOTLINE", "WAITING", "STATE")]
    rows += [(item.number, str(item.count), item.first.strftime(CLOCK_DISPLAY),
              item.last.strftime(CLOCK_DISPLAY), item.hotline or "-", waiting_text(item, now),
              state_text(item, now)) for item in items]
    print("\n".join(column_lines(rows)))


async def _read(desk: CallbackDesk, args: argparse.Namespace) -> Worklist:
    from alohub_tui.boot.connect import open_connection
    from alohub_tui.callbacks.sources import SEARCH

    if desk.source_name != SEARCH:
        return await desk.refresh()
    async with open_connection(args) as conn:
        return await desk.refresh(conn.client)


def run(args: argparse.Namespace) -> int:
    from alohub_tui.api.errors import AlohubError
    from alohub_tui.callbacks.desk import CallbackDesk, choose_source
    from alohub_tui.config import load_config
    from alohub_tui.config_keys import api_key
    from alohub_tui.store import StoreError, open_local_store, profile_for
    from alohub_tui.vntime import now_vn
    from alohub_tui.webhook.store import EventStore

    config = load_config(getattr(args, "config", None), base_url=getattr(args, "base_url", None),
                         media_url=getattr(args, "media_url", None))
    demo = bool(getattr(args, "demo", False))
    profile = profile_for(config, demo=demo)
    has_key = demo or bool(config.api.base_url and api_key(config))
    events = None
    try:
        if profile.events_db.is_file():
            events = EventStore(profile.events_db)
        choice = choose_source(args.source or config.callbacks.calls_from, events=events,
                               receives=False, has_key=has_key, now=now_vn())
        if not choice.name:
            print(f"{PROG}: nothing to read: {choice.why}", file=sys.stderr)
            return EXIT_USAGE
        with open_local_store(profile) as store:
            for warning in store.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            desk = CallbackDesk(store.callbacks, config.callbacks, now_vn, choice,
                                events=events, page_size=config.history.page_size)
            worklist = asyncio.run(_read(desk, args))
            _print(worklist, desk, args)
    except StoreError as exc:
        print(f"{PROG}: {exc.strerror}", file=sys.stderr)
        return EXIT_API_ERROR
    except AlohubError as exc:
        print(f"{PROG}: {exc.title}: {exc.message}", file=sys.stderr)
        return EXIT_API_ERROR
    except (OSError, sqlite3.Error) as exc:  # the event store
        print(f"{PROG}: cannot read the event store {profile.events_db}: {exc}",
              file=sys.stderr)
        return EXIT_API_ERROR
    finally:
        if events is not None:
            events.close()
    return EXIT_OK
