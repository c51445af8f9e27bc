"""PlainTable's direct drawing of one-line cells matches what DataTable draws.

Each cell is drawn both ways (PlainTable's shortcut and DataTable's Rich path) with the
same row style, cursor and hover flags, and the resulting lines must be equal segment
for segment once merged. Column widths computed by the shortcut must equal DataTable's.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widgets import DataTable

from alohub_tui.ui.widgets.plain_table import PlainTable

CELLS: tuple[Any, ...] = (
    "0912345678",
    "a text much longer than its column, cropped",
    "Nguyễn Thị Minh Khai",
    "電話番号テスト",  # wide characters, cropped on a cell boundary
    "",
    "bell\x07 back\x08space",  # control codes from outside must not reach the terminal
    None,
    42,
    3.14159,
    Text("✓ answered", style="green"),
    Text.assemble(("in ", "bold"), ("queue", "italic red"), " 6688"),
    Text("ellipsis overflow when too long", overflow="ellipsis"),
    Text("[/x] literal", style="reverse"),
)


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PlainTable(id="fast", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="reference", cursor_type="row", zebra_stripes=True)


def fill(table: DataTable[Any]) -> None:
    table.add_column("fixed", key="fixed", width=12)
    table.add_column("auto", key="auto")
    for n, value in enumerate(CELLS):
        table.add_row(value, value, key=str(n))


def merged(lines: list[list[Any]]) -> list[list[Any]]:
    return [list(Strip(line).simplify()) for line in lines]


async def test_cells_draw_as_datatable_draws_them() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 40)) as pilot:
        table = app.query_one("#fast", PlainTable)
        fill(table)
        await pilot.pause()
        checked = 0
        for row in range(table.row_count):
            style = table._get_row_style(row, table.rich_style)
            for column in range(len(table.columns)):
                width = table.ordered_columns[column].get_render_width(table)
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    table._cell_render_cache.clear()
                    fast = table._render_cell(row, column, style, width, cursor, hover)
                    table._cell_render_cache.clear()
                    reference = DataTable._render_cell(table, row, column, style, width,
                                                       cursor, hover)
                    assert merged(fast) == merged(reference), (CELLS[row], column, cursor)
                    checked += 1
        assert checked == len(CELLS) * 2 * 3


async def test_column_widths_match_datatable() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 40)) as pilot:
        fast = app.query_one("#fast", PlainTable)
        reference = app.query_one("#reference", DataTable)
        fill(fast)
        fill(reference)
        await pilot.pause()
        widths = [column.get_render_width(fast) for column in fast.ordered_columns]
        assert widths == [column.get_render_width(reference)
                          for column in reference.ordered_columns]
        assert widths[1] == len("a text much longer than its column, cropped") + 2
        assert fast.virtual_size == reference.virtual_size


async def test_multi_line_rows_still_go_through_datatable() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 40)) as pilot:
        table = app.query_one("#fast", PlainTable)
        table.add_column("text", key="text")
        table.add_row("first line\nsecond line", height=None, key="tall")
        table.add_row("one line", key="short")
        await pilot.pause()
        assert table.rows["tall"].height == 2  # measured by DataTable's own path
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "second line" in screen and "one line" in screen


async def test_a_click_on_a_directly_drawn_cell_moves_the_cursor() -> None:
    """The cells keep DataTable's row/column meta, which mouse clicks are resolved by."""
    app = TableApp()
    async with app.run_test(size=(100, 40)) as pilot:
        table = app.query_one("#fast", PlainTable)
        fill(table)
        await pilot.pause()
        await pilot.click("#fast", offset=(3, 4))  # line 0 is the header
        await pilot.pause()
        assert table.cursor_row == 3
