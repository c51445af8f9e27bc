"""Outside text in tables and pickers is shown as it is, never read as markup (it crashed)."""

from __future__ import annotations

from conftest import AppFactory
from textual.app import App, ComposeResult
from textual.widgets import Select

from alohub_tui.api.models import CallRecord
from alohub_tui.config import CatalogAgent, CatalogConfig
from alohub_tui.ui.plain import literal
from alohub_tui.ui.widgets.call_detail import CallDetail
from alohub_tui.ui.widgets.calls_table import CallsTable
from alohub_tui.ui.widgets.plain_table import PlainTable

ODD = ("[/x] agent", "[red]Nam[/red]", "[")


class TablesApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PlainTable(id="plain")
        yield CallsTable(id="calls")
        yield CallDetail(id="detail")


def record(agent: str) -> CallRecord:
    return CallRecord.from_api({
        "call_id": f"c-{agent}", "direction": "inbound", "call_status": "answered",
        "starttime": "2026-11-27 10:00:00", "caller_number": "0912345678",
        "destination_number": "6688", "agent": agent, "transactionId": agent,
    })


def test_literal_keeps_plain_strings_as_str() -> None:
    assert literal("0912345678") == "0912345678"  # DataTable.sort compares these
    assert str(literal("[/x]")) == "[/x]" and not isinstance(literal("[/x]"), str)


async def test_markup_like_cells_render_literally() -> None:
    app = TablesApp()
    async with app.run_test(size=(100, 20)) as pilot:
        plain = app.query_one("#plain", PlainTable)
        plain.add_column("text", key="text")
        for n, value in enumerate(ODD):
            plain.add_row(value, key=str(n))
        plain.update_cell("0", "text", "[/y] updated")
        app.query_one(CallsTable).show_records([record(agent) for agent in ODD])
        app.query_one(CallDetail).show(record("[/x] agent"))
        await pilot.pause()
        screen = app.export_screenshot()
        assert app.is_running  # a MarkupError while drawing would have stopped it
        assert [str(plain.get_cell(str(n), "text")) for n in range(3)] == [
            "[/y] updated", "[red]Nam[/red]", "["]
        assert "[red]Nam[/red]" in screen.replace("&#160;", " ")


async def test_names_with_brackets_in_pickers(app_factory: AppFactory) -> None:
    """History's agent filter lists config/listing names."""
    odd = CatalogAgent("userName99", "[/x] Nam", ("6699",))
    app = app_factory(catalog=CatalogConfig(agents=(odd,)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.query_one("#hf-agent", Select).action_show_overlay()
        await pilot.pause()
        assert app.is_running
        assert "[/x] Nam (userName99)" in app.export_screenshot().replace("&#160;", " ")
