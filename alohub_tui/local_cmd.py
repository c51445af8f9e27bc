"""``alohub-tui audit`` and ``alohub-tui dials``: the profile's local store, for scripts.

Both read the profile the config names (``--demo``: the demo profile), change nothing
it recorded, and need no API key. ``audit`` prints the queue changes newest first
(``--since DATE``, read as the History tab reads a date; ``--agent USER``); ``dials`` the
recent dials with their outcomes. ``--json`` prints JSON lines, one record per line. Exit codes
(:mod:`alohub_tui.exitcodes`): 0 printed (even nothing), 1 the store cannot be read, 2
bad usage or config.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, time
from typing import Any

from alohub_tui.exitcodes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE
from alohub_tui.text_columns import column_lines

AddFlags = Callable[[argparse.ArgumentParser], None]


def add_parsers(sub: Any, add_connection_flags: AddFlags) -> None:
    audit: argparse.ArgumentParser = sub.add_parser(
        "audit", help="the profile's log of queue changes (newest first)",
        description="Print the queue changes recorded in the profile's audit log, newest "
        "first (times are Vietnam local).")
    audit.add_argument("--json", action="store_true", help="JSON lines, one change per line")
    audit.add_argument("--since", metavar="DATE",
                       help="changes sent on or after this day: 2026-11-27 or 27/11/2026")
    audit.add_argument("--agent", metavar="USER", help="only this agent's changes")
    dials: argparse.ArgumentParser = sub.add_parser(
        "dials", help="the profile's recent dials with their outcomes (newest first)",
        description="Print the recent dials recorded in the profile (the TUI's and "
        "`alohub-tui call`'s), newest first.")
    dials.add_argument("--json", action="store_true", help="JSON lines, one dial per line")
    for parser in (audit, dials):
        add_connection_flags(parser)


def _table(rows: Sequence[Sequence[str]]) -> None:
    print("\n".join(column_lines(rows)))


def _audit(args: argparse.Namespace, store: Any) -> int:
    from alohub_tui.agents.audit import AuditLog
    from alohub_tui.agents.audit_text import entry_cells
    from alohub_tui.api.errors import InvalidInput
    from alohub_tui.history.filters import parse_day
    from alohub_tui.vntime import VN_TZ

    try:
        day = parse_day(args.since or "", "since")
    except InvalidInput as exc:
        print(f"alohub-tui audit: --{exc.field}: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    since = datetime.combine(day, time(), VN_TZ) if day else None
    log = AuditLog(store)
    entries = log.entries(agent=args.agent, since=since)
    if args.json:
        for entry in entries:
            print(entry.to_json())
    elif entries:
        rows = [("TIME", "AGENT", "KIND", "RESULT", "CHANGE")]
        rows += [(entry.time.astimezone(VN_TZ).strftime("%Y-%m-%d %H:%M:%S"),
                  *entry_cells(entry)) for entry in entries]
        _table(rows)
    else:
        print(f"no queue changes in profile {log.profile}'s audit log"
              + (" that match" if args.agent or since else "") + ".", file=sys.stderr)
    if log.skipped_lines:
        print(f"warning: {log.skipped_lines} unreadable audit entries skipped",
              file=sys.stderr)
    return EXIT_OK


def _dials(args: argparse.Namespace, store: Any) -> int:
    from alohub_tui.dial.tracker import stored_dials
    from alohub_tui.vntime import fmt_duration

    dials = stored_dials(store.dials)
    if args.json:
        for dial in dials:
            print(json.dumps(dial.to_state(), ensure_ascii=False))
    elif dials:
        rows = [("TIME", "NUMBER", "EXT", "OUTCOME", "TALK", "TRANSACTION")]
        rows += [(dial.placed_at.strftime("%Y-%m-%d %H:%M:%S"), dial.number, dial.extension,
                  dial.label, fmt_duration(dial.duration) if dial.duration else "",
                  dial.transaction_id) for dial in dials]
        _table(rows)
    else:
        print(f"no dials in profile {store.profile.name}.", file=sys.stderr)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from alohub_tui.config import load_config
    from alohub_tui.store import StoreError, open_local_store, profile_for

    config = load_config(getattr(args, "config", None), base_url=getattr(args, "base_url", None),
                         media_url=getattr(args, "media_url", None))
    profile = profile_for(config, demo=bool(getattr(args, "demo", False)))
    try:
        with open_local_store(profile) as store:
            for warning in store.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            return _audit(args, store) if args.command == "audit" else _dials(args, store)
    except StoreError as exc:
        print(f"alohub-tui {args.command}: {exc.strerror}", file=sys.stderr)
        return EXIT_API_ERROR
