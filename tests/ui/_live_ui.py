"""Helpers for the Live tab and wall tests: post webhooks, wait, read cells."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from textual.app import App
from textual.widgets import DataTable, Static

from alohub_tui.vntime import VN_TZ
from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.samples import DEFAULT_START
from alohub_tui.webhook.store import EventStore

WEBHOOK_KEY = "test-webhook-key"
#: 10 minutes after the sample calls start, the same day (2024-01-13, Vietnam time).
NOW = DEFAULT_START.replace(tzinfo=VN_TZ).replace(hour=15, minute=10, second=0)


def fixed_clock(moment: datetime = NOW) -> Callable[[], datetime]:
    return lambda: moment


async def post(url: str, *payloads: dict[str, Any], key: str = WEBHOOK_KEY) -> None:
    """POST each payload to the receiver, as Alohub does; every answer must be 200."""
    async with httpx.AsyncClient(timeout=10) as client:
        for payload in payloads:
            response = await client.post(url, json=payload, headers={"Authorization": key})
            assert response.status_code == 200, response.text


def fill_store(path: Path, payloads: Iterable[dict[str, Any]], received_at: float) -> None:
    """Store events directly, all received at ``received_at`` (Unix time)."""
    with EventStore(path) as store:
        for payload in payloads:
            store.add(CallEvent.parse(payload))
    with sqlite3.connect(path) as conn:  # pin "last event N s ago" for the snapshots
        conn.execute("UPDATE events SET received_at = ?", (received_at,))


def cell(app: App[Any], table: str, row: str, column: str) -> str:
    return str(app.query_one(table, DataTable).get_cell(row, column))


def row_keys(app: App[Any], table: str) -> list[str]:
    return [str(r.key.value) for r in app.query_one(table, DataTable).ordered_rows]


def text(app: App[Any], selector: str) -> str:
    return str(app.query_one(selector, Static).render())
