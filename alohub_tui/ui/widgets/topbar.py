"""The one-line bar at the top: app name, tenant host (never the key), DEMO, API health."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class TopBar(Widget):
    """Shows where the app is connected and whether the API answered lately."""

    DEFAULT_CSS = """
    TopBar { height: 1; background: $panel; color: $text; }
    """

    health_ok: reactive[bool | None] = reactive(None)
    health_detail: reactive[str] = reactive("not contacted yet")

    def __init__(self, host: str, demo: bool, read_only: bool) -> None:
        super().__init__(id="topbar")
        self.host = host
        self.demo = demo
        self.read_only = read_only

    def render(self) -> Text:
        text = Text(" alohub-tui ", style="bold")
        text.append(f" {self.host} ", style="dim")
        if self.demo:
            text.append(" DEMO ", style="bold black on yellow")
            text.append(" ")
        if self.read_only:
            text.append(" READ-ONLY ", style="bold black on cyan")
        if self.health_ok is None:
            status = Text(f"API ○ {self.health_detail} ", style="dim")
        elif self.health_ok:
            status = Text(f"API ● ok {self.health_detail} ", style="green")
        else:
            status = Text(f"API ✗ {self.health_detail} ", style="bold red")
        gap = max(1, self.size.width - text.cell_len - status.cell_len)
        text.append(" " * gap)
        text.append_text(status)
        text.truncate(self.size.width)
        return text
