"""The footer's width budget: the keys that fit whole, never a key cut in half.

Textual's footer lays every shown binding out in a row and lets the end fall off the
screen (``^r Relo`` on the Agents tab at 80 columns, stray characters at 60). This one
drops whole keys from the end instead, keeping F1 Help (it lists every key) and the
command palette, and lays out again when the width changes.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PALETTE = "-command-palette"
HELP_ACTIONS = ("help", "app.help")


def key_width(key: FooterKey) -> int:
    """Cells a compact footer key takes: key, space, description, margin."""
    description = f" {key.description}" if key.description else ""
    return cell_len(key.key_display) + cell_len(description) + 1


class FittedFooter(Footer):
    """:class:`Footer` (compact) that shows only the keys that fit."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._laid_out_for = 0

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        width = self.size.width
        if not width:  # before the first layout: everything, fitted on the resize
            yield from widgets
            return
        keys = [w for w in widgets if isinstance(w, FooterKey) and not w.has_class(PALETTE)]
        room = width - sum(key_width(w) + 1 for w in widgets
                           if isinstance(w, FooterKey) and w.has_class(PALETTE))
        keep: set[Widget] = set()
        for key in sorted(keys, key=lambda k: k.action not in HELP_ACTIONS):
            if key_width(key) <= room:
                keep.add(key)
                room -= key_width(key)
        self._laid_out_for = width
        yield from (w for w in widgets if w in keep or w.has_class(PALETTE)
                    or not isinstance(w, FooterKey))

    def on_resize(self) -> None:
        if self.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
