"""One line with a progress bar for downloads and exports; hidden while none runs.

Several transfers may run at once (downloads are not exclusive): the line follows the
newest one and says how many others are running.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


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

    def compose(self) -> ComposeResult:
        yield Label("", classes="transfer-label")
        yield ProgressBar(show_eta=False, classes="transfer-bar")
        yield Label("", classes="transfer-count")

    def on_mount(self) -> None:
        self.display = False

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
        self._refresh_view()

    def end(self, job_id: str) -> None:
        self._jobs.pop(job_id, None)
        self._refresh_view()

    @property
    def running(self) -> int:
        return len(self._jobs)

    def _refresh_view(self) -> None:
        self.display = bool(self._jobs)
        if not self._jobs:
            return
        job = list(self._jobs.values())[-1]
        count = job.fmt(job.done)
        if job.total:
            count += f" of {job.fmt(job.total)}"
        others = len(self._jobs) - 1
        if others:
            count += f"  (+{others} more)"
        self.query_one(".transfer-label", Label).update(job.label)
        self.query_one(".transfer-count", Label).update(count)
        self.query_one(ProgressBar).update(total=job.total, progress=job.done)
