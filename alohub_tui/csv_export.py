"""Stream search results to a CSV file: a private ``.part`` file renamed when complete.

Rows are written as pages arrive, so memory stays flat for any number of calls. The
columns are :data:`alohub_tui.export.CSV_HEADERS`, the same as ``alohub-tui history --csv``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from pathlib import Path

from alohub_tui.api.models import SearchPage
from alohub_tui.export import CSV_HEADERS, csv_row
from alohub_tui.privfiles import PartFile

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
