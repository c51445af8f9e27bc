"""F1 / ?: every key binding in force where the user was, generated from the live bindings
(:func:`alohub_tui.ui.key_model.help_rows`), under the key model's one-paragraph summary.

The rows are a Rich table whose action column wraps at words, so nothing is cut at 80
columns; the list scrolls with the arrow and page keys.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from alohub_tui.ui.key_model import LEGEND, KeyRow


def rows_table(rows: list[KeyRow]) -> Table:
    """The rows under a bold line per section; the action wraps, keys and ids do not."""
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    table.add_column(no_wrap=True, style="dim")
    section = ""
    for row in rows:
        if row.section != section:
            section = row.section
            table.add_row(Text(section, style="bold underline"), "", "")
        table.add_row(Text(row.keys, style="bold"), Text(row.action), Text(row.ident))
    return table


class HelpScreen(ModalScreen[None]):
    """The key model, then a table of key, action and binding id (the id is what
    ``[ui.keymap]`` remaps)."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 96; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen .title { text-style: bold; padding: 0 1; }
    HelpScreen #help-legend { height: auto; color: $text-muted; padding: 0 1; }
    HelpScreen VerticalScroll { height: 1fr; margin-top: 1; padding: 0 1; }
    """

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close",
                        tooltip="Close this list")]

    def __init__(self, rows: list[KeyRow], where: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical():
            title = f"Keys · {self.where}" if self.where else "Keys"
            yield Static(title, classes="title", markup=False)
            yield Static(f"{LEGEND} Remap in config [ui.keymap]: <binding id> = \"keys\". "
                         "Esc closes.", id="help-legend", markup=False)
            with VerticalScroll(id="help-rows"):
                yield Static(rows_table(self.rows))

    def on_mount(self) -> None:
        self.query_one("#help-rows", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
