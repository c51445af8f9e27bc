"""The one-line bar at the top: app name, profile, tenant host (never the key), DEMO,
READ-ONLY and API health."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from alohub_tui.ui.plain import shorten_middle

MIN_HOST = 8  # the host is shortened (from the middle) before the API status is cut


class TopBar(Widget):
    """Shows which profile and tenant the app is on and whether the API answered lately.

    The profile's name is shown before the host (reversed); a profile named after the
    host is the host itself, and in the demo the DEMO badge stands for the demo profile.
    The host is shortened in the middle before the API status would be cut at 80 columns.
    """

    DEFAULT_CSS = """
    TopBar { height: 1; background: $panel; color: $text; }
    """

    health_ok: reactive[bool | None] = reactive(None)
    health_detail: reactive[str] = reactive("not contacted yet")

    def __init__(self, host: str, demo: bool, read_only: bool, profile: str = "") -> None:
        super().__init__(id="topbar")
        self.host = host
        self.demo = demo
        self.read_only = read_only
        self.profile = profile

    def _status(self) -> Text:
        if self.health_ok is None:
            return Text(f"API ○ {self.health_detail} ", style="dim")
        if self.health_ok:
            return Text(f"API ● ok {self.health_detail} ", style="green")
        return Text(f"API ✗ {self.health_detail} ", style="bold red")

    def render(self) -> Text:
        status = self._status()
        badges = Text()
        if self.demo:
            badges.append(" DEMO ", style="bold black on yellow")
            badges.append(" ")
        if self.read_only:
            badges.append(" READ-ONLY ", style="bold black on cyan")
        text = Text(" alohub-tui ", style="bold")
        if self.profile and not self.demo:
            text.append(f" {self.profile} ", style="reverse")
        room = self.size.width - text.cell_len - badges.cell_len - status.cell_len - 3
        text.append(f" {shorten_middle(self.host, max(MIN_HOST, room))} ", style="dim")
        text.append_text(badges)
        gap = max(1, self.size.width - text.cell_len - status.cell_len)
        text.append(" " * gap)
        text.append_text(status)
        text.truncate(self.size.width)
        return text
