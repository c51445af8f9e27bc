"""A SelectionList whose unticked boxes are blank, so state never rests on colour alone,
and which can be read-only (read-only mode: the boxes show, nothing toggles).

Textual draws the same "X" in every box and tells ticked from unticked by colour,
which is lost on a monochrome SSH terminal or to a colour-blind supervisor.
"""

from __future__ import annotations

from typing import Any, TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

T = TypeVar("T")


class CheckList(SelectionList[T]):
    def __init__(self, *selections: Any, read_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*selections, **kwargs)
        self.read_only = read_only

    def _toggle_highlighted_selection(self) -> None:
        """Space, Enter and a click all toggle here: not in a read-only list."""
        if self.read_only:
            self.app.bell()
            return
        super()._toggle_highlighted_selection()

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if option.value in self.selected:
            return strip
        segments = list(strip)
        for index, segment in enumerate(segments[:4]):
            if segment.text == ToggleButton.BUTTON_INNER:
                segments[index] = Segment(" ", segment.style, segment.control)
                break
        return Strip(segments, strip.cell_length)
