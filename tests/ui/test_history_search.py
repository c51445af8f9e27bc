"""History tab: filters -> exact searchCallV2 criteria, rows, paging, sorting, failures."""

from __future__ import annotations

import time
from datetime import timedelta

from _history_ui import (
    day_payload,
    days_30,
    last_30_days,
    open_history,
    pick,
    searches,
    settle,
    status_line,
    table,
    today,
)
from conftest import API_KEY, AppFactory, wait_for
from textual.widgets import Input, Select

from alohub_tui.api.client import AlohubClient
from alohub_tui.api.models import CallRecord, SearchCriteria
from alohub_tui.api.secret import Secret
from alohub_tui.config import HistoryConfig
from alohub_tui.sim.server import Simulator
from alohub_tui.ui.screens.more_filters import MoreFiltersScreen
from alohub_tui.ui.tabs.history import DIM_AFTER_S, HistoryTab
from alohub_tui.ui.widgets.calls_table import CallsTable
from alohub_tui.vntime import day_bounds


async def test_first_show_searches_today(sim: Simulator, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        assert searches(sim) == []  # nothing until the tab is shown
        await open_history(pilot)
        assert searches(sim) == [{
            **day_payload(today(), today()), "call_id": "", "customer_number": "",
            "direction": "", "call_status": "", "agent": [], "ipPhone": "",
            "transactionId": "", "callType": "", "page": 1, "limit": 50,
        }]
        assert app.focused is table(app)


async def test_filters_send_exact_criteria(sim: Simulator, app_factory: AppFactory) -> None:
    agent = next(iter(sim.tenant.agents.values()))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pick(pilot, "hf-range", "30d")
        await pick(pilot, "hf-status", "answered")
        await pick(pilot, "hf-agent", agent.user_name)
        await pilot.press("slash", *"0912 345 678", "tab")  # phone, then direction picker
        await pilot.press("enter", "down", "down", "enter")  # → outbound (runs a search)
        await settle(pilot, "history-search")
        await pilot.press("tab", "tab", "tab", *"6688", "enter")  # extension, Enter searches
        await settle(pilot, "history-search")
        assert searches(sim)[-1] == {
            **last_30_days(), "call_id": "", "customer_number": "0912345678",
            "direction": "outbound", "call_status": "answered", "agent": [agent.user_name],
            "ipPhone": "6688", "transactionId": "", "callType": "", "page": 1, "limit": 50,
        }
        # The rarer filters live in the More dialog (F7): transactionId and call id.
        await pilot.press("f7")
        assert isinstance(app.screen, MoreFiltersScreen)
        await pilot.press("tab", "tab", *"TXN_1", "tab", *"CALL-1", "enter")
        await settle(pilot, "history-search")
        body = searches(sim)[-1]
        assert (body["transactionId"], body["call_id"]) == ("TXN_1", "CALL-1")
        assert body["starttime"] == last_30_days()["starttime"]  # dates untouched: preset kept
        assert "More (2)" in str(app.query_one("#hf-more").render())


async def test_custom_dates_from_more_dialog(sim: Simulator, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("f7")
        date_from = app.screen.query_one("#mf-from", Input)
        date_from.value = "2026-01-02"
        app.screen.query_one("#mf-to", Input).value = "01/01/2026"
        await pilot.press("enter")
        assert isinstance(app.screen, MoreFiltersScreen)  # to < from: explained, not sent
        assert "before" in str(app.screen.query_one("#mf-hint").render())
        app.screen.query_one("#mf-to", Input).value = "05/01/2026"
        await pilot.press("enter")
        await settle(pilot, "history-search")
        assert searches(sim)[-1]["starttime"] == "2026-01-02T00:00:00+07:00"
        assert searches(sim)[-1]["endtime"] == "2026-01-05T23:59:59+07:00"


async def test_rows_are_the_servers_page_keyed_by_call_id(
    sim: Simulator, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pick(pilot, "hf-range", "30d")
        async with AlohubClient(sim.base_url, Secret(API_KEY), media_url=sim.media_url) as client:
            expected = await client.search_calls(
                SearchCriteria(*day_bounds(*days_30()), limit=50))
        rows = table(app)
        assert [str(k.value) for k in rows.rows] == [r.call_id for r in expected.records]
        assert rows.row_count == 50
        assert status_line(app).startswith(
            f"page 1 of {expected.page_count} · {expected.total:,} calls"
        )


async def test_paging_next_and_previous(sim: Simulator, app_factory: AppFactory) -> None:
    app = app_factory(history=HistoryConfig(page_size=10))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pick(pilot, "hf-range", "30d")
        shown = app.query_one(HistoryTab).page
        assert shown is not None
        total, pages = shown.total, shown.page_count
        assert pages > 2
        first_keys = list(table(app).rows)
        await pilot.press("right_square_bracket")
        await settle(pilot, "history-search")
        assert searches(sim)[-1]["page"] == 2
        assert status_line(app).startswith(f"page 2 of {pages} · {total:,} calls")
        assert list(table(app).rows) != first_keys
        await pilot.press("left_square_bracket")
        await settle(pilot, "history-search")
        assert searches(sim)[-1]["page"] == 1
        assert status_line(app).startswith(f"page 1 of {pages}")
        sent = len(searches(sim))
        await pilot.press("left_square_bracket")  # already on page 1: nothing sent
        await settle(pilot, "history-search")
        assert len(searches(sim)) == sent


def shown_records(rows: CallsTable) -> list[CallRecord]:
    """The records in the order the table shows them."""
    records = [rows.record_for(str(key.value)) for key in rows.rows]
    return [r for r in records if r is not None]


async def test_sort_cycles_columns_and_reverses(sim: Simulator, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pick(pilot, "hf-range", "30d")
        rows = table(app)
        sent = len(searches(sim))
        await pilot.press(*"s" * 7)  # start, dir, status, ♪, caller, destination, dur
        assert rows.sort_column == "dur"
        durations = [r.total_duration for r in shown_records(rows)]
        assert durations == sorted(durations)
        await pilot.press("r")
        durations = [r.total_duration for r in shown_records(rows)]
        assert durations == sorted(durations, reverse=True)
        assert "sorted by dur ▼" in status_line(app)
        assert len(searches(sim)) == sent  # sorting the loaded page asks the server nothing


async def test_server_fault_keeps_filters_and_rows(
    sim: Simulator, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pick(pilot, "hf-range", "30d")
        before = list(table(app).rows)
        assert before
        sim.set_faults(["envelope@search"])
        await pilot.press("slash", *"0912345678", "enter")
        await settle(pilot, "history-search")
        assert "HỆ THỐNG OUTBOUND GẶP SỰ CỐ" in status_line(app)
        assert status_line(app).startswith("✗")
        assert list(table(app).rows) == before
        assert app.query_one("#hf-phone", Input).value == "0912345678"
        sim.clear_faults()
        await pilot.press("ctrl+r")
        await settle(pilot, "history-search")
        assert status_line(app).startswith("No calls match") or "page 1 of" in status_line(app)


async def test_a_phone_or_extension_no_call_can_have_is_refused_not_searched(
    sim: Simulator, app_factory: AppFactory
) -> None:
    """A typo ("09x") searched as it was answered "No calls match": the user could not
    tell a typo from a quiet day. It is named instead, and nothing is sent."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await settle(pilot, "history-search")
        sent = len(searches(sim))
        await pilot.press("slash", *"09x", "enter")
        await pilot.pause()
        assert status_line(app).startswith("✗ A phone number cannot contain letters: '09x'.")
        assert app.focused is app.query_one("#hf-phone", Input)  # there to correct it
        await pilot.press("ctrl+u", *"0912-345")
        app.query_one("#hf-extension", Input).focus()
        await pilot.press(*"66a", "enter")
        await pilot.pause()
        assert status_line(app).startswith("✗ An extension is 2 to 8 digits, got '66a'.")
        assert app.focused is app.query_one("#hf-extension", Input)
        assert len(searches(sim)) == sent
        await pilot.press("backspace", "enter")  # a part of a number, separators dropped
        await settle(pilot, "history-search")
        body = searches(sim)[-1]
        assert (body["customer_number"], body["ipPhone"]) == ("0912345", "66")


async def test_custom_range_pick_opens_dialog_and_cancel_reverts(
    sim: Simulator, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pick(pilot, "hf-range", "7d")
        sent = len(searches(sim))
        app.query_one("#hf-range", Select).value = "custom"
        await pilot.pause()
        assert isinstance(app.screen, MoreFiltersScreen)
        first, last = today() - timedelta(days=6), today()
        assert app.screen.query_one("#mf-from", Input).value == first.isoformat()
        assert app.screen.query_one("#mf-to", Input).value == last.isoformat()
        await pilot.press("escape")
        await settle(pilot, "history-search")
        assert app.query_one("#hf-range", Select).value == "7d"
        assert len(searches(sim)) == sent  # cancelled: nothing sent


async def test_page_dims_only_while_a_slow_search_runs(
    sim: Simulator, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        calls = table(app)
        assert not calls.has_class("-stale")  # a quick answer: never dimmed
        sim.set_latency((1500, 1500))
        pressed = time.monotonic()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: calls.has_class("-stale"))
        # Not at once: a search may still answer quickly (timed, so a slow machine passes).
        assert time.monotonic() - pressed >= DIM_AFTER_S
        await wait_for(pilot, lambda: not calls.has_class("-stale"))
        assert status_line(app).startswith("page 1 of")
