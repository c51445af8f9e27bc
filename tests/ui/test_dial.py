"""Dial tab, driven by keys against the real simulator on loopback.

The assertions are on what the simulator received: makeCall rings a real phone, so
"exactly one request with exactly this body" is the property that matters.
"""

from __future__ import annotations

from typing import Any

from conftest import AppFactory, wait_for
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Static

from alohub_tui.config import ApiConfig, CatalogConfig, DialConfig
from alohub_tui.sim.server import Simulator
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.tabs.dial import DialTab


def make_calls(sim: Simulator) -> list[dict[str, Any]]:
    return [r for r in sim.requests if r["path"].endswith("/makeCall")]


def text_of(pilot: Pilot[Any], selector: str) -> str:
    return str(pilot.app.query_one(selector, Static).render())


async def test_typing_a_number_and_enter_sends_exactly_one_make_call(
    sim: Simulator, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.focused is app.query_one("#phone", Input)
        txn = app.query_one("#txn", Input).value
        await pilot.press(*"0912 345 673")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Sent" in text_of(pilot, "#dial-result"))
        calls = make_calls(sim)
        assert len(calls) == 1
        assert calls[0]["body"] == {
            "phoneNumber": "0912345673", "ipPhone": "6688", "transactionId": txn,
        }
        assert calls[0]["authorization"] == "***"
        # The form is ready for the next call: new transactionId, empty number.
        assert app.query_one("#txn", Input).value != txn
        assert app.query_one("#phone", Input).value == ""
        table = app.query_one("#recent-dials", DataTable)
        assert table.row_count == 1
        assert table.get_row(txn)[1] == "0912345673"


async def test_garbage_sends_nothing_and_explains(sim: Simulator, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"call me")
        await pilot.press("enter")
        await pilot.pause()
        assert make_calls(sim) == []
        assert "✗" in text_of(pilot, "#dial-result")
        assert "Not sent" in text_of(pilot, "#dial-result")
        assert app.query_one("#phone", Input).value == "call me"  # input kept


async def test_invalid_looking_number_is_allowed_with_a_warning(
    sim: Simulator, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"0123456789")
        await pilot.pause()
        assert "⚠" in text_of(pilot, "#dial-result")
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(make_calls(sim)) == 1)
        assert make_calls(sim)[0]["body"]["phoneNumber"] == "0123456789"


async def test_duplicate_dial_asks_first(sim: Simulator, app_factory: AppFactory) -> None:
    app = app_factory(dial=DialConfig(default_extension="6688", duplicate_window_s=120))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"0912345673", "enter")
        await wait_for(pilot, lambda: "Sent" in text_of(pilot, "#dial-result"))
        await pilot.press(*"0912345673", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await pilot.pause()
        assert len(make_calls(sim)) == 1
        assert app.query_one("#phone", Input).value == "0912345673"  # kept for a retry
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: len(make_calls(sim)) == 2)


async def test_call_button_disabled_while_in_flight(
    sim: Simulator, app_factory: AppFactory
) -> None:
    sim.set_latency((600, 600))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"0912345673", "enter")
        await pilot.pause(0.1)
        button = app.query_one("#call", Button)
        assert button.disabled
        await pilot.press("f9")  # a second action while in flight sends nothing
        await wait_for(pilot, lambda: not button.disabled)
        await pilot.pause(0.3)
        assert len(make_calls(sim)) == 1


async def test_refusal_shows_vendor_message_and_keeps_the_form(
    sim: Simulator, app_factory: AppFactory
) -> None:
    sim.set_faults(["envelope@makecall"])
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        txn = app.query_one("#txn", Input).value
        await pilot.press(*"0912345673", "enter")
        await wait_for(pilot, lambda: "Refused" in text_of(pilot, "#dial-result"))
        assert "HỆ THỐNG OUTBOUND GẶP SỰ CỐ" in text_of(pilot, "#dial-result")
        assert app.query_one("#phone", Input).value == "0912345673"
        assert app.query_one("#txn", Input).value != txn  # a re-dial is a new dial
        assert len(make_calls(sim)) == 1


async def test_timeout_after_send_is_outcome_unknown_then_found(
    sim: Simulator, app_factory: AppFactory
) -> None:
    sim.set_faults(["timeout@makecall"])
    app = app_factory(api=ApiConfig(base_url=sim.base_url, media_url=sim.media_url,
                                    call_timeout_s=0.5))
    async with app.run_test(size=(80, 24)) as pilot:
        txn = app.query_one("#txn", Input).value
        await pilot.press(*"0912345673", "enter")
        await wait_for(pilot, lambda: "Outcome unknown" in text_of(pilot, "#dial-result"))
        table = app.query_one("#recent-dials", DataTable)
        assert "unknown" in str(table.get_row(txn)[3])
        # never re-sent; then the look-up by transactionId finds the call
        await wait_for(pilot, lambda: "unknown" not in str(table.get_row(txn)[3]), timeout=15)
        assert len(make_calls(sim)) == 1
        searches = [r for r in sim.requests if r["path"].endswith("/searchCallV2")]
        assert searches and searches[-1]["body"]["transactionId"] == txn


async def test_recent_dials_survive_a_restart(sim: Simulator, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        txn = app.query_one("#txn", Input).value
        await pilot.press(*"0912345673", "enter")
        await wait_for(pilot, lambda: "Sent" in text_of(pilot, "#dial-result"))
    again = app_factory()
    async with again.run_test(size=(80, 24)) as pilot:
        dial_tab = again.query_one(DialTab)
        assert [d.transaction_id for d in dial_tab.dials] == [txn]
        assert again.query_one("#recent-dials", DataTable).row_count == 1



async def test_no_extension_names_the_setting_and_a_typed_one_is_used(
    sim: Simulator, app_factory: AppFactory
) -> None:
    """A first run has no catalog and no default: the message says how to fix it, and
    the Ext field takes any extension typed."""
    app = app_factory(dial=DialConfig(), catalog=CatalogConfig())
    async with app.run_test(size=(80, 24)) as pilot:
        ext = app.query_one("#extension", Input)
        assert ext.value == ""
        await pilot.press(*"0912345673", "enter")
        await pilot.pause()
        assert "dial.default_extension" in text_of(pilot, "#dial-result")
        assert app.focused is ext and make_calls(sim) == []
        await pilot.press(*"7001", "enter")
        await wait_for(pilot, lambda: len(make_calls(sim)) == 1)
        assert make_calls(sim)[0]["body"]["ipPhone"] == "7001"


async def test_the_focus_stays_where_the_user_put_it_while_the_tab_ticks(
    app_factory: AppFactory,
) -> None:
    """The Dial tab ticks each second (a call in progress): it once put the focus back in
    the phone field at each tick, so an extension typed slowly ended in the phone number."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        ext = app.query_one("#extension", Input)
        await pilot.press("tab")
        assert app.focused is ext
        await pilot.pause(2.5)  # two ticks at least
        assert app.focused is ext
        await pilot.press("end", "backspace", "9")
        assert ext.value.endswith("9") and app.query_one("#phone", Input).value == ""


async def test_up_and_down_step_through_the_known_extensions(app_factory: AppFactory) -> None:
    app = app_factory()  # default 6688, then the tenant's agents
    async with app.run_test(size=(80, 24)) as pilot:
        ext = app.query_one("#extension", Input)
        assert ext.value == "6688"
        ext.focus()
        await pilot.press("down")
        assert ext.value != "6688" and ext.value.isdigit()
        await pilot.press("up")
        assert ext.value == "6688"
