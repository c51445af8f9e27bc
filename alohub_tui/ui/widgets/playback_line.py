"""One line while a recording plays: which call, with which player, for how long, and the
key that stops it. Hidden while nothing plays; the player exiting hides it."""

from __future__ import annotations

from textual.widgets import Static

from alohub_tui.history.player import Playback
from alohub_tui.ui.shown import is_shown
from alohub_tui.vntime import fmt_duration

STOP_KEYS = "x or F8"


class PlaybackLine(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.playback: Playback | None = None

    def on_mount(self) -> None:
        self.display = False
        self.set_interval(1.0, self._tick)

    @property
    def playing(self) -> bool:
        return self.playback is not None and self.playback.playing

    def start(self, playback: Playback) -> None:
        """Show ``playback`` (a recording still playing is stopped first: one at a time)."""
        if self.playback is not None and self.playback is not playback:
            self.playback.stop()
        self.playback = playback
        self._draw()

    def stop(self) -> Playback | None:
        """Stop what plays; the playback stopped, or None if nothing played."""
        playback = self.playback if self.playing else None
        if playback is not None:
            playback.stop()
        self.playback = None
        self.display = False
        return playback

    def _tick(self) -> None:
        if self.playback is None:
            return
        if not self.playback.playing:  # the player reached the end (or was closed)
            self.playback = None
            self.display = False
        elif is_shown(self):
            self._draw()

    def _draw(self) -> None:
        playback = self.playback
        if playback is None:
            return
        self.display = True
        self.update(f"▶ Playing {playback.call_id} with {playback.player} · "
                    f"{fmt_duration(playback.elapsed())} · {STOP_KEYS} stops")
