"""``alohub-tui stats``: the wall's KPIs from the event store, for people and scripts.

The numbers are the wallboard's (alohub_tui/wallboard, docs/WALL.md), computed from the
store that ``alohub-tui webhook`` (or the TUI's receiver) writes, so a cron job can mail
the day's figures. Needs no API key and never writes an event.

``--date`` is read as the History tab reads a date
(:func:`alohub_tui.history.filters.parse_day`: 2026-11-27 or 27/11/2026). Exit codes
(:mod:`alohub_tui.exitcodes`): 0 printed; 1 the event store is missing or cannot be
read; 2 bad usage (``--date``) or a config error.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from alohub_tui.exitcodes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE
from alohub_tui.wallboard.formulas import FORMULAS

PROG = "alohub-tui stats"


def add_parser(sub: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        "stats",
        help="today's wallboard KPIs (service level, waits, abandons) from the event store",
        description="Print the wallboard's KPIs of one day (inbound calls, Vietnam time) "
        "from the event store that `alohub-tui webhook` writes. See docs/WALL.md.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON (null when n/a, "
                        "with the reason in notes)")
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help="the day to count, Vietnam time, read as in the History tab "
                        "(2026-11-27 or 27/11/2026; default: today)")
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help="event store (default: the profile's events.sqlite3, the one "
                        "`alohub-tui webhook` writes; `alohub-tui config path` shows it)")
    parser.add_argument("--formula", choices=list(FORMULAS), metavar="NAME",
                        help=f"service-level formula: {', '.join(FORMULAS)} "
                        "(default: [wall] service_level_formula)")
    parser.add_argument("--config", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                        help="config file to read")
    return parser


def run(args: argparse.Namespace, now: datetime | None = None) -> int:
    """Print the KPIs; returns the exit code. ``now`` (aware) is for tests."""
    from alohub_tui.api.errors import InvalidInput
    from alohub_tui.boot.connect import config_from_args
    from alohub_tui.history.filters import parse_day
    from alohub_tui.vntime import VN_TZ, now_vn
    from alohub_tui.wallboard.report import snapshot_json, snapshot_text
    from alohub_tui.wallboard.source import day_aggregate
    from alohub_tui.webhook.listen import default_db_path
    from alohub_tui.webhook.store import EventStore

    now = (now or now_vn()).astimezone(VN_TZ)
    try:
        day = parse_day(args.date or "", "date") or now.date()
    except InvalidInput as exc:
        print(f"{PROG}: --{exc.field}: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    config = config_from_args(args)  # ConfigError: __main__ exits 2
    db: Path = args.db or default_db_path(config)
    if not db.is_file():
        print(f"{PROG}: no event store at {db}: `alohub-tui webhook` (or the TUI with "
              "[webhook] listen) collects call events there", file=sys.stderr)
        return EXIT_API_ERROR
    try:
        with EventStore(db) as store:
            aggregate = day_aggregate(store, config.wall, day, now, args.formula)
    except (OSError, sqlite3.Error) as exc:
        print(f"{PROG}: cannot read the event store {db}: {exc}", file=sys.stderr)
        return EXIT_API_ERROR
    snapshot = aggregate.snapshot(now)
    if args.json:
        print(json.dumps(snapshot_json(snapshot), ensure_ascii=False, indent=2))
    else:
        print(snapshot_text(snapshot), end="")
    return EXIT_OK
