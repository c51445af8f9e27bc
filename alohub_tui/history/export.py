"""How call records are written out: the CLI's table, JSON lines and CSV share these
columns; :func:`write_csv` streams a whole search to a CSV file.

A CSV export writes rows as pages arrive, so memory stays flat for any number of calls,
into a private ``.part`` file renamed into place when complete (:class:`PartFile`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alohub_tui.api.models import CallRecord, SearchCriteria, SearchPage
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


def csv_row(record: CallRecord) -> list[str]:
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
        str(record.total_duration),
        str(record.holding_duration),
        record.hangup_by,
        record.transaction_id,
        record.recording_url,
    ]


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
        fmt_duration(record.total_duration),
        record.transaction_id,
    ]


# ---------------------------------------------------------------- CSV files

#: ``progress(rows_written, total_or_None)`` after each page.
ExportProgress = Callable[[int, int | None], None]


def _encode(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


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
            part.write(_encode([csv_row(record) for record in page.records]))
            rows += len(page.records)
            if progress is not None:
                progress(rows, page.total if page.total_exact else None)
        part.commit()
    return rows


async def export_search(client: AlohubClient, criteria: SearchCriteria, dest: Path,
                        progress: ExportProgress | None = None) -> int:
    """Every page of the search ``criteria`` (from page 1) to the CSV file ``dest``."""
    every_page = dataclasses.replace(criteria, page=1, limit=EXPORT_PAGE_SIZE)
    return await write_csv(client.iter_pages(every_page), dest, progress)
