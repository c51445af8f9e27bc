"""CSV export of every call: throughput and memory while streaming 100,000 rows.

The simulator (100,000 calls) runs in its own process. The export is exactly what the
History tab runs: ``write_csv(client.iter_pages(criteria))`` with 500-row pages
(``alohub_tui.history.export.EXPORT_PAGE_SIZE``) into a temporary folder. This process's
RSS is sampled after every page; "flat" means it grows by at most a few MB over the
second half of the export (a non-streaming export would hold every record: ~100+ MB for
100k).

Baseline: the same pages fetched with a bare ``httpx.AsyncClient``, body read, not parsed:
the ratio is the share of the time spent on parsing, models and CSV writing.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx

from alohub_tui.api.client import AlohubClient
from alohub_tui.api.models import SearchCriteria
from alohub_tui.api.secret import Secret
from alohub_tui.history.export import EXPORT_PAGE_SIZE, write_csv
from alohub_tui.vntime import now_vn
from bench.common import SIM_KEY, Result, Target, rss_bytes, running_sim

PAGE_SIZE = EXPORT_PAGE_SIZE
MB = 1024 * 1024
FLAT_MB = 8.0


def all_calls(limit: int = PAGE_SIZE) -> SearchCriteria:
    """Every call of the simulator's 30-day history."""
    now = now_vn().replace(tzinfo=None)
    return SearchCriteria(start=now - timedelta(days=32), end=now + timedelta(hours=1),
                          limit=limit)


async def export_rows(base_url: str, dest: Path) -> tuple[int, float, list[int]]:
    """(rows, seconds, RSS after each page) for the project's export path."""
    samples: list[int] = []
    async with AlohubClient(base_url, Secret(SIM_KEY)) as client:
        began = time.perf_counter()
        rows = await write_csv(client.iter_pages(all_calls()), dest,
                               progress=lambda done, total: samples.append(rss_bytes()))
        return rows, time.perf_counter() - began, samples


async def raw_paging(base_url: str) -> tuple[int, float]:
    """(rows, seconds) for the same pages with bare httpx, no parsing beyond page 1."""
    body = all_calls().to_payload()
    url = base_url + "/v1.0/base/searchCallV2"
    async with httpx.AsyncClient(headers={"Authorization": SIM_KEY}, timeout=60) as http:
        began = time.perf_counter()
        total = int((await http.post(url, json=body)).json()["totalRecord"])
        for page in range(2, -(-total // PAGE_SIZE) + 1):
            (await http.post(url, json={**body, "page": page})).read()
        return total, time.perf_counter() - began


def second_half_growth(samples: list[int]) -> float:
    """RSS growth in MB from the middle sample to the highest later one."""
    if len(samples) < 2:
        return 0.0
    middle = len(samples) // 2
    return (max(samples[middle:]) - samples[middle]) / MB


def run(quick: bool = False, *, calls: int | None = None) -> list[Result]:
    count = calls or (30_000 if quick else 100_000)
    with running_sim(count) as base, tempfile.TemporaryDirectory() as folder:
        raw_rows, raw_seconds = asyncio.run(raw_paging(base))
        rows, seconds, samples = asyncio.run(export_rows(base, Path(folder) / "calls.csv"))
    if rows != count or raw_rows != count:
        raise RuntimeError(f"exported {rows} / paged {raw_rows} rows, expected {count}")
    label = f"CSV export, {count:,} calls, {PAGE_SIZE}-row pages"
    return [
        Result(f"{label}: rate", rows / seconds, "rows/s", Target(20_000, at_most=False),
               raw_rows / raw_seconds, "bare httpx paging, no parsing"),
        Result(f"{label}: RSS growth, 2nd half", second_half_growth(samples), "MB",
               Target(FLAT_MB), notes=[f"peak RSS {max(samples) / MB:.0f} MB"]),
    ]
