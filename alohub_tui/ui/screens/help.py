"""F1 / ?: every key binding in force where the user was, generated from the live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

HelpRow = tuple[str, str, str]


class HelpScreen(ModalScreen[None]):
    """A table of key, action and binding id (the id is what [ui.keymap] remaps)."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 76; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen .title { text-style: bold; padding: 0 1; }
    HelpScreen .hint { color: $text-muted; padding: 0 1; }
    HelpScreen DataTable { height: 1fr; }
    """

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close", id="help.close")]

    def __init__(self, rows: list[HelpRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Keys", classes="title")
            yield Static(
                "Remap any key in config [ui.keymap]: <binding id> = \"keys\". Esc closes.",
                classes="hint",
            )
            table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Action", "Binding id")
            for row in self.rows:
                table.add_row(*row)
            yield table

    def action_close(self) -> None:
        self.dismiss(None)
