"""Helpers for the History tab Pilot tests."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Select, Static

from alohub_tui.sim.server import Simulator
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.tabs.history import HistoryTab
from alohub_tui.ui.widgets.calls_table import CallsTable
from alohub_tui.vntime import now_vn

SEARCH_PATH = "/api/v1.0/base/searchCallV2"
MEDIA_PATH = "/IPCCMedia/MP3Export.do"


def today() -> date:
    return now_vn().date()


def day_payload(first: date, last: date) -> dict[str, str]:
    return {"starttime": f"{first.isoformat()}T00:00:00+07:00",
            "endtime": f"{last.isoformat()}T23:59:59+07:00"}


def days_30() -> tuple[date, date]:
    """First and last day of the "Last 30 days" preset."""
    return today() - timedelta(days=29), today()


def last_30_days() -> dict[str, str]:
    return day_payload(*days_30())


async def settle(pilot: Pilot[None], *groups: str) -> None:
    """Let messages run and wait for the workers of ``groups`` (all when none given)."""
    app = pilot.app
    await pilot.pause()
    workers = [w for w in app.workers if not groups or w.group in groups]
    if workers:  # (an empty list would wait for every worker, a dial's tracking too)
        await app.workers.wait_for_complete(workers)
    await pilot.pause()


async def open_history(pilot: Pilot[None]) -> HistoryTab:
    """F3, then wait for the first search (today) to finish."""
    await pilot.press("f3")
    await settle(pilot, "history-search")
    return pilot.app.query_one(HistoryTab)


async def pick(pilot: Pilot[None], select_id: str, value: str) -> None:
    """Choose ``value`` in a filter picker (this runs a search), and wait for it."""
    pilot.app.query_one(f"#{select_id}", Select).value = value
    await settle(pilot, "history-search")


def searches(sim: Simulator) -> list[dict[str, Any]]:
    """Bodies of the searchCallV2 requests the simulator received, oldest first."""
    return [r["body"] for r in sim.requests if r["path"] == SEARCH_PATH]


def media_requests(sim: Simulator) -> list[dict[str, Any]]:
    return [r for r in sim.requests if r["path"] == MEDIA_PATH]


def table(app: App[Any]) -> CallsTable:
    return app.query_one("#history-table", CallsTable)


def plain(widget: Static) -> str:
    """A Static's content as plain text (Rich renderables included)."""
    buffer = io.StringIO()
    Console(width=200, file=buffer, color_system=None).print(widget.content)
    return buffer.getvalue()


def status_line(app: AlohubApp) -> str:
    return str(app.query_one("#history-status", Static).render())
