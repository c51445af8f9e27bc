"""How call records are written out: the CLI's table, JSON lines and CSV share these
columns; :func:`write_csv` streams a whole search to a CSV file.

A CSV export writes rows as pages arrive, so memory stays flat for any number of calls,
into a private ``.part`` file renamed into place when complete (:class:`PartFile`). Each
call is written once, even when the server repeats pages (:class:`PageWalk`). A field
Alohub sent in a shape that could not be read is left blank. A cell a spreadsheet
would run as a formula gets a leading ``'`` (:func:`spreadsheet_safe`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alohub_tui.api.models import CallRecord, SearchCriteria, SearchPage
from alohub_tui.api.paging import PageWalk
from alohub_tui.privfiles import PartFile
from alohub_tui.vntime import fmt_duration, wire_text

if TYPE_CHECKING:
    from alohub_tui.api.client import AlohubClient

#: Rows per request when exporting (fewer round trips than the display page size).
EXPORT_PAGE_SIZE = 500

CSV_HEADERS = (
    "call_id",
    "starttime",
    "answertime",
    "endtime",
    "direction",
    "call_status",
    "caller_number",
    "destination_number",
    "agent",
    "total_duration",
    "holding_duration",
    "hangup_by",
    "transactionId",
    "recording_url",
)

TABLE_HEADERS = ("start", "dir", "status", "caller", "destination", "agent", "dur", "txn")


def _seconds(record: CallRecord, name: str) -> str:
    return str(getattr(record, name)) if record.readable(name) else ""


def csv_row(record: CallRecord) -> list[str]:
    """The record's values in :data:`CSV_HEADERS` order (an unreadable field blank)."""
    return [
        record.call_id,
        wire_text(record.starttime),
        wire_text(record.answertime),
        wire_text(record.endtime),
        record.direction,
        record.call_status,
        record.caller_number,
        record.destination_number,
        record.agent,
        _seconds(record, "total_duration"),
        _seconds(record, "holding_duration"),
        record.hangup_by,
        record.transaction_id,
        record.recording_url,
    ]


#: What a spreadsheet reads as the start of a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A plain number (``-5``, ``3.5``) or phone number (``+84912345678``): left as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` with a leading ``'`` when a spreadsheet would run it as a formula.

    Call data holds text from outside (names, numbers a caller sent): ``=HYPERLINK(...)``
    in an agent's name must reach the supervisor's spreadsheet as text.
    """
    if cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_cells(record: CallRecord) -> list[str]:
    """A CSV row of ``record``: :func:`csv_row`, each cell :func:`spreadsheet_safe`."""
    return [spreadsheet_safe(cell) for cell in csv_row(record)]


def json_record(record: CallRecord) -> dict[str, Any]:
    return dict(zip(CSV_HEADERS, csv_row(record), strict=True))


def table_row(record: CallRecord) -> list[str]:
    return [
        wire_text(record.starttime),
        record.direction[:3],
        record.call_status,
        record.caller_number,
        record.destination_number,
        record.agent,
        fmt_duration(record.total_duration) if record.readable("total_duration") else "",
        record.transaction_id,
    ]


# ---------------------------------------------------------------- CSV files

#: ``progress(rows_written, total_or_None)`` after each page.
ExportProgress = Callable[[int, int | None], None]


def _encode(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Exported:
    """What an export wrote: rows (calls, each once) and what the user should know."""

    rows: int
    notes: tuple[str, ...] = ()


async def write_csv(pages: AsyncIterator[SearchPage], dest: Path,
                    progress: ExportProgress | None = None) -> int:
    """Write every record of ``pages`` to ``dest`` (mode 0600); return the row count.

    ``dest`` only appears (or is replaced) once the last page is written; on any error
    the partial ``.part`` file is removed and the error propagates.
    """
    rows = 0
    with PartFile(dest) as part:
        part.write(_encode([CSV_HEADERS]))
        async for page in pages:
            part.write(_encode([csv_cells(record) for record in page.records]))
            rows += len(page.records)
            if progress is not None:
                progress(rows, page.total if page.total_exact else None)
        part.commit()
    return rows


async def export_search(client: AlohubClient, criteria: SearchCriteria, dest: Path,
                        progress: ExportProgress | None = None) -> Exported:
    """Every page of the search ``criteria`` (from page 1) to the CSV file ``dest``."""
    every_page = dataclasses.replace(criteria, page=1, limit=EXPORT_PAGE_SIZE)
    walk = PageWalk()
    rows = await write_csv(client.iter_pages(every_page, walk=walk), dest, progress)
    return Exported(rows, tuple(walk.notes()))
