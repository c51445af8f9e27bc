"""The idle wall's baseline: a bare Textual app that redraws a clock and a "last event
N s ago" age once a second, and nothing else: what the target allows an idle wall to
write to the terminal.

    python -m bench.bare_clock
"""

from __future__ import annotations

import time

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

READY = "bare clock"


class BareClock(App[None]):
    CSS = "#bar { height: 1; } #title, #age, #clock { width: auto; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        with Horizontal(id="bar"):
            yield Static(READY, id="title")
            yield Static("", id="age")
            yield Static("", id="clock")

    def on_mount(self) -> None:
        self._started = time.monotonic()
        self._tick()
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        self.query_one("#clock", Static).update(time.strftime("%H:%M:%S"))
        age = time.monotonic() - self._started
        self.query_one("#age", Static).update(f"● last event {age:.0f} s ago")


if __name__ == "__main__":
    BareClock().run()
