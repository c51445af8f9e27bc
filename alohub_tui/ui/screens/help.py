"""F1 / ?: every key binding in force where the user was, generated from the live bindings."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from alohub_tui.ui.widgets.plain_table import PlainTable

HelpRow = tuple[str, str, str]

# Where a binding id's group appears in the list: app-wide keys first, then tab switches.
_GROUP_ORDER = {"app": 0, "tab": 1}


def help_rows(app: App[Any]) -> list[HelpRow]:
    """One row per binding id active on the current screen, all its keys together.

    Bindings without an id (Textual's own editing keys in inputs and tables) are left
    out: they are standard and would bury ours; the command palette is kept.
    """
    keys_by_id: dict[str, list[str]] = {}
    binding_by_id: dict[str, Binding] = {}
    for active in app.screen.active_bindings.values():
        binding = active.binding
        ident = binding.id or ("app.palette" if binding.action == "command_palette" else "")
        if not ident:
            continue
        keys = keys_by_id.setdefault(ident, [])
        binding_by_id.setdefault(ident, binding)
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    rows = [
        (", ".join(keys), binding_by_id[ident].tooltip or binding_by_id[ident].description,
         ident)
        for ident, keys in keys_by_id.items()
    ]
    rows.sort(key=lambda row: (_GROUP_ORDER.get(row[2].split(".")[0], 2), row[2]))
    return rows


class HelpScreen(ModalScreen[None]):
    """A table of key, action and binding id (the id is what [ui.keymap] remaps)."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 96; max-width: 100%; height: 90%;
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
                'Remap in config [ui.keymap]: <binding id> = "keys". Esc closes.',
                classes="hint", markup=False,
            )
            table = PlainTable(cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Binding id", "Action")
            for keys, action, ident in self.rows:
                table.add_row(keys, ident, action)
            yield table

    def action_close(self) -> None:
        self.dismiss(None)
