"""The History tab's calls in progress: looked up again until they end.

Every :data:`~alohub_tui.history.in_progress.REFRESH_S` seconds, while the tab shows and
no search is running, the calls on the page that had not ended are fetched again by id
(:func:`~alohub_tui.history.in_progress.look_up_again`), one round at a time; a
changed call replaces its row (and the detail, if it is the one shown). Failures stay
quiet: the next tick tries again, and a search reports its own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.widget import Widget
from textual.worker import Worker

from alohub_tui.api.errors import AlohubError
from alohub_tui.api.models import CallRecord
from alohub_tui.history.in_progress import REFRESH_S, in_progress, look_up_again
from alohub_tui.ui.host import Host
from alohub_tui.ui.shown import is_shown
from alohub_tui.ui.widgets.calls_table import CallsTable

REFRESH_GROUP = "history-refresh"


class InProgressCalls:
    """Keeps ``table``'s calls in progress up to date while ``owner`` shows."""

    def __init__(self, owner: Widget, host: Host, table: CallsTable,
                 show_detail: Callable[[CallRecord], None],
                 searching: Callable[[], bool]) -> None:
        self.owner = owner
        self.host = host
        self.table = table
        self._show_detail = show_detail
        self._searching = searching
        self._worker: Worker[None] | None = None
        owner.set_interval(REFRESH_S, self.refresh)

    def refresh(self) -> None:
        if self._worker is not None and self._worker.is_running:
            return  # the last round is still going: let it finish rather than cancel it
        calls = in_progress(self.table.records)
        if calls and not self._searching() and is_shown(self.owner):
            self._worker = self.host.run_api(partial(self._look_up, calls),
                                             group=REFRESH_GROUP, description="calls in progress")

    async def _look_up(self, calls: list[CallRecord]) -> None:
        for record in calls:
            try:
                fresh = await look_up_again(self.host.client, record)
            except (AlohubError, OSError):
                return
            if fresh is None or fresh == record or self._searching():
                continue
            selected = self.table.selected_record is record
            self.table.replace_record(record, fresh)
            if selected:
                self._show_detail(fresh)
