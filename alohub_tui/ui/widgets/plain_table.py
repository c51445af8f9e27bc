"""A DataTable that shows text cells as they are, and draws one-line cells quickly.

Every table in the app that shows data from the API, the webhook, the config or the
user is a :class:`PlainTable`.

Why the drawing shortcut: DataTable renders every visible cell through Rich
(``Padding`` + ``Text.wrap`` + ``Console.render_lines``), about 0.2 ms a cell on this
machine; a History page swap redraws some 400 cells, which alone took most of the
100 ms the page target allows (see ``bench/NOTES.md``). A one-line cell of plain text
needs none of that: pad, crop to the column and style. Anything else (a header, a
multi-line row, a renderable that is not text) still goes through DataTable. Text is
drawn as it is there too: no markup, and no ``:emoji:`` codes replaced.

The shortcut overrides two private DataTable methods (``_render_cell`` and
``_update_dimensions``) and uses its caches; ``tests/ui/test_plain_table_drawing.py``
draws every kind of cell both ways, so a Textual upgrade that changes them fails there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.protocol import is_renderable
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from alohub_tui.ui.plain import literal


class PlainTable(DataTable[Any]):
    """:class:`DataTable` whose cells are never read as markup; in a table of rows, Home
    and End go to the first and last row (DataTable scrolls sideways, where our tables
    have nothing to scroll: their columns fit, ui/column_fit.py)."""

    def action_scroll_home(self) -> None:
        if self.cursor_type == "row":
            self.action_scroll_top()
        else:
            super().action_scroll_home()

    def action_scroll_end(self) -> None:
        if self.cursor_type == "row":
            self.action_scroll_bottom()
        else:
            super().action_scroll_end()

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        return super().add_row(*map(literal, cells), height=height, key=key, label=label)

    def update_cell(self, row_key: RowKey | str, column_key: ColumnKey | str, value: Any, *,
                    update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, literal(value), update_width=update_width)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        """DataTable's cell renderer, with a direct path for one line of text.

        Same cache, same styles and the same meta (mouse clicks) as DataTable's.
        """
        lines = self._one_line_cell(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            lines = super()._render_cell(row_index, column_index, base_style, width,
                                         cursor, hover)
        return lines

    def _one_line_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                       cursor: bool, hover: bool) -> list[list[Segment]] | None:
        """The cell drawn directly (and cached), or None if DataTable must draw it."""
        if row_index < 0 or column_index < 0 or self.fixed_rows or self.fixed_columns:
            return None  # a header, a row label or a fixed cell: styled differently
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row_key is None or column_key is None or row is None or row.height != 1:
            return None
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        text = _one_line(self._data[row_key].get(column_key))
        inner = width - 2 * self.cell_padding
        if text is None or inner < 0:
            return None
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        style = (base_style + Style.from_meta({"row": row_index, "column": column_index})
                 + component_style)
        lines = [self._cell_segments(text, inner, style, post_style)]
        self._cell_render_cache[cache_key] = lines
        return lines

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """DataTable's column sizing, measuring one-line text cells by their length.

        DataTable measures each cell of each new row through Rich (markup parsed, console
        options built: about a third of a page swap); the width of one line of text is
        its cell length.
        """
        new_rows = list(new_rows)
        widths = self._one_line_widths(new_rows)
        if widths is None:
            super()._update_dimensions(new_rows)
            return
        for column, width in zip(self.ordered_columns, widths, strict=True):
            column.content_width = max(column.content_width, width)
        super()._update_dimensions(())  # the virtual size

    def _one_line_widths(self, row_keys: list[RowKey]) -> list[int] | None:
        """The widest cell of each column in these rows; None if one is not plain text."""
        columns = self.ordered_columns
        widths = [0] * len(columns)
        for row_key in row_keys:
            row = self.rows.get(row_key)
            if row is None or row_key not in self._row_locations:
                continue  # removed before the table got to it
            if row.label is not None or row.height != 1:
                return None
            cells = self._data[row_key]
            for index, column in enumerate(columns):
                text = _one_line(cells.get(column.key))
                if text is None:
                    return None
                widths[index] = max(widths[index], cell_len(text if isinstance(text, str)
                                                            else text.plain))
        return widths

    def _cell_segments(self, text: str | Text, inner: int, style: Style,
                       post_style: Style) -> list[Segment]:
        """``text`` padded or cropped to ``inner`` cells, as Rich would draw it."""
        pad = " " * self.cell_padding
        outer = style + post_style
        if isinstance(text, str):
            return [Segment(pad + set_cell_size(text, inner) + pad, outer)]
        text = text.copy()
        text.truncate(inner)
        if text.style:  # Text.render draws only the spans; Rich makes the style one first
            text.stylize_before(text.style)
            text.style = ""
        segments = [Segment(pad, outer)]
        segments.extend(Segment(part.text, style + part.style + post_style if part.style
                                else outer)
                        for part in text.render(self.app.console, end=""))
        segments.append(Segment(" " * (inner - text.cell_len) + pad, outer))
        return segments


def _one_line(value: Any) -> str | Text | None:
    """The cell as one line of text, or None when DataTable must draw it itself."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, str) and not value.isprintable():
        value = Text(value)  # which drops control codes (BEL, BS, ...), as DataTable's does
    if isinstance(value, Text):
        if value.justify not in (None, "default", "left") or value.overflow == "ignore":
            return None
        plain = value.plain
    elif isinstance(value, str):
        plain = value
    elif not is_renderable(value):
        plain = value = str(value)
    else:
        return None
    if "\n" in plain or "\t" in plain or "\r" in plain:
        return None
    return value
