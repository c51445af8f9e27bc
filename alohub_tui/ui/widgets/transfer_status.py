"""One line with a progress bar for downloads and exports; hidden while none runs.

Several transfers may run at once (downloads are not exclusive): the line follows the
newest one and says how many others are running. Progress arrives per network chunk;
it is drawn at most :data:`DRAW_EVERY_S` apart, since each redraw of the line costs the
UI loop time that typing elsewhere needs, and not at all while the line's tab is hidden
(a download left running in History slowed every keystroke typed in Dial).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from alohub_tui.ui.shown import is_shown

DRAW_EVERY_S = 0.1


def _count(value: float) -> str:
    return f"{value:,.0f}"


@dataclass
class _Job:
    label: str
    done: float = 0
    total: float | None = None
    fmt: Callable[[float], str] = _count


class TransferStatus(Horizontal):
    """``begin`` / ``advance`` / ``end`` a job by id; the display follows the newest."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="transfer-status")
        self._jobs: dict[str, _Job] = {}
        self._dirty = False
        self._shown_label = ""

    def compose(self) -> ComposeResult:
        yield Label("", classes="transfer-label", markup=False)  # a file name
        yield ProgressBar(show_eta=False, classes="transfer-bar")
        yield Label("", classes="transfer-count")

    def on_mount(self) -> None:
        self.display = False
        self._ticker = self.set_interval(DRAW_EVERY_S, self._draw_if_dirty, pause=True)

    def _draw_if_dirty(self) -> None:
        if self._dirty and is_shown(self):  # hidden: stays dirty, drawn once shown
            self._dirty = False
            self._refresh_view()

    def begin(self, job_id: str, label: str, total: float | None = None,
              fmt: Callable[[float], str] = _count) -> None:
        """Show a new job; ``fmt`` formats its amounts (row counts, bytes)."""
        self._jobs.pop(job_id, None)
        self._jobs[job_id] = _Job(label, 0, total, fmt)
        self._refresh_view()

    def advance(self, job_id: str, done: float, total: float | None = None) -> None:
        job = self._jobs.get(job_id)
        if job is None:
            return
        job.done = done
        if total is not None:
            job.total = total
        self._dirty = True

    def end(self, job_id: str) -> None:
        self._jobs.pop(job_id, None)
        self._refresh_view()

    @property
    def running(self) -> int:
        return len(self._jobs)

    def _refresh_view(self) -> None:
        self.display = bool(self._jobs)
        if not self._jobs:
            self._ticker.pause()
            return
        self._ticker.resume()
        job = list(self._jobs.values())[-1]
        count = job.fmt(job.done)
        if job.total:
            count += f" of {job.fmt(job.total)}"
        others = len(self._jobs) - 1
        if others:
            count += f"  (+{others} more)"
        # The count has a fixed width (app.tcss): repaint it without a re-layout.
        if job.label != self._shown_label:  # its width may change: re-layout only then
            self._shown_label = job.label
            self.query_one(".transfer-label", Label).update(job.label)
        self.query_one(".transfer-count", Label).update(count, layout=False)
        self.query_one(ProgressBar).update(total=job.total, progress=job.done)
