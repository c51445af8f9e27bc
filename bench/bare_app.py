"""The cold-start baseline: a bare Textual app with the same widgets as alohub-tui's
first screen (top bar, four tabs with their inputs, selects, buttons and tables,
footer), and no project code: no config, state, HTTP client or API modules.

    python -m bench.bare_app
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

FIRST_SCREEN = "Dial [F2]"  # a tab label both apps paint in their first frame


class BareApp(App[None]):
    """Same layout as AlohubApp, nothing behind it."""

    def compose(self) -> ComposeResult:
        yield Static("alohub-tui  127.0.0.1  ● ok", id="topbar")
        with TabbedContent(initial="dial"):
            with TabPane("Dial \\[F2]", id="dial"), Vertical():
                with Horizontal():
                    yield Label("Phone")
                    yield Input(placeholder="customer number, e.g. 0912 345 678", id="phone")
                    yield Label("Ext")
                    yield Select([("6688", "6688"), ("6088", "6088")], value="6688")
                with Horizontal():
                    yield Label("Txn id")
                    yield Input("ALOHUB_TUI_1", compact=True)
                    yield Button("Call ☎", variant="success", compact=True)
                yield Static("Type a number and press Enter.")
                yield Label("Recent dials")
                yield DataTable(id="recent")
            with TabPane("History \\[F3]", id="history"), Vertical():
                with Horizontal():
                    yield Select([("Today", 1), ("7 days", 2)], value=1, compact=True)
                    yield Input(placeholder="phone", compact=True)
                    yield Button("Search ^R", variant="primary", compact=True)
                yield Static("Press Ctrl+R to search.")
                yield DataTable(id="calls")
                with Horizontal():
                    yield Label("")
                    yield ProgressBar(show_eta=False)
            with TabPane("Agents \\[F4]", id="agents"), Vertical():
                yield Input(placeholder="user name, name or extension", compact=True)
                yield DataTable(id="agents-table")
                yield Button("Edit", compact=True)
            with TabPane("Live \\[F5]", id="live"), Vertical():
                yield Static("Today: 0 calls")
                with Horizontal():
                    yield Input(placeholder="filter: number, agent, status", compact=True)
                    yield Static("")
                with Horizontal():
                    yield DataTable(id="live-feed")
                    yield DataTable(id="live-agents")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for table_id, columns in (("#recent", 6), ("#calls", 8), ("#agents-table", 7),
                                  ("#live-feed", 7), ("#live-agents", 3)):
            table = self.query_one(table_id, DataTable)
            for n in range(columns):
                table.add_column(f"col{n}", key=str(n))


if __name__ == "__main__":
    BareApp().run()
