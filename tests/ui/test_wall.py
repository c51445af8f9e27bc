"""The wall's pages: KPI tiles with levels and formulas, agents, missed calls, keys,
rotation, layouts from 80x24 to 200x60, and events received by the wall itself.

The day of :func:`_wall_ui.small_day`, worked out by hand (T = 20 s, short abandons
≤ 5 s): answered after 5, 15 and 30 s; missed after 3 s (short) and 40 s; one call
ringing for 70 s. Offered 5, answered 3, abandoned 1, short 1; service level 2 ÷ (3 + 1)
= 50%; ASA (5 + 15 + 30) ÷ 3 = 16.7 s, shown 0:17; abandon rate 1 ÷ 4 = 25%; longest
wait 1:10 (warn above 60 s); waiting 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from _live_ui import WEBHOOK_KEY, post
from _wall_ui import (
    LOCAL_NOW,
    NOW,
    fill,
    inbound,
    line,
    service_on,
    small_day_service,
    tile,
    tile_value,
    wall_app,
)
from conftest import wait_for
from textual.app import App, ComposeResult
from textual.widgets import ContentSwitcher, Digits

from alohub_tui.api.secret import Secret
from alohub_tui.live.service import LivePlan, LiveService
from alohub_tui.ui.wall.overview import HotlineRows, Tile
from alohub_tui.ui.wall.text_table import TextTable, row_text
from alohub_tui.webhook.listen import Listen


@pytest.fixture
def day(tmp_path: Path) -> Iterator[LiveService]:
    yield from small_day_service(tmp_path)


def cells(app: object, table: str, row: str) -> list[str]:
    return app.query_one(table, TextTable).cells(row)  # type: ignore[attr-defined, no-any-return]


def keys(app: object, table: str) -> list[str]:
    return app.query_one(table, TextTable).keys  # type: ignore[attr-defined, no-any-return]


async def test_the_overview_shows_each_kpi_with_its_level_and_formula(
        day: LiveService) -> None:
    app = wall_app(day, small_sample_calls=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: tile_value(app, "offered") == "5")
        values = {kpi: tile_value(app, kpi) for kpi in (
            "service_level", "asa_s", "abandon_rate", "longest_wait_s", "waiting", "offered",
            "answered", "abandoned")}
        assert values == {"service_level": "50%", "asa_s": "0:17", "abandon_rate": "25%",
                          "longest_wait_s": "1:10", "waiting": "1", "offered": "5",
                          "answered": "3", "abandoned": "1"}
        sl = tile(app, "service_level")
        assert sl.query_one(Digits).value == "50%"  # the headline number, large
        assert sl.view is not None and sl.view.level_text == "✗ alert <70%"
        assert sl.has_class("-error")  # the colour says it too
        assert sl.view.how == "≤20 s · default"  # the formula and window
        assert tile(app, "longest_wait_s").view.level_text == "⚠ warn >60 s"  # type: ignore[union-attr]
        assert tile(app, "asa_s").view.level_text == "✓ ok"  # type: ignore[union-attr]
        assert tile(app, "abandoned").view.how == ">5 s · +1 short"  # type: ignore[union-attr]
        (row,) = app.query_one(HotlineRows).texts()
        assert row.split() == ["19006688", "5", "3", "1", "✗", "50%", "✓", "0:17", "✗", "25%",
                               "⚠", "1:10", "1"]
        assert app.focused is None  # nothing to type into


async def test_a_wide_tile_says_its_formula_in_full(day: LiveService) -> None:
    app = wall_app(day, small_sample_calls=0)
    async with app.run_test(size=(200, 60)) as pilot:
        await wait_for(pilot, lambda: tile_value(app, "offered") == "5")
        await pilot.pause()
        view = tile(app, "service_level")
        shown = view.query(".tile-how").first().render()
        assert "ans ≤ 20 s ÷ (ans + aband) · default" in str(shown)
        assert "✗ alert · below 70%" in str(view.query(".tile-level").first().render())
        # from 40 rows up the counts are large too
        assert tile(app, "offered").query_one(Digits).display


async def test_n_a_values_say_why_and_small_samples_are_marked(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite3"
    start = LOCAL_NOW - timedelta(hours=1)
    fill(db, [inbound("a", "ended", start, ring=5), inbound("b", "missed", start, ring=30)])
    service = service_on(db)
    try:
        app = wall_app(service)  # small_sample_calls = 20: two calls are a small sample
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: tile_value(app, "offered") == "2")
            wait = tile(app, "longest_wait_s").view
            assert wait is not None and not wait.known
            assert wait.reason == "events arrive only when calls end"
            assert "events arrive only when calls end" in line_of(tile(app, "waiting"))
            assert "· n/a" in str(tile(app, "waiting").query(".tile-level").first().render())
            assert tile(app, "service_level").query_one(Digits).value == "50%*"
            assert "* small sample: fewer than 20 calls today" in line(app, "wall-notes")
            # a small sample warns at most: 50% is below the alert threshold
            assert tile(app, "service_level").view.level_text == "⚠ warn <80%"  # type: ignore[union-attr]
    finally:
        service.stop()


def line_of(tile_widget: Tile) -> str:
    return str(tile_widget.query(".tile-text").first().render())


async def test_agents_page_states_time_in_state_and_colours(day: LiveService) -> None:
    app = wall_app(day, small_sample_calls=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.reading is not None)
        await pilot.press("2")
        await wait_for(pilot, lambda: len(keys(app, "#wall-agents")) == 2)
        ringing = cells(app, "#wall-agents", "userName66")
        assert ringing[:5] == ["userName66", "Bùi Đức Thảo", "☎ ringing", "10:28", "✗ 1:10"]
        assert ringing[5:] == ["2", "2", "0", "2:00"]
        idle = cells(app, "#wall-agents", "userName61")
        assert idle[2:5] == ["· idle", "09:50", "39:20"]
        assert idle[5:8] == ["3", "1", "2"]
        assert "inferred from calls" in line(app, "wall-agents-note")
        assert app.query_one(ContentSwitcher).current == "page-agents"


async def test_missed_page_lists_missed_calls_newest_first(day: LiveService) -> None:
    app = wall_app(day)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.reading is not None)
        await pilot.press("3")
        await wait_for(pilot, lambda: len(keys(app, "#wall-missed")) == 2)
        assert keys(app, "#wall-missed") == ["m40", "s3"]
        assert cells(app, "#wall-missed", "m40")[:3] == ["09:50:40", "0977000444", "0:40"]
        assert cells(app, "#wall-missed", "s3")[-1] == "short"
        assert line(app, "wall-missed-note").startswith(
            "Missed today: 2 (abandoned 1, short abandons 1 ≤ 5 s)")


async def test_keys_switch_pages_and_the_footer_says_them(day: LiveService) -> None:
    app = wall_app(day)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.reading is not None)
        assert "1-3 ←→ pages · a acknowledge · q quit" in line(app, "wall-footer")
        assert app.page == "overview"
        await pilot.press("right")
        assert app.page == "agents"
        await pilot.press("right", "right")
        assert app.page == "overview"
        await pilot.press("left")
        assert app.page == "missed"
        await pilot.press("9")  # no such page: nothing happens
        assert app.page == "missed"


async def test_pages_rotate_and_a_chosen_page_keeps_its_time(day: LiveService) -> None:
    app = wall_app(day, rotate_s=2, pages=("missed", "overview"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.page == "missed"  # the configured order
        await wait_for(pilot, lambda: app.page == "overview", timeout=4)
        await pilot.press("1")
        assert app.page == "missed"
        await pilot.pause(1.2)
        assert app.page == "missed"  # chosen by hand: its 2 s start again
        await wait_for(pilot, lambda: app.page == "overview", timeout=3)


async def test_the_layout_fits_80x24_up_to_200x60(day: LiveService) -> None:
    app = wall_app(day)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.reading is not None)
        await pilot.press("2")
        agents = app.query_one("#wall-agents", TextTable)
        assert [key for key, _label, _width in agents.columns] == [
            "agent", "state", "in_state", "calls", "answered", "missed", "talk"]
        assert len(row_text(agents.cells("userName66"), agents.columns)) <= 80
        await pilot.resize_terminal(200, 60)
        await wait_for(pilot, lambda: "name" in [key for key, _l, _w in agents.columns])
        await wait_for(pilot, lambda: len(agents.keys) == 2)
        assert app.screen.has_class("-wide") and app.screen.has_class("-tall")


async def test_the_wall_takes_events_from_its_own_receiver(tmp_path: Path) -> None:
    plan = LivePlan(tmp_path / "events.sqlite3", Listen("127.0.0.1", 0), Secret(WEBHOOK_KEY))
    service = LiveService(plan, kind="wall")
    service.start()
    try:
        assert service.url is not None
        app = wall_app(service, clock=lambda: NOW)
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: app.reading is not None)
            await pilot.press("3")
            start = LOCAL_NOW - timedelta(seconds=30)
            await post(service.url, inbound("r1", "ringing", start, caller_number="0977000111"))
            await wait_for(pilot, lambda: app.reading is not None
                           and app.reading.snapshot.overall.waiting.value == 1)
            assert tile_value(app, "waiting") != "1"  # a hidden page is not drawn
            await post(service.url, inbound("r1", "missed", start, ring=25,
                                            caller_number="0977000111"))
            await wait_for(pilot, lambda: "r1" in keys(app, "#wall-missed"))
            assert cells(app, "#wall-missed", "r1")[1] == "0977000111"
            assert "receiving call events at" in line(app, "wall-footer")
            assert app.reading is not None and app.reading.snapshot.overall.offered == 1
    finally:
        service.stop()


async def test_a_table_cut_by_the_screen_counts_the_rows_it_does_not_show() -> None:
    """21 missed calls and 18 on an 80x24 wall read as the whole list: a wall never
    scrolls, so the last line counts the rest."""

    class Cut(App[None]):
        def compose(self) -> ComposeResult:
            yield TextTable([("n", "N", 4)], id="cut")

    app = Cut()
    async with app.run_test(size=(20, 6)) as pilot:
        table = app.query_one(TextTable)
        table.show([(str(n), n, lambda n=n: [str(n)]) for n in range(10)])
        await pilot.pause()
        assert table.keys == ["0", "1", "2", "3"]
        assert str(table.render()).splitlines()[-1] == " … 6 more not shown"
        table.show([(str(n), n, lambda n=n: [str(n)]) for n in range(5)])  # all fit
        await pilot.pause()
        assert table.keys == ["0", "1", "2", "3", "4"] and "more" not in str(table.render())
