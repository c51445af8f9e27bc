"""One-shot commands over the API layer: call, history, recording (and the error lines
and exit codes of ``queue``, which is :mod:`alohub_tui.queue_cmd`).

For scripts and cron, and to check the API layer without the TUI. Errors go to stderr
as one readable line (with the vendor's message when there is one); exit codes are
0 success, 1 API or network error, 2 bad usage or config.

``call`` and ``queue`` record what they do in the profile's local store, as the TUI
does: ``call`` its dial (so the TUI's duplicate guard and Recent dials see it),
``queue`` its change in the audit log and the agent's last applied state.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from alohub_tui import queue_cmd
from alohub_tui.api.errors import AlohubError, InvalidInput, OutcomeUnknown
from alohub_tui.api.models import CallRecord, SearchCriteria
from alohub_tui.api.paging import PageWalk, unreadable_note
from alohub_tui.api.phone import normalise_phone, validate_extension
from alohub_tui.api.txn import check_transaction_id, new_transaction_id
from alohub_tui.boot.connect import Connection, config_from_args, open_connection
from alohub_tui.cli_common import confirm, profile_store
from alohub_tui.dial.guard import recent_duplicate, used_by
from alohub_tui.dial.record import Dial
from alohub_tui.dial.tracker import stored_dials
from alohub_tui.exitcodes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE, UsageError
from alohub_tui.history import export
from alohub_tui.history.files import recording_file_name
from alohub_tui.history.filters import DIRECTIONS, STATUS_FILTERS, day_range, search_criteria
from alohub_tui.read_only import refuse_in_read_only
from alohub_tui.store.db import StoreError
from alohub_tui.store.local import LocalStore
from alohub_tui.vntime import SECOND_DISPLAY, now_vn

if TYPE_CHECKING:
    from alohub_tui.api.client import AlohubClient

DEFAULT_DAYS = 7  # `history` without --from searches a week back

# ---------------------------------------------------------------- parsers


def add_call_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "call",
        help="click-to-call: ring an extension, then the customer (makeCall)",
        description="Ring the agent's IP phone, then the customer. Sent exactly once.",
    )
    p.add_argument("phone", help="customer number, e.g. 0912345678 or +84 912 345 678")
    p.add_argument("--ext", help="agent extension (IP phone); default: dial.default_extension")
    p.add_argument("--txn", metavar="ID", help="transactionId (default: generated)")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--read-only", action="store_true", default=argparse.SUPPRESS,
                   help="refuse to dial (as [ui] read_only = true)")
    return p


def add_history_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "history",
        help="search call history (searchCallV2)",
        description="Search calls, newest first. Dates are Vietnam local (UTC+7).",
    )
    p.add_argument(
        "--from", dest="date_from", metavar="DATE",
        help=f"YYYY-MM-DD or DD/MM/YYYY (default: {DEFAULT_DAYS} days ago)",
    )
    p.add_argument(
        "--to", dest="date_to", metavar="DATE",
        help="YYYY-MM-DD or DD/MM/YYYY, inclusive (default: today)",
    )
    p.add_argument("--phone", default="", help="customer number (either end)")
    directions = [d for d, _ in DIRECTIONS]
    p.add_argument("--direction", choices=directions, default="", type=str.lower,
                   metavar="DIR", help=f"{' or '.join(directions)} (default: both)")
    p.add_argument("--status", choices=STATUS_FILTERS, default="", type=str.lower,
                   metavar="STATUS", help=f"{', '.join(STATUS_FILTERS)} (default: any)")
    p.add_argument("--agent", action="append", default=[], help="agent user name (repeatable)")
    p.add_argument("--ext", default="", help="agent extension (ipPhone)")
    p.add_argument("--txn", default="", help="transactionId")
    p.add_argument("--call-id", default="", help="Alohub call id")
    amount = p.add_mutually_exclusive_group()
    amount.add_argument("--limit", type=int, default=50, help="rows to print (default 50)")
    amount.add_argument("--all", action="store_true", help="every matching call, all pages")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON lines, one call per line")
    fmt.add_argument("--csv", action="store_true", help="CSV with a header row")
    return p


def add_recording_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "recording",
        help="download a call recording (MP3Export.do)",
        description="Download a recording by its recording_url or a full MP3Export URL.",
    )
    p.add_argument("ref", metavar="REF_OR_URL",
                   help="a call's recording_url (history --json shows it) or a full "
                   "MP3Export.do URL of the configured media host")
    p.add_argument("-o", "--output", type=Path, metavar="PATH",
                   help="file to write, or a folder to save it in (default: the downloads "
                   "folder); an existing file is never overwritten")
    return p


# ---------------------------------------------------------------- helpers


def criteria_from_args(args: argparse.Namespace, today: date) -> SearchCriteria:
    """The History tab's criteria builder (:mod:`alohub_tui.history.filters`), from flags."""
    try:
        first, last = day_range(args.date_from or "", args.date_to or "", today,
                                default_from=today - timedelta(days=DEFAULT_DAYS))
    except InvalidInput as exc:
        raise UsageError(f"--{exc.field}: {exc.message}") from None
    if not args.all and args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    try:
        return search_criteria(
            first, last, limit=min(args.limit, 500) if not args.all else 500,
            call_id=args.call_id, phone=args.phone, direction=args.direction,
            status=args.status, agents=args.agent, extension=args.ext, transaction_id=args.txn,
        )
    except InvalidInput as exc:
        raise UsageError(f"--{exc.field}: {exc.message}") from None


def _print_table(records: list[CallRecord], out: TextIO) -> None:
    rows = [export.table_row(r) for r in records]
    headers = export.TABLE_HEADERS
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), file=out)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)


def _remember(store: LocalStore, dial: Dial) -> None:
    try:
        store.dials.save(dial.to_state())
    except OSError as exc:
        print(f"warning: the dial is not in Recent dials: {exc.strerror}", file=sys.stderr)


# ---------------------------------------------------------------- commands


async def _call(conn: Connection, args: argparse.Namespace) -> int:
    if not (args.ext or conn.config.dial.default_extension).strip():
        raise UsageError("no extension to ring first: give --ext (the agent's IP phone, "
                         "e.g. 6688) or set [dial] default_extension")
    ext = validate_extension(args.ext or conn.config.dial.default_extension)
    check = normalise_phone(args.phone)
    if check.warning:
        print(f"warning: {check.warning}", file=sys.stderr)
    if args.txn:
        txn = check_transaction_id(args.txn)  # the Dial tab's rule for a typed id
    else:
        txn = new_transaction_id(conn.config.dial.transaction_prefix)
    with profile_store(conn.profile) as store:
        dials = stored_dials(store.dials)
        used = used_by(dials, txn)  # the Dial tab's rule: one transactionId, one dial
        if used is not None:
            raise UsageError(f"transactionId {txn} was used for the dial of "
                             f"{used.placed_at.strftime(SECOND_DISPLAY)}; nothing was sent: "
                             "give another --txn, or none to generate one")
        dial = Dial(now_vn().replace(tzinfo=None, microsecond=0), check.number, ext, txn)
        earlier = recent_duplicate(dials, check.number, dial.placed_at,
                                   conn.config.dial.duplicate_window_s)
        if earlier is not None:
            print(f"warning: {check.number} was dialled at "
                  f"{earlier.placed_at.strftime(SECOND_DISPLAY)} ({earlier.label})",
                  file=sys.stderr)
        if not confirm(f"Ring extension {ext}, then {check.number}?", args.yes):
            print("cancelled; nothing was sent.", file=sys.stderr)
            return EXIT_USAGE
        _remember(store, dial)
        try:
            result = await conn.client.make_call(check.number, ext, txn)
        except AlohubError as exc:
            dial.answered(exc)
            _remember(store, dial)
            if not isinstance(exc, OutcomeUnknown):
                raise
            print(f"alohub-tui call: {exc.title}: {exc.message} Check before dialling "
                  f"again: alohub-tui history --txn {txn}", file=sys.stderr)
            return EXIT_API_ERROR
        dial.answered(None)
        _remember(store, dial)
    if args.json:
        print(
            json.dumps(
                {
                    "status": "sent",
                    "transactionId": result.transaction_id,
                    "phoneNumber": check.number,
                    "ipPhone": ext,
                }
            )
        )
    else:
        print(f"sent: ringing {ext}, then {check.number}; transactionId {result.transaction_id}")
    return EXIT_OK


async def _history(conn: Connection, args: argparse.Namespace) -> int:
    criteria = criteria_from_args(args, now_vn().date())
    out = sys.stdout
    walk = PageWalk()
    limit = None if args.all else args.limit
    records = _CountUnreadable(_first_n(conn.client, criteria, limit, walk))
    if args.csv:
        writer = csv.writer(out)
        writer.writerow(export.CSV_HEADERS)
        async for record in records:
            writer.writerow(export.csv_cells(record))
    elif args.json:
        async for record in records:
            print(json.dumps(export.json_record(record), ensure_ascii=False), file=out)
    else:
        table = [r async for r in records]
        if table:
            _print_table(table, out)
        else:
            print("no calls match.", file=sys.stderr)
    for note in (walk.repeat_note, records.note()):
        if note:
            print(f"warning: {note}", file=sys.stderr)
    return EXIT_OK


class _CountUnreadable:
    """The records of ``source``, counting those with fields that could not be read."""

    def __init__(self, source: AsyncIterator[CallRecord]) -> None:
        self._source = source
        self.unreadable = 0

    def __aiter__(self) -> AsyncIterator[CallRecord]:
        return self._each()

    async def _each(self) -> AsyncIterator[CallRecord]:
        async for record in self._source:
            self.unreadable += bool(record.unreadable)
            yield record

    def note(self) -> str | None:
        return unreadable_note(self.unreadable) if self.unreadable else None


async def _first_n(client: AlohubClient, criteria: SearchCriteria, n: int | None,
                   walk: PageWalk) -> AsyncIterator[CallRecord]:
    """The first ``n`` calls of the search (every call when None), each once."""
    count = 0
    async for record in client.iter_calls(criteria, walk=walk):
        yield record
        count += 1
        if n is not None and count >= n:
            return


async def _recording(conn: Connection, args: argparse.Namespace) -> int:
    target: Path = args.output or conn.config.downloads_path
    if args.output is None or target.is_dir():  # a folder: the call's file in it
        target = target / recording_file_name(args.ref)
    if target.exists():
        raise UsageError(f"{target} already exists; choose another name with -o")
    path = await conn.client.download_recording(args.ref, target)
    print(f"saved {path} ({path.stat().st_size:,} bytes)")
    return EXIT_OK


_COMMANDS: dict[str, Callable[[Connection, argparse.Namespace], Awaitable[int]]] = {
    "call": _call,
    "history": _history,
    "recording": _recording,
}


async def _run_async(args: argparse.Namespace) -> int:
    async with open_connection(args) as conn:
        return await _COMMANDS[args.command](conn, args)


def run(args: argparse.Namespace) -> int:
    """Run one subcommand; map every expected failure to a line and an exit code."""
    try:
        if args.command == "queue":
            return queue_cmd.run(args)
        if args.command == "call":  # refused before the key, the server or the store
            refuse_in_read_only(config_from_args(args), f"the call to {args.phone}", hint="")
        return asyncio.run(_run_async(args))
    except UsageError as exc:
        print(f"alohub-tui {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidInput as exc:
        print(f"alohub-tui {args.command}: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except AlohubError as exc:
        print(f"alohub-tui {args.command}: {exc.title}: {exc.message}", file=sys.stderr)
        return EXIT_API_ERROR
    except StoreError as exc:  # before anything was sent
        print(f"alohub-tui {args.command}: {exc.strerror}; nothing was sent", file=sys.stderr)
        return EXIT_API_ERROR
    except BrokenPipeError:  # the reader left (`| head`): __main__ ends quietly
        raise
    except OSError as exc:  # a file of ours (-o, the downloads folder): say which
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"alohub-tui {args.command}: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_API_ERROR
