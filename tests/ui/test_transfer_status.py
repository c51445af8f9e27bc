"""The transfer line: follows the newest job, draws progress at most every 0.1 s, and not
at all while its tab is hidden (then catches up when the tab is shown)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Label, TabbedContent, TabPane

from alohub_tui.ui.widgets.transfer_status import DRAW_EVERY_S, TransferStatus


class TwoTabs(App[None]):
    def compose(self) -> ComposeResult:
        with TabbedContent(initial="files"):
            with TabPane("Files", id="files"):
                yield TransferStatus(id="transfers")
            with TabPane("Typing", id="typing"):
                yield Input(id="typing-input")


def shown_count(app: App[None]) -> str:
    return str(app.query_one(".transfer-count", Label).render())


async def test_progress_follows_the_newest_job_and_ends_hidden() -> None:
    app = TwoTabs()
    async with app.run_test(size=(80, 10)) as pilot:
        status = app.query_one(TransferStatus)
        assert not status.display
        status.begin("a", "rec-a.mp3", total=1000)
        status.begin("b", "rec-b.mp3", total=500)
        status.advance("b", 250)
        await pilot.pause(DRAW_EVERY_S * 3)
        assert status.display
        assert str(app.query_one(".transfer-label", Label).render()) == "rec-b.mp3"
        assert shown_count(app) == "250 of 500  (+1 more)"
        status.end("b")
        status.end("a")
        await pilot.pause()
        assert not status.display and status.running == 0


async def test_hidden_tab_is_not_redrawn_until_shown() -> None:
    app = TwoTabs()
    async with app.run_test(size=(80, 10)) as pilot:
        status = app.query_one(TransferStatus)
        status.begin("a", "rec-a.mp3", total=1000)
        await pilot.pause()
        assert shown_count(app) == "0 of 1,000"
        app.query_one(TabbedContent).active = "typing"
        await pilot.pause()
        status.advance("a", 600)
        await pilot.pause(DRAW_EVERY_S * 4)
        assert shown_count(app) == "0 of 1,000"  # no redraw while nobody sees it
        app.query_one(TabbedContent).active = "files"
        await pilot.pause(DRAW_EVERY_S * 3)
        assert shown_count(app) == "600 of 1,000"
