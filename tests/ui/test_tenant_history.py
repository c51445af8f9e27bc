"""History tab and the dial's look-up against what a real tenant may send (Pilot, over a
real socket to ``fake_tenant``): the seed's bare record, bad fields, ignored paging."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _history_ui import open_history, plain, settle, table
from conftest import wait_for
from fake_tenant import FakeTenant, Reply, Seen, json_reply
from textual.widgets import DataTable, Input, Static

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.config import ApiConfig, Config, DialConfig, HistoryConfig
from alohub_tui.state import StateStore
from alohub_tui.ui.app import AlohubApp
from alohub_tui.vntime import now_vn

SEARCH = "/api/v1.0/base/searchCallV2"
TenantApp = Callable[..., AlohubApp]


def record(n: int, **changes: Any) -> dict[str, Any]:
    start = now_vn().strftime("%Y-%m-%d %H:%M:%S")
    return {"call_id": f"20261127-TENANT-{n:05d}", "direction": "OUTBOUND",
            "call_status": "answered", "starttime": start, "answertime": start,
            "endtime": start, "total_duration": "60", "caller_number": "6688",
            "destination_number": "0912345678", "agent": "userName66", **changes}


@pytest.fixture
def tenant_app(fake_tenant: FakeTenant, tmp_path: Path) -> TenantApp:
    """The app on ``fake_tenant`` (its folders are the test's own: tests/conftest.py)."""

    def make(page_size: int = 50) -> AlohubApp:
        config = Config(
            api=ApiConfig(base_url=fake_tenant.base_url, media_url=fake_tenant.media_url),
            dial=DialConfig(default_extension="6688"),
            history=HistoryConfig(page_size=page_size, downloads_dir=str(tmp_path / "dl")),
        )
        return AlohubApp(Resolved(config, Secret(fake_tenant.key)),
                         StateStore(tmp_path / "state.toml"))

    return make


def status(app: AlohubApp) -> str:
    return plain(app.query_one("#history-status", Static))


async def test_the_seed_documents_bare_record_is_one_call(
    fake_tenant: FakeTenant, tenant_app: TenantApp
) -> None:
    fake_tenant.answer("POST", SEARCH, json_body=record(1))
    app = tenant_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        assert table(app).row_count == 1
        assert "page 1 · 1 calls" in status(app)


async def test_an_unreadable_answer_is_an_error_never_no_calls(
    fake_tenant: FakeTenant, tenant_app: TenantApp
) -> None:
    fake_tenant.answer("POST", SEARCH, json_body={"result": [record(1)]})
    app = tenant_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        line = status(app)
        assert line.startswith("✗ Unexpected response: Alohub sent a response the app cannot use")
        assert "keys: result" in line and "No calls" not in line


async def test_bad_fields_are_blank_and_counted(
    fake_tenant: FakeTenant, tenant_app: TenantApp, tmp_path: Path
) -> None:
    """On screen and in the CSV export: the calls kept, the bad field blank, the count said."""
    rows = [record(1, total_duration="N/A"), record(2, starttime="tomorrow"), record(3)]
    fake_tenant.answer("POST", SEARCH, json_body={"success": "1", "data": rows,
                                                   "totalRecord": 3})
    app = tenant_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_history(pilot)
        assert table(app).row_count == 3
        assert "⚠ 2 calls had fields that could not be read (left blank)" in status(app)
        shown = {str(table(app).get_row(key)[0]) for key in table(app).rows}
        assert "" in {cell.strip() for cell in shown}  # the unreadable start is blank
        await pilot.press("e")
        await settle(pilot, "export")
        (exported,) = (tmp_path / "dl").iterdir()
        with exported.open(newline="", encoding="utf-8") as handle:
            written = list(csv.DictReader(handle))
        assert [row["total_duration"] for row in written] == ["", "60", "60"]
        toast = next(n for n in app._notifications if n.title == "CSV exported")
        assert "2 calls had fields that could not be read" in toast.message


async def test_a_server_ignoring_paging_stops_with_a_warning_and_exports_once(
    fake_tenant: FakeTenant, tenant_app: TenantApp, tmp_path: Path
) -> None:
    """Every page number gets page 1 (a full page): page 2 is refused with a warning, and
    the export (500 a page) writes each call once, a formula-like cell quoted."""

    def first_page(seen: Seen) -> Reply:
        return json_reply([record(n, agent="=1+1" if n == 0 else "userName66")
                           for n in range(seen.json()["limit"])])

    fake_tenant.answer("POST", SEARCH, first_page)
    app = tenant_app(page_size=20)
    async with app.run_test(size=(100, 30)) as pilot:
        history = await open_history(pilot)
        first = list(table(app).rows)
        await pilot.press("right_square_bracket")
        await settle(pilot, "history-search")
        assert "⚠ page 2 repeated calls already read" in status(app)
        assert list(table(app).rows) == first and history.page is not None
        assert history.page.page == 1
        searched = len(fake_tenant.seen(SEARCH))
        await pilot.press("right_square_bracket")  # no page 3 is asked for
        await settle(pilot, "history-search")
        assert len(fake_tenant.seen(SEARCH)) == searched
        await pilot.press("e")
        await settle(pilot, "export")
        (exported,) = (tmp_path / "dl").iterdir()
        with exported.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        ids = [row["call_id"] for row in rows]
        assert len(ids) == 500 == len(set(ids))
        assert rows[0]["agent"] == "'=1+1"  # a spreadsheet would run it: quoted
        assert rows[0]["caller_number"] == "6688"
        toast = next(n for n in app._notifications if n.title == "CSV exported")
        assert "500 calls" in toast.message and "page 2 repeated calls" in toast.message


async def test_the_dial_is_found_when_the_lookup_answers_a_bare_record(
    fake_tenant: FakeTenant, tenant_app: TenantApp
) -> None:
    """After makeCall, the look-up by transactionId reads the seed's shape too."""
    fake_tenant.answer("POST", "/api/v1.0/base/makeCall",
                       json_body={"success": "1", "error_code": "SUCCESS"})
    app = tenant_app()
    async with app.run_test(size=(80, 24)) as pilot:
        txn = app.query_one("#txn", Input).value
        fake_tenant.answer("POST", SEARCH, json_body=record(7, transactionId=txn,
                                                            call_status="answered"))
        await pilot.press(*"0912345673", "enter")
        dials = app.query_one("#recent-dials", DataTable)
        await wait_for(pilot, lambda: "answered" in str(dials.get_row(txn)[3]), timeout=10)
        lookup = fake_tenant.seen(SEARCH)[0].json()
        assert lookup["transactionId"] == txn
