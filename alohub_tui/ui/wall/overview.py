"""The overview page: KPI tiles, then one row per hotline where there is room.

A tile shows its KPI's value (in :class:`~textual.widgets.Digits` on the headline row,
and on every row from :data:`TALL_AT` rows up), its level by colour, glyph and word,
and the formula and window it uses; an n/a value shows its reason instead. Everything
a tile says comes from :mod:`alohub_tui.wallboard.views`; a widget is written only
when its text changes, so an idle wall redraws nothing here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Digits

from alohub_tui.ui.wall.cells import Line, styled
from alohub_tui.ui.wall.text_table import TextTable, row_text
from alohub_tui.wallboard.views import (
    COUNT_TILES,
    HEADLINE_TILES,
    HOTLINE_KPIS,
    HotlineRow,
    TileView,
)

EXTRA_TILE_FROM = 100
LEVEL_CLASSES = ("-success", "-warning", "-error", "-text-muted", "-primary")
#: (key, label, width): 79 columns in all with the margin and the gaps (fits 80).
HOTLINE_COLUMNS = (("hotline", "Hotline", 12), ("offered", "Offered", 7), ("answered", "Ans", 4),
                   ("abandoned", "Aband", 5), ("service_level", "SL", 7), ("asa_s", "ASA", 7),
                   ("abandon_rate", "Aband %", 7), ("longest_wait_s", "Longest", 8),
                   ("waiting", "Wait", 5))


class Tile(Vertical):
    """One KPI: value, level, formula and window."""

    def __init__(self, kpi: str, *, headline: bool) -> None:
        super().__init__(id=f"tile-{kpi}", classes="tile" + (" -headline" if headline else ""))
        self.kpi = kpi
        self.view: TileView | None = None

    def compose(self) -> ComposeResult:
        yield Digits("", classes="tile-digits")
        yield Line("", classes="tile-text")
        yield Line("", classes="tile-level")
        yield Line("", classes="tile-how")

    def show(self, view: TileView) -> None:
        if view == self.view:
            return
        self.view = view
        if self.border_title != view.label:
            self.border_title = view.label
        for name in LEVEL_CLASSES:
            self.set_class(name == f"-{view.look.colour}", name)
        value = view.value + ("*" if view.small_sample else "")
        digits = self.query_one(".tile-digits", Digits)
        text = self.query_one(".tile-text", Line)
        self.set_class(view.known, "-known")
        if view.known:
            if digits.value != value:
                digits.update(value)
            text.put(Text(value, style="bold"))
        else:
            text.put(view.reason or "n/a")  # the level line below says "· n/a"
        self._show_fitting()

    def _show_fitting(self) -> None:
        """The long forms of the level and formula lines where they fit, else the short."""
        view = self.view
        if view is None:
            return
        width = self.content_size.width

        def fit(*texts: str) -> str:
            return next((text for text in texts if len(text) <= width), texts[-1])

        self.query_one(".tile-level", Line).put(fit(view.level_long, view.level_text))
        self.query_one(".tile-how", Line).put(fit(*view.hows))

    def on_resize(self, event: Resize) -> None:
        self._show_fitting()


class HotlineRows(TextTable):
    """One line per hotline, busiest first, under a header: as many as fit."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(HOTLINE_COLUMNS, **kwargs)

    def show_hotlines(self, rows: Sequence[HotlineRow]) -> None:
        self.show([(row.hotline, row, self._cells(row)) for row in rows])

    def _cells(self, row: HotlineRow) -> Callable[[], list[str | Text]]:
        return lambda: [row.hotline, *row.counts,
                        *(styled(self.app, cell) for cell in row.kpis)]

    def texts(self) -> list[str]:
        """The rows on screen as plain text (for tests)."""
        return [row_text(self.cells(key), self.columns).plain for key in self.keys]


class OverviewPage(Vertical):
    """The tiles (with ``extra_tile``, the callbacks one, at the end of the counts) and
    the hotline rows."""

    def __init__(self, extra_tile: Widget | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.extra_tile = extra_tile

    def compose(self) -> ComposeResult:
        with Horizontal(classes="tile-row", id="tiles-headline"):
            for kpi in HEADLINE_TILES:
                yield Tile(kpi, headline=True)
        with Horizontal(classes="tile-row", id="tiles-counts"):
            for kpi in COUNT_TILES:
                yield Tile(kpi, headline=False)
            if self.extra_tile is not None:
                yield self.extra_tile
        yield HotlineRows(id="wall-hotlines")

    def on_resize(self, event: Resize) -> None:
        """The extra tile gives way below :data:`EXTRA_TILE_FROM` columns, so the four
        count tiles keep their words at 80."""
        if self.extra_tile is not None:
            self.extra_tile.display = event.size.width >= EXTRA_TILE_FROM

    def show(self, tiles: Sequence[TileView], hotlines: Sequence[HotlineRow]) -> None:
        for view in tiles:
            self.query_one(f"#tile-{view.kpi}", Tile).show(view)
        self.query_one(HotlineRows).show_hotlines(hotlines)


__all__ = ["HOTLINE_KPIS", "HotlineRows", "OverviewPage", "Tile"]
