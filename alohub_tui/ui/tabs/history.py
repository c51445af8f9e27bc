"""History tab: search calls, page through them, see one in full, fetch its recording.

Searches run in one exclusive App-level worker group ("history-search"), so a newer
search (or page) replaces one still in flight; a failed search leaves the filters and
the rows on screen and says what went wrong in the status line. What the filters mean
is :mod:`alohub_tui.history.filters`'s; recordings and exports are
:class:`~alohub_tui.ui.tabs.history_files.HistoryFiles`'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from alohub_tui.api.errors import AlohubError, InvalidInput
from alohub_tui.api.models import CallRecord, SearchCriteria, SearchPage
from alohub_tui.api.paging import PageWalk
from alohub_tui.history.filters import HistoryFilters, day_span
from alohub_tui.history.summary import results_summary
from alohub_tui.ui.failures import describe
from alohub_tui.ui.focus import focus_now
from alohub_tui.ui.host import Host
from alohub_tui.ui.palette import binding_commands
from alohub_tui.ui.screens.call_detail import CallDetailScreen
from alohub_tui.ui.screens.more_filters import MoreFiltersScreen
from alohub_tui.ui.tabs.history_files import HistoryFiles
from alohub_tui.ui.tabs.history_progress import InProgressCalls
from alohub_tui.ui.widgets.call_detail import CallDetail
from alohub_tui.ui.widgets.calls_table import CallsTable
from alohub_tui.ui.widgets.filter_bar import FilterBar
from alohub_tui.ui.widgets.playback_line import PlaybackLine
from alohub_tui.ui.widgets.transfer_status import TransferStatus
from alohub_tui.vntime import to_local_naive

#: Terminal width from which the detail is shown beside the table instead of a modal.
WIDE_WIDTH = 120
SEARCH_GROUP = "history-search"
# The shown page is dimmed only if the next one takes longer than this: a quick answer
# replaces it without a flash (and without restyling the table twice per page).
DIM_AFTER_S = 0.25


class HistoryTab(Vertical):
    """Filter bar, status line, calls table (+ detail when wide), transfer progress."""

    BINDINGS = [
        Binding("ctrl+r,f6", "search", "Search", id="history.search",
                tooltip="Search with the filters (also Enter in any filter)"),
        Binding("f7,m", "more_filters", "More filters", id="history.more", show=False,
                tooltip="Custom dates, transactionId, call id"),
        Binding("slash", "focus_filters", "Filters", id="history.filters", show=False,
                tooltip="Move to the filter bar"),
        # Enter in a filter field, handled when read: the keys typed after it in the same
        # burst already go to the results (s sorts), not into the field.
        Binding("enter", "search_from_filter", "Search", id="history.filter_enter",
                show=False, priority=True,
                tooltip="In a filter: search, and go to the results"),
        Binding("left_square_bracket,ctrl+pageup", "prev_page", "Prev",
                id="history.prev_page", tooltip="Previous page of results"),
        Binding("right_square_bracket,ctrl+pagedown", "next_page", "Next",
                id="history.next_page", tooltip="Next page of results"),
        Binding("s", "cycle_sort", "Sort", id="history.sort", show=False,
                tooltip="Sort this page by the next column (or click a header)"),
        Binding("r", "reverse_sort", "Reverse", id="history.sort_reverse", show=False,
                tooltip="Reverse the sort order"),
        Binding("i", "detail", "Detail", id="history.detail", show=False,
                tooltip="Every field of the selected call (also Enter)"),
        Binding("d", "download", "Download", id="history.download",
                tooltip="Download the selected call's recording"),
        Binding("p", "play", "Play", id="history.play",
                tooltip="Play the recording with mpv, ffplay or vlc (over SSH: fetch it)"),
        Binding("x,f8", "stop_playing", "Stop", id="history.stop",
                tooltip="Stop the recording that plays"),
        Binding("c", "copy_call_id", "Copy id", id="history.copy_call_id", show=False,
                tooltip="Copy the call id to the clipboard"),
        Binding("t", "copy_txn", "Copy txn", id="history.copy_txn", show=False,
                tooltip="Copy the transactionId to the clipboard"),
        Binding("e", "export", "Export", id="history.export",
                tooltip="Export every page of this search to CSV"),
    ]

    def __init__(self, host: Host) -> None:
        super().__init__(id="history-tab")
        self.host = host
        self.criteria: SearchCriteria | None = None  # of the rows on screen
        self.page: SearchPage | None = None
        self.pending: SearchCriteria | None = None  # a search in flight
        self.error: str | None = None
        self.walk = PageWalk()  # the pages of this search read so far (repeats end it)
        self._started = False
        self._dim_timer: Timer | None = None
        self.files = HistoryFiles(self, host, lambda: self.transfers)

    @property
    def table(self) -> CallsTable:
        return self.query_one("#history-table", CallsTable)

    @property
    def transfers(self) -> TransferStatus:
        return self.query_one("#history-transfers", TransferStatus)

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield FilterBar(self.host.config.catalog.agents, id="history-filters")
        yield Static("Press Ctrl+R or Enter in a filter to search.", id="history-status",
                     markup=False)
        with Horizontal(id="history-body"):
            yield CallsTable(id="history-table")
            with VerticalScroll(id="history-detail-pane"):
                yield CallDetail(id="history-detail", clock=self._now)
        yield TransferStatus(id="history-transfers")
        yield PlaybackLine(id="history-playing")

    def _now(self) -> datetime:
        """Naive Vietnam time, as in call records."""
        return to_local_naive(self.host.clock())

    def on_mount(self) -> None:
        self.files.on_playing = self.query_one(PlaybackLine).start
        self.in_progress = InProgressCalls(self, self.host, self.table, self._show_detail,
                                           lambda: self.pending is not None)

    def on_show(self) -> None:
        self.call_after_refresh(self._claim_focus)
        self._search_once()

    def _search_once(self) -> None:
        """Search when the tab is first opened (not at app start: Dial comes first)."""
        if not self._started:
            self._started = True
            self.action_search()

    def _claim_focus(self) -> None:
        """Keyboard users land in the table when the tab appears and nothing has focus."""
        focused = self.app.focused
        if focused is None or not focused.display:
            self.table.focus()

    def on_resize(self) -> None:
        self.set_class(self.app.size.width >= WIDE_WIDTH, "-wide")

    def focus_first(self) -> None:
        """Called by the app when it opens this tab (F3, or mounted into the open pane)."""
        focus_now(self.table)
        # Also here, not only on Show: mounted into a pane already open, it may get none.
        self._search_once()

    # ---------------------------------------------------------------- search

    def action_search(self) -> bool:
        """Search with the filters; False when a value is refused: the message says why,
        and the focus goes to the field to correct (not to the results, where the typed
        fix would be taken for the table's keys)."""
        bar = self.query_one(FilterBar)
        try:
            today = self.host.clock().date()
            criteria = bar.filters().to_criteria(today, self.host.config.history.page_size)
        except InvalidInput as exc:
            self._set_error(exc.message)
            bar.focus_field(exc.field)
            return False
        self._load(criteria, new_search=True)
        return True

    def _load(self, criteria: SearchCriteria, *, new_search: bool = False) -> None:
        if new_search:
            self.walk = PageWalk()
        self.pending = criteria
        if self._dim_timer is None:
            self._dim_timer = self.set_timer(DIM_AFTER_S, self._dim_table)
        self._render_status()
        self.host.run_api(partial(self._fetch, criteria), group=SEARCH_GROUP, exclusive=True,
                            description=f"history page {criteria.page}")

    async def _fetch(self, criteria: SearchCriteria) -> None:
        # A newer search cancels this one (CancelledError passes through untouched).
        try:
            page = await self.host.client.search_calls(criteria)
        except (AlohubError, OSError) as exc:
            self._settled()
            failure = describe(exc, self.host.resolved.api_key)
            self._set_error(f"{failure.title}: {failure.message}")
            return
        self._settled()
        self._loaded(criteria, page)

    def _dim_table(self) -> None:
        # The timer's tick may already be queued when the answer settles it: check.
        if self.pending is not None:
            self.table.add_class("-stale")

    def _settled(self) -> None:
        self.pending = None
        if self._dim_timer is not None:
            self._dim_timer.stop()
            self._dim_timer = None
        self.table.remove_class("-stale")

    def _loaded(self, criteria: SearchCriteria, page: SearchPage) -> None:
        kept = self.walk.take(page)
        if kept is None:  # the server sent calls already shown: it ignores paging
            self.error = None
            self._render_status()
            return
        page = kept
        self.criteria, self.page, self.error = criteria, page, None
        self.table.show_records(page.records)
        self._show_detail(self.table.selected_record)
        self._render_status()

    def _set_error(self, message: str) -> None:
        self.error = message
        self._render_status()

    def _render_status(self) -> None:
        status = self.query_one("#history-status", Static)
        if self.pending is not None:
            status.update(f"⟳ Searching {day_span(self.pending)}, page {self.pending.page}…")
            status.set_classes("busy")
            return
        if self.error is not None:
            kept = " Filters and the previous results are kept." if self.page else ""
            status.update(f"✗ {self.error}{kept}")
            status.set_classes("error")
            return
        if self.page is None or self.criteria is None:
            return
        line, warns = results_summary(self.page, self.criteria, self.walk,
                                      self.table.sort_description)
        status.update(line)
        status.set_classes("warning" if warns else "")

    # ---------------------------------------------------------------- paging

    def action_next_page(self) -> None:
        self._turn(+1)

    def action_prev_page(self) -> None:
        self._turn(-1)

    def _turn(self, step: int) -> None:
        base = self.pending or self.criteria
        if base is None or self.page is None:
            self.notify("Search first (Ctrl+R).", severity="warning")
            return
        target = base.page + step
        if target < 1:
            self.notify("Already on the first page.")
            return
        if step > 0 and not self._has_page(target):
            self.notify("Already on the last page.")
            return
        self._load(base.with_page(target))

    def _has_page(self, number: int) -> bool:
        assert self.page is not None
        if self.walk.is_repeat_at_or_before(number):
            return False
        if self.page.total_exact:
            return number <= self.page.page_count
        return number <= self.page.page + 1 and self.page.has_next

    # ---------------------------------------------------------------- filters

    def action_focus_filters(self) -> None:
        self.query_one(FilterBar).focus_first()

    def focus_results(self) -> None:
        focus_now(self.table)

    def _in_filter_field(self) -> bool:
        focused = self.app.focused
        return isinstance(focused, Input) and self.query_one(FilterBar) in focused.ancestors

    def action_search_from_filter(self) -> None:
        if self.action_search():
            self.focus_results()

    @on(FilterBar.SearchRequested)
    def _search_requested(self, event: FilterBar.SearchRequested) -> None:
        """Enter in a filter (or Search) searches and moves to the results, where the
        table's single keys act; a changed picker searches and stays."""
        event.stop()
        if self.action_search() and event.to_results:
            self.focus_results()

    @on(FilterBar.MoreRequested)
    def _more_requested(self, event: FilterBar.MoreRequested) -> None:
        event.stop()
        self.action_more_filters()

    def action_more_filters(self) -> None:
        bar = self.query_one(FilterBar)

        def chosen(result: HistoryFilters | None) -> None:
            if result is None:
                bar.cancel_custom()
                return
            bar.set_extras(result)
            if self.action_search():
                self.focus_results()

        today = self.host.clock().date()
        self.app.push_screen(MoreFiltersScreen(bar.dialog_filters(), today), chosen)

    # ---------------------------------------------------------------- sorting

    def action_cycle_sort(self) -> None:
        self.table.cycle_sort()

    def action_reverse_sort(self) -> None:
        self.table.reverse_sort()

    @on(CallsTable.SortChanged)
    def _sorted(self, event: CallsTable.SortChanged) -> None:
        event.stop()
        self._render_status()

    # ---------------------------------------------------------------- detail

    def _show_detail(self, record: CallRecord | None) -> None:
        self.query_one("#history-detail", CallDetail).show(record)

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail(self.table.record_for(event.row_key.value))

    @on(DataTable.RowSelected, "#history-table")
    def _selected_row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_detail()

    def action_detail(self) -> None:
        record = self._selected()
        if record is None:
            return
        actions: dict[str, Callable[[CallRecord], None]] = {
            "download": self.files.download, "play": self.files.play,
            "copy_call_id": self.files.copy_call_id, "copy_txn": self.files.copy_txn,
        }

        def chosen(action: str | None) -> None:
            if action in actions:
                actions[action](record)

        self.app.push_screen(CallDetailScreen(record, self._now), chosen)

    def _selected(self) -> CallRecord | None:
        record = self.table.selected_record
        if record is None:
            self.notify("No call selected: search, then pick a row.", severity="warning")
        return record

    def _with_selected(self, action: Callable[[CallRecord], None]) -> None:
        record = self._selected()
        if record is not None:
            action(record)

    # ---------------------------------------------------------------- clipboard

    def action_copy_call_id(self) -> None:
        self._with_selected(self.files.copy_call_id)

    def action_copy_txn(self) -> None:
        self._with_selected(self.files.copy_txn)

    # ---------------------------------------------------------------- files

    def action_download(self) -> None:
        self._with_selected(self.files.download)

    def action_play(self) -> None:
        self._with_selected(self.files.play)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The stop key shows (and acts) only while a recording plays; Enter is taken
        only in a filter field."""
        if action == "stop_playing":
            return self.query_one(PlaybackLine).playing
        if action == "search_from_filter":
            return self._in_filter_field()
        return True

    def action_stop_playing(self) -> None:
        stopped = self.query_one(PlaybackLine).stop()
        if stopped is not None:
            self.notify(f"Stopped {stopped.call_id}.", title="Playing")

    def action_export(self) -> None:
        if self.criteria is None or self.page is None:
            self.notify("Search first: the export takes every page of the current search.",
                        severity="warning")
            return
        if self.page.page == 1 and not self.page.records:  # nothing to write but a header
            self.notify("Nothing to export: this search found no calls. Widen the dates or "
                        "the filters, then press e again.", severity="warning")
            return
        self.files.export(self.criteria, self.page.total if self.page.total_exact else None)

    # ---------------------------------------------------------------- palette

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from binding_commands(self, "History", lambda: self.host.action_show_tab("history"))
