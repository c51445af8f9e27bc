"""Live things look live: a call in progress ticks on Dial and in History's detail, and
History looks a call shown in progress up again until it has ended."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from _history_ui import open_history, table
from _screen_text import screen_text
from conftest import AppFactory, wait_for
from textual.widgets import DataTable, Input

from alohub_tui.dial.record import IN_CALL, Dial
from alohub_tui.sim.server import Simulator
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.widgets.call_detail import CallDetail
from alohub_tui.vntime import now_vn, to_local_naive


def dur_cell(app: AlohubApp, txn: str) -> str:
    return str(app.query_one("#recent-dials", DataTable).get_cell(txn, "dur"))


def seconds(text: str) -> int:
    found = re.search(r"(\d+):(\d\d)", text)
    assert found, text
    return int(found.group(1)) * 60 + int(found.group(2))


async def test_a_dial_in_call_ticks_on_the_dial_tab(app_factory: AppFactory) -> None:
    now = to_local_naive(now_vn()).replace(microsecond=0)
    txn = "ALOHUB_TUI_20261127033000_0badcafe"
    dial = Dial(now - timedelta(seconds=100), "0912345678", "6688", txn, outcome=IN_CALL,
                duration=9, answered_at=now - timedelta(seconds=90))
    app = app_factory()
    app.store.dials.save(dial.to_state())
    async with app.run_test(size=(80, 24)) as pilot:
        first = seconds(dur_cell(app, txn))
        assert first >= 90  # not the 0:09 of the last look-up
        await wait_for(pilot, lambda: seconds(dur_cell(app, txn)) > first, timeout=5)


async def place_and_open_history(app: AlohubApp, pilot: object) -> str:
    """Dial a number that rings unanswered for 33 s, open History; the transactionId."""
    txn = app.query_one("#txn", Input).value
    await pilot.press(*"0912345671", "enter")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: "Sent" in screen_text(app))  # type: ignore[arg-type]
    await open_history(pilot)  # type: ignore[arg-type]
    return txn


async def test_history_detail_of_a_call_in_progress_ticks(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        txn = await place_and_open_history(app, pilot)
        rows = table(app)
        rows.move_cursor(row=next(i for i, r in enumerate(rows.records)
                                  if r.transaction_id == txn))
        await pilot.pause()
        detail = app.query_one("#history-detail", CallDetail)
        assert detail.record is not None and not detail.record.final

        def so_far() -> int:
            found = re.search(r"(\d+:\d\d) so far", screen_text(app))
            return seconds(found.group(1)) if found else -1

        first = so_far()
        assert first >= 0, screen_text(app)
        await wait_for(pilot, lambda: so_far() > first, timeout=5)


async def test_history_refreshes_a_call_in_progress_when_it_ends(
    sim: Simulator, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("alohub_tui.ui.tabs.history_progress.REFRESH_S", 0.5)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        txn = await place_and_open_history(app, pilot)
        row = next(r for r in table(app).records if r.transaction_id == txn)
        assert not row.final  # shown while it rings
        (call,) = sim.live.calls
        call.record.update(call_status="noanswer", endtime=call.record["starttime"],
                           total_duration="33", hangup_by="system")  # it ends now
        await wait_for(pilot, lambda: any(
            r.call_id == row.call_id and r.final for r in table(app).records), timeout=10)
        assert "noanswer" in screen_text(app)
