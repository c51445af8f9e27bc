"""Dial tab, each dial its own: a re-dial after a refusal gets a new transactionId and
the refused dial stays; a dial that never reached Alohub asks nothing; the id carries
the time the screen shows (Pilot, against the real simulator on loopback)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from conftest import wait_for
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from alohub_tui.api.secret import Secret
from alohub_tui.boot.connect import Resolved
from alohub_tui.boot.demo import catalog_from_tenant
from alohub_tui.config import ApiConfig, Config, DialConfig, UiConfig
from alohub_tui.sim.server import Simulator
from alohub_tui.state import StateStore
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.vntime import VN_TZ

NOW = datetime(2026, 11, 27, 10, 30, 0, tzinfo=VN_TZ)  # 03:30 UTC


def make_calls(sim: Simulator) -> list[dict[str, Any]]:
    return [r for r in sim.requests if r["path"].endswith("/makeCall")]


def result(pilot: Pilot[Any]) -> str:
    return str(pilot.app.query_one("#dial-result", Static).render())


def app_on(sim: Simulator, tmp_path: Path, base_url: str | None = None,
           read_only: bool = False) -> AlohubApp:
    config = Config(
        ui=UiConfig(read_only=read_only),
        api=ApiConfig(base_url=base_url or sim.base_url, media_url=sim.media_url,
                      connect_timeout_s=0.5),
        dial=DialConfig(default_extension="6688", duplicate_window_s=300),
        catalog=catalog_from_tenant(sim.tenant),
    )
    return AlohubApp(Resolved(config, Secret(sim.api_key)), StateStore(tmp_path / "s.toml"),
                     clock=lambda: NOW)


async def test_the_transaction_id_carries_vietnam_time_as_the_screen_shows(
    sim: Simulator, tmp_path: Path
) -> None:
    app = app_on(sim, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        txn = app.query_one("#txn", Input).value
        assert txn.startswith("ALOHUB_TUI_20261127103000_")
        await pilot.press(*"0912345673", "enter")
        await wait_for(pilot, lambda: len(make_calls(sim)) == 1)
        assert make_calls(sim)[0]["body"]["transactionId"] == txn
        assert app.query_one("#recent-dials", DataTable).get_row(txn)[0] == "10:30:00"


async def test_a_redial_after_a_refusal_is_a_new_dial_and_the_refused_one_stays(
    sim: Simulator, tmp_path: Path
) -> None:
    sim.set_faults(["envelope@makecall"])
    app = app_on(sim, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        refused = app.query_one("#txn", Input).value
        await pilot.press(*"0912345673", "enter")
        await wait_for(pilot, lambda: "Refused" in result(pilot))
        sim.clear_faults()
        again = app.query_one("#txn", Input).value
        assert again != refused
        assert app.query_one("#phone", Input).value == "0912345673"  # kept for the re-dial
        await pilot.press("enter")  # nothing rang: no "dial again?" question
        await wait_for(pilot, lambda: "Sent" in result(pilot))
        assert [c["body"]["transactionId"] for c in make_calls(sim)] == [refused, again]
        table = app.query_one("#recent-dials", DataTable)
        assert "refused" in str(table.get_row(refused)[3])
        assert table.row_count == 2
        saved = {d["transaction_id"]: d["outcome"] for d in app.store.dials.recent()}
        assert saved[refused] == "refused" and again in saved


async def test_a_dial_that_never_reached_alohub_does_not_ask_before_the_next(
    sim: Simulator, tmp_path: Path
) -> None:
    app = app_on(sim, tmp_path, base_url="http://127.0.0.1:9/api")  # nothing listens
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"0912345673", "enter")
        await wait_for(pilot, lambda: "Not placed" in result(pilot))
        await pilot.press("enter")
        await wait_for(pilot, lambda: result(pilot).count("Not placed") == 1
                       and app.dial_tracker.dials[0].outcome == "failed"
                       and len(app.dial_tracker.dials) == 2)
        assert not isinstance(app.screen, ConfirmScreen)


async def test_a_transaction_id_is_never_used_for_two_dials(
    sim: Simulator, tmp_path: Path
) -> None:
    app = app_on(sim, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        txn = app.query_one("#txn", Input).value
        await pilot.press(*"0912345673", "enter")
        await wait_for(pilot, lambda: "Sent" in result(pilot))
        app.query_one("#txn", Input).value = txn  # typed again by hand
        await pilot.press(*"0987654323", "enter")
        await pilot.pause()
        assert f"transactionId {txn} was used" in result(pilot)
        assert len(make_calls(sim)) == 1


async def test_read_only_mode_dials_nothing_and_says_so(sim: Simulator, tmp_path: Path) -> None:
    app = app_on(sim, tmp_path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.query_one("#call").disabled
        assert "Read-only mode" in result(pilot)
        await pilot.press(*"0912345673")
        assert result(pilot) == "✓ valid: 0912345673"
        await pilot.press("enter")  # the form's one status line: the newest message wins
        await wait_for(pilot, lambda: "read-only mode" in result(pilot))
        assert "the call is not sent" in result(pilot)
        await pilot.pause(0.2)
        assert make_calls(sim) == []
        assert app.query_one("#recent-dials", DataTable).row_count == 0
