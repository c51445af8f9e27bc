"""``alohub-tui queue``: one agent's updateQueue EDIT from the command line.

EDIT replaces the agent's lists, so nothing is cleared by omission: without ``--ext``
the extensions last applied from this profile are kept, or the command refuses (exit 2)
when they are not known. The body is built and checked before any connection, so
``--dry-run`` needs neither a key nor a reachable server. The change is recorded as the
TUI records it (audit line first, then the agent's last applied state). Errors are
mapped to lines and exit codes by :func:`alohub_tui.cli.run`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TYPE_CHECKING, Any

from alohub_tui.api.phone import validate_extension
from alohub_tui.boot.connect import Connection, config_from_args, open_connection
from alohub_tui.cli_common import confirm, profile_store
from alohub_tui.config import Config
from alohub_tui.digits import whole_number
from alohub_tui.exitcodes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE, UsageError
from alohub_tui.read_only import refuse_in_read_only
from alohub_tui.store.profile import profile_for
from alohub_tui.vntime import VN_TZ, WIRE_MINUTE_FORMAT

if TYPE_CHECKING:
    from alohub_tui.agents.model import QueueSet


def add_queue_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "queue",
        help="set an agent's callin queues, callout queue and extensions (updateQueue EDIT)",
        description="EDIT replaces the agent's callin queues and extensions with exactly "
        "what is sent. Without --ext the agent's extensions are kept as last applied from "
        "here (refused when not known); --clear-ext removes them all. Without --callout "
        "the callout queue is not sent (Alohub keeps it).",
    )
    p.add_argument("user_name", metavar="USERNAME", help="the agent's account, e.g. userName66")
    p.add_argument("--callin", required=True, metavar="IDS",
                   help="the inbound queue ids after the change, comma-separated, e.g. "
                   "1,2 (\"\": no inbound queue)")
    p.add_argument("--callout", type=int, metavar="ID", help="outbound queue id, e.g. 99999")
    ext = p.add_mutually_exclusive_group()
    ext.add_argument("--ext", metavar="EXTS",
                     help="the agent's extensions after the change, e.g. 6688,6689 "
                     "(default: keep the last applied from here)")
    ext.add_argument("--clear-ext", action="store_true",
                     help="remove every extension (IP phone) from the agent")
    p.add_argument("--dry-run", action="store_true",
                   help="print the URL and body, send nothing (needs no key or server)")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.add_argument("--read-only", action="store_true", default=argparse.SUPPRESS,
                   help="refuse to send (as [ui] read_only = true); --dry-run still shows")
    return p


def parse_ids(text: str, what: str) -> list[int]:
    """Queue ids from ``1,2`` (blank parts skipped); anything else is a usage error."""
    ids: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        queue_id = whole_number(part)
        if queue_id is None:
            raise UsageError(f'{what}: "{part}" is not a queue id (whole number)')
        ids.append(queue_id)
    return ids


def queue_extensions(args: argparse.Namespace, cfg: Config, demo: bool) -> list[str]:
    """What lstExtension will be: --ext, none with --clear-ext, else the agent's
    extensions as last applied from this profile (EDIT replaces them: omitting --ext
    must never clear them)."""
    from alohub_tui.agents.model import last_known  # httpx: not on the TUI's path

    if args.clear_ext:
        return []
    if args.ext is not None:
        extensions = [validate_extension(e) for e in args.ext.split(",") if e.strip()]
        if not extensions:
            raise UsageError("--ext names no extension; to remove them all, use --clear-ext")
        return extensions
    with profile_store(profile_for(cfg, demo=demo)) as store:
        known = last_known(store.agents, args.user_name)
    if known is None:
        raise UsageError(
            f"{args.user_name}'s extensions are not known here, and EDIT replaces them: "
            "name them (--ext 6688,6689) or remove them all (--clear-ext)")
    when = known.applied_at.astimezone(VN_TZ).strftime(WIRE_MINUTE_FORMAT)
    print(f"keeping {args.user_name}'s extensions "
          f"{','.join(known.queues.extensions) or '(none)'} as last applied from here "
          f"({when}); --ext or --clear-ext changes them", file=sys.stderr)
    return list(known.queues.extensions)


def run(args: argparse.Namespace) -> int:
    """Check, build and show or send the change (see the module docstring)."""
    from alohub_tui.agents.model import QueueSet, dry_run_url

    cfg = config_from_args(args)
    demo = bool(getattr(args, "demo", False))
    if not args.user_name.strip():
        raise UsageError("name the agent (USERNAME)")
    refuse_in_read_only(cfg, f"the queue change for {args.user_name}", dry_run=args.dry_run)
    wanted = QueueSet.of(parse_ids(args.callin, "--callin"), args.callout,
                         queue_extensions(args, cfg, demo))
    body = wanted.body()
    if args.dry_run:
        print(f"POST {dry_run_url(cfg.api.base_url, args.user_name, demo=demo)}")
        print(json.dumps(body))
        return EXIT_OK
    return asyncio.run(_send(args, wanted))


async def _send(args: argparse.Namespace, wanted: QueueSet) -> int:
    async with open_connection(args) as conn:  # the key and URL checked before asking
        return await _confirm_and_apply(conn, args, wanted)


async def _confirm_and_apply(conn: Connection, args: argparse.Namespace,
                             wanted: QueueSet) -> int:
    from alohub_tui.agents.apply import apply_queues  # httpx: not on the TUI's first frame
    from alohub_tui.agents.audit import AuditLog
    from alohub_tui.agents.model import last_known

    body = wanted.body()
    if not body["callinId"]:
        print("warning: no callin queue: the agent will take no inbound calls", file=sys.stderr)
    if not confirm(f"Replace {args.user_name}'s queues with {json.dumps(body)}?", args.yes):
        print("cancelled; nothing was sent.", file=sys.stderr)
        return EXIT_USAGE
    with profile_store(conn.profile) as store:  # audit "sent" line first, as in the TUI
        outcome = await apply_queues(conn.client, AuditLog(store), store.agents,
                                     args.user_name, wanted,
                                     last_known(store.agents, args.user_name))
    if outcome.warning:
        print(f"warning: {outcome.warning}", file=sys.stderr)
    if not outcome.ok:
        title = f"{outcome.title}: " if outcome.title else ""
        print(f"alohub-tui queue: {title}{outcome.error}", file=sys.stderr)
        return EXIT_API_ERROR
    print(f"updated {args.user_name}: {json.dumps(body)}")
    return EXIT_OK
