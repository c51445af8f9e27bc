"""History tab: from the search response received to the 100-row page drawn.

Method: the real :class:`AlohubApp` runs under ``App.run_test`` (headless, 120x40; the
compositor still renders every frame) against a simulator with 100,000 calls in its own
process. Two bench-only hooks on the instances (no production code changes):

* ``client.search_calls`` is wrapped to stamp the moment the response has arrived and
  been parsed into a page (100 records);
* ``HistoryTab._loaded`` is wrapped to schedule ``call_after_refresh`` after the table
  was filled: that callback runs once the screen holding the new rows has been
  refreshed, which is the "drawn" stamp.

The figure is drawn - received (median of N loads; p95 in the notes, it is mostly
the machine's noise: the bare baseline's p95 moves as much): search via Ctrl+R, then next page via
``]``. The network time is not part of it. Baseline: the same rows put into a bare
``DataTable`` (same columns) in a bare app, same stamps, so the ratio shows what
CallsTable and the tab add on top of Textual.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from bench.common import SIM_KEY, Result, Target, percentile, running_sim

PAGE = 100
SIZE = (120, 40)


@contextlib.contextmanager
def private_dirs() -> Iterator[Path]:
    """Point the app's state/data/downloads folders at a temporary folder."""
    names = ("ALOHUB_TUI_STATE_DIR", "ALOHUB_TUI_DATA_DIR", "ALOHUB_TUI_CACHE_DIR",
             "ALOHUB_TUI_DOWNLOADS_DIR", "ALOHUB_TUI_CONFIG")
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            os.environ[name] = str(Path(folder) / name.lower())
        try:
            yield Path(folder)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


class Stamps:
    """Pairs of (response received, page drawn) perf_counter times."""

    def __init__(self) -> None:
        self.received: list[float] = []
        self.drawn: list[float] = []
        self.changed = asyncio.Event()

    def got_response(self) -> None:
        self.received.append(time.perf_counter())

    def got_drawn(self) -> None:
        self.drawn.append(time.perf_counter())
        self.changed.set()

    async def wait_drawn(self, count: int, timeout: float = 30.0) -> None:
        async with asyncio.timeout(timeout):
            while len(self.drawn) < count:
                self.changed.clear()
                await self.changed.wait()

    def latencies_ms(self) -> list[float]:
        return [(d - r) * 1000 for r, d in zip(self.received, self.drawn, strict=True)]


def _stamped(call: Callable[..., Awaitable[Any]], stamps: Stamps) -> Callable[..., Any]:
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = await call(*args, **kwargs)
        stamps.got_response()
        return result
    return wrapper


async def measure_app(base_url: str, loads: int) -> tuple[list[float], list[float]]:
    """(search latencies, next-page latencies) in ms, in the real app."""
    from alohub_tui.api.secret import Secret
    from alohub_tui.boot.connect import Resolved
    from alohub_tui.config import ApiConfig, Config, DialConfig, HistoryConfig
    from alohub_tui.state import StateStore
    from alohub_tui.ui.app import AlohubApp
    from alohub_tui.ui.tabs.history import HistoryTab

    with private_dirs() as folder:
        config = Config(api=ApiConfig(base_url=base_url), dial=DialConfig(default_extension="6688"),
                        history=HistoryConfig(page_size=PAGE))
        app = AlohubApp(Resolved(config, Secret(SIM_KEY)), StateStore(folder / "state.toml"))
        stamps = Stamps()
        async with app.run_test(size=SIZE) as pilot:
            app.client.search_calls = _stamped(app.client.search_calls, stamps)  # type: ignore[method-assign]
            tab = app.query_one(HistoryTab)
            loaded = tab._loaded

            def drawn_after(*args: Any) -> None:
                loaded(*args)
                tab.call_after_refresh(stamps.got_drawn)

            tab._loaded = drawn_after  # type: ignore[method-assign, assignment]
            await pilot.press("f3")  # the first search runs when the tab is shown
            await stamps.wait_drawn(1)
            for key in ["ctrl+r"] * loads + ["right_square_bracket"] * loads:
                await pilot.pause(0.05)
                expected = len(stamps.drawn) + 1
                await pilot.press(key)
                await stamps.wait_drawn(expected)
            rows = tab.table.row_count
        if rows != PAGE:
            raise RuntimeError(f"the table shows {rows} rows, expected {PAGE}")
        latencies = stamps.latencies_ms()[1:]
        return latencies[:loads], latencies[loads:]


async def measure_bare(records: list[Any], loads: int) -> list[float]:
    """ms to fill and draw the same rows in a bare DataTable (the baseline)."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from alohub_tui.ui.widgets.calls_table import COLUMNS

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row", zebra_stripes=True)

    app, stamps = Bare(), Stamps()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DataTable)
        for _ in range(loads):
            await pilot.pause(0.05)
            stamps.got_response()
            table.clear(columns=True)
            for column in COLUMNS:
                table.add_column(column.label, key=column.key)
            for n, record in enumerate(records):
                table.add_row(*(column.cell(record) for column in COLUMNS), key=str(n))
            app.call_after_refresh(stamps.got_drawn)
            await stamps.wait_drawn(len(stamps.received))
    return stamps.latencies_ms()


def _page_records(base_url: str) -> list[Any]:
    from alohub_tui.api.client import AlohubClient
    from alohub_tui.api.secret import Secret
    from bench.csv_export import all_calls

    async def fetch() -> list[Any]:
        async with AlohubClient(base_url, Secret(SIM_KEY)) as client:
            return list((await client.search_calls(all_calls(PAGE))).records)
    return asyncio.run(fetch())


def run(quick: bool = False, *, calls: int = 100_000) -> list[Result]:
    loads = 5 if quick else 15
    with running_sim(calls) as base:
        search, next_page = asyncio.run(measure_app(base, loads))
        bare = asyncio.run(measure_bare(_page_records(base), loads))
    label = f"History, {calls:,} calls, {PAGE}-row page: response -> drawn"
    return [
        Result(f"{label}, {what} (median of {loads})", percentile(times, 0.5), "ms",
               Target(bound), percentile(bare, 0.5), "bare DataTable, same rows",
               notes=[f"p95 {percentile(times, 0.95):.0f} ms, bare p95 "
                      f"{percentile(bare, 0.95):.0f} ms"])
        for what, times, bound in (("search", search, 150), ("next page", next_page, 100))
    ]
