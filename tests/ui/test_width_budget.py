"""The width budget at 80x24: on every tab the values that must be whole are on screen in
full (ui/column_fit.py decides what gives way), the footer shows only whole keys, a
form has one status line, and toasts break at words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _screen_text import screen_lines, screen_text
from conftest import AppFactory, wait_for
from textual.widgets import DataTable, Input
from textual.widgets._footer import FooterKey

from alohub_tui.boot.demo import DemoBackend
from alohub_tui.config import CatalogConfig
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.scenes import SHOTS, Shot, scene_app, scene_backend
from alohub_tui.ui.screens.bulk import BulkScreen
from alohub_tui.ui.tabs.agents import NO_AGENTS, NO_GATEWAY
from alohub_tui.ui.toast_text import toast_lines, toast_width
from alohub_tui.ui.widgets.calls_table import CallsTable
from alohub_tui.ui.widgets.fitted_footer import key_width

#: Per tab at 80x24: its table and the columns whose values must be whole.
MUST_BE_WHOLE = {
    "dial-80x24": ("#recent-dials", ("time", "number", "outcome", "dur")),
    "history-80x24": ("#history-table",
                      ("start", "status", "caller", "dest", "dur", "agent")),
    "agents-80x24": ("#agent-table", ("user", "ext", "callin")),
    "live-80x24": ("#live-feed", ("time", "status", "caller", "destination", "agent")),
    "callbacks-80x24": ("#callbacks-table", ("number", "times", "waiting")),
}
SHOTS_80 = [shot for shot in SHOTS if shot.name in MUST_BE_WHOLE]


@pytest.fixture(scope="module")
def backend() -> Iterator[DemoBackend]:
    running = scene_backend()
    running.start()
    try:
        yield running
    finally:
        running.stop()


def visible_rows(table: DataTable[Any]) -> list[str]:
    first = table.scroll_offset.y
    last = first + table.scrollable_content_region.height - table.header_height
    return [str(row.key.value) for row in table.ordered_rows][first:last]


def footer_keys(app: AlohubApp) -> list[str]:
    return [f"{key.key_display} {key.description}".strip() for key in app.query(FooterKey)]


@pytest.mark.parametrize("shot", SHOTS_80, ids=[s.name for s in SHOTS_80])
async def test_key_values_are_whole_at_80x24(shot: Shot, backend: DemoBackend,
                                             tmp_path: Path) -> None:
    app = scene_app(backend, tmp_path / "state.toml")
    async with app.run_test(size=shot.size) as pilot:
        await shot.play(pilot)
        selector, columns = MUST_BE_WHOLE[shot.name]
        table = app.query_one(selector, DataTable)
        lines = screen_lines(app)
        rows = visible_rows(table)
        assert rows, "the scene shows rows"
        for row_key in rows:
            row = dict(zip((str(c.value) for c in table.columns), table.get_row(row_key),
                           strict=True))
            shown = [str(row[column]).strip() for column in columns]
            assert any(all(value in line for value in shown) for line in lines), shown
        footer = lines[-1]
        assert all(key in footer for key in footer_keys(app)), footer
        assert "f1 Help" in footer


async def test_history_agent_column_is_whole(backend: DemoBackend, tmp_path: Path) -> None:
    app = scene_app(backend, tmp_path / "state.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await SHOTS[2].play(pilot)
        table = app.query_one("#history-table", CallsTable)
        text = screen_text(app)
        agents = {record.agent for record in table.records[:10]}
        assert agents and all(agent in text for agent in agents), agents


async def test_dial_txn_whole_and_one_status_line_newest_wins(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"call me", "enter")
        assert "Not sent" in screen_text(app)
        app.query_one("#phone", Input).value = ""
        await pilot.press(*"0123456789")
        text = " ".join(line.strip() for line in screen_lines(app))
        assert "it will be dialled as typed." in text  # wrapped at a word, not cut
        assert "Not sent" not in text  # the stale message was replaced
        txn = app.query_one("#txn", Input).value
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Sent" in screen_text(app))
        assert txn in screen_text(app)  # whole, under the table


async def test_footer_shows_whole_keys_at_80_and_60(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        for size in ((80, 24), (60, 20)):
            await pilot.resize_terminal(*size)
            for tab in ("f2", "f3", "f4", "f5"):
                await pilot.press(tab)
                await pilot.pause(0.2)
                footer = screen_lines(app)[-1]
                keys = footer_keys(app)
                assert "f1 Help" in keys
                assert all(key in footer for key in keys), (size, tab, footer)
                palette = 12
                assert sum(key_width(k) for k in app.query(FooterKey)) <= size[0] + palette


async def test_bulk_preview_shows_each_body_whole(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause(0.5)
        await pilot.press("space", "space", "f7")
        await wait_for(pilot, lambda: isinstance(app.screen, BulkScreen))
        bulk = app.screen
        assert isinstance(bulk, BulkScreen)
        table = bulk.query_one("#bulk-preview", DataTable)
        for index, row in enumerate(bulk.rows):
            table.move_cursor(row=index)
            await pilot.pause()
            assert row.wanted is not None
            text = " ".join(line.strip(" │") for line in screen_lines(app))
            assert json.dumps(row.wanted.body()) in text


async def test_toasts_break_at_words_and_slashes(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        name = "20261120084953-NSOJCGOO-49278.mp3"
        app.notify(f"/home/operator/Downloads/alohub-tui/{name} (316.4 KB)",
                   title="Recording saved")
        await pilot.pause(0.3)
        lines = screen_lines(app)
        assert any(name in line for line in lines), "\n".join(lines)
        assert any("(316.4 KB)" in line for line in lines)


@pytest.mark.parametrize("width", [80, 81, 101])
async def test_a_toast_line_is_never_wrapped_again_by_the_toast(
    app_factory: AppFactory, width: int
) -> None:
    """The rack scrolls (a 2-cell scrollbar): a toast holds 36 cells of text at 80
    columns, not 37; a line cut at 37 came out as "…then pick" / "a" / "row."."""
    app = app_factory()
    async with app.run_test(size=(width, 24), notifications=True) as pilot:
        text = toast_width(width - 2)
        first = "No call selected: " + "x" * (text - len("No call selected: "))
        app.notify(f"{first} a row.", severity="warning")
        await pilot.pause(0.3)
        lines = [line.rstrip() for line in screen_lines(app)]
        assert any(line.endswith(f"▌ {first}") for line in lines), "\n".join(lines)
        assert any(line.endswith("▌ a row.") for line in lines), "\n".join(lines)


def test_toast_lines() -> None:
    assert toast_lines("a bb ccc", 4) == "a bb\nccc"
    assert toast_lines("/x/yy/zzz (1 KB)", 6) == "/x/yy/\nzzz (1\nKB)"
    assert toast_lines("abcdefghij", 4) == "abcd\nefgh\nij"  # one name longer than a line
    assert toast_lines("line one\nline two", 40) == "line one\nline two"


async def test_the_agents_status_line_wraps_instead_of_being_cut(
    app_factory: AppFactory,
) -> None:
    app = app_factory()  # no [gateway]: the long note on where the queues come from
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause(0.5)
        text = " ".join(line.strip() for line in screen_lines(app))
        assert " ".join(NO_GATEWAY.split()) in text


async def test_an_empty_agent_list_names_the_settings_that_fill_it(
    app_factory: AppFactory,
) -> None:
    """A first run has no gateway and no catalog: the Agents tab says how to get agents,
    whole at 80 columns, instead of an empty table."""
    app = app_factory(catalog=CatalogConfig())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause(0.5)
        text = " ".join(line.strip() for line in screen_lines(app))
        assert " ".join(NO_AGENTS.format(key_env="ALOHUB_GATEWAY_KEY").split()) in text


async def test_the_audit_log_names_its_file_whole(
    app_factory: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALOHUB_TUI_DATA_DIR", str(tmp_path / ("a-long-folder-" * 4) / "d"))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause(0.3)
        await pilot.press("f8")
        await pilot.pause(0.3)
        folded = "".join(line.strip().strip("│").strip() for line in screen_lines(app))
        assert str(app.store.path) in folded
