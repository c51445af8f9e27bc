"""``alohub-tui --wall``: the wallboard for a NOC screen (docs/WALL.md).

Pages (``[wall] pages``, rotated every ``rotate_s`` seconds when set; keys 1-3 and ←/→
switch them): the overview (KPI tiles, per-hotline rows), the agents (state inferred
from calls and time in state), and the missed calls. Above them the alert banner; below
them a notes line (what the numbers rest on: backfill, gaps, small samples, the
``on_alert`` command's outcome) and the keys.

It needs no API key and no keyboard, and acts on nothing: ``a`` acknowledges alerts on
this screen only (allowed in read-only mode). Everything shown comes from one
:class:`~alohub_tui.wallboard.reading.WallReader` run by :class:`.refresh.WallRefresh`;
a refresh that fails, or a loop that stops, is said at the top of the screen within a
refresh interval. Widgets are written only when their text changes, so an idle wall
writes only its clock and "last event" age to the terminal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import ContentSwitcher

from alohub_tui.boot.connect import Resolved
from alohub_tui.boot.served import served_from_env
from alohub_tui.live.service import LiveService
from alohub_tui.live.stats import QUIET_AFTER_S, fmt_ago
from alohub_tui.ui.wall.agents_page import AgentsPage
from alohub_tui.ui.wall.alerting import Alerting
from alohub_tui.ui.wall.cells import Line
from alohub_tui.ui.wall.missed_page import MissedPage
from alohub_tui.ui.wall.overview import OverviewPage
from alohub_tui.ui.wall.refresh import WallRefresh
from alohub_tui.ui.widgets.callback_tile import CallbackTile
from alohub_tui.vntime import CLOCK_DISPLAY, SECOND_DISPLAY, VN_TZ, now_vn
from alohub_tui.wallboard.reading import WallReader, WallReading
from alohub_tui.wallboard.thresholds import Thresholds
from alohub_tui.wallboard.views import agent_rows, agents_note, hotline_rows, overview_tiles

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

WIDE_AT = 140
TALL_AT = 40
PAGE_TITLES = {"overview": "Overview", "agents": "Agents", "missed": "Missed"}


class WallApp(App[None]):
    """The wallboard; see the module docstring."""

    TITLE = "alohub-tui wall"
    ENABLE_COMMAND_PALETTE = False
    CSS_PATH = "wall.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_AT, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL_AT, "-tall")]
    BINDINGS = [
        Binding("ctrl+q,q", "quit", "Quit", id="wall.quit", priority=True),
        Binding("a", "acknowledge", "Acknowledge", id="wall.acknowledge"),
        Binding("right,l", "step_page(1)", "Next page", id="wall.next"),
        Binding("left,h", "step_page(-1)", "Previous page", id="wall.previous"),
        *(Binding(str(n), f"show_page({n - 1})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, resolved: Resolved, *, clock: Clock = now_vn,
                 service: LiveService | None = None, interval_s: float = 1.0,
                 min_gap_s: float = 0.05) -> None:
        super().__init__()
        self.resolved = resolved
        self.wall = resolved.config.wall
        self.clock = clock
        self.live = service
        self._own_service = service is None
        self.pages = tuple(self.wall.pages)
        self.thresholds = Thresholds(self.wall.thresholds)
        self.names = {a.user_name: a.name for a in resolved.config.catalog.agents if a.name}
        self.alerting = Alerting(self, self.wall)
        self.reading: WallReading | None = None
        self.reader: WallReader | None = None
        self.refresher: WallRefresh | None = None
        self._timing = (interval_s, min_gap_s)
        self._error: str | None = None
        self._stall: str | None = None
        self.stalls: list[str] = []  # every stall said on screen (also logged)
        self.stall_noticed_after_s: float | None = None  # the loop's silence when first said
        self._stale_pages: set[str] = set(self.pages)
        self._rotator: Timer | None = None

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="wall-header"):
            yield Line(self._title(wide=False), id="wall-title")
            yield Line("", id="wall-page-names")
            yield Line("", id="wall-badge")
            yield Line("", id="wall-clock")
        yield Line("", id="wall-stalled")
        yield Line("", id="wall-banner")
        with ContentSwitcher(initial=f"page-{self.pages[0]}", id="wall-pages"):
            for page in self.pages:
                if page == "overview":
                    yield OverviewPage(CallbackTile(self.resolved, lambda: self.live,
                                                    self.clock, id="tile-callbacks",
                                                    classes="tile"), id="page-overview")
                elif page == "agents":
                    yield AgentsPage(id="page-agents")
                else:
                    yield MissedPage(id="page-missed")
        yield Line("", id="wall-notes")
        yield Line("", id="wall-footer")

    def _title(self, *, wide: bool) -> Text:
        """"ALOHUB WALL" where there is room; "WALL" at 80 columns (the page names and
        the last-event age need the width)."""
        text = Text("ALOHUB WALL " if wide else "WALL ", style="bold")
        if self.resolved.is_demo:
            text.append(" DEMO ", style="bold black on yellow")
        return text

    def on_mount(self) -> None:
        if self.live is None:
            from alohub_tui.boot.live import backfill_client, start_live

            self.live = start_live(self.resolved.config, self.resolved.demo, kind="wall",
                                   api=backfill_client(self.resolved))
        self._show_page_names()
        store = self.live.store
        if store is not None:
            self.reader = WallReader(store, self.wall)
            interval, gap = self._timing
            self.refresher = WallRefresh(
                self, self.reader, self.clock, self._take_reading, self._refresh_error,
                inbox=self.live.inbox if self.live.receiver is not None else None,
                interval_s=interval, min_gap_s=gap, clock_matters=self._clock_matters)
            self.refresher.start()
        self._tick()
        self.set_interval(1.0, self._tick)
        self.set_interval(0.5, self._watch)
        if self.wall.rotate_s:
            self._rotator = self.set_interval(self.wall.rotate_s, self._rotate)
        self._show_footer()

    def on_unmount(self) -> None:
        if self.refresher is not None:
            self.refresher.stop()
        if self.reader is not None:
            self.reader.close()
        if self.live is not None and self._own_service:
            self.live.stop()

    def on_resize(self, event: Resize) -> None:
        wide = event.size.width >= WIDE_AT
        self.query_one("#wall-title", Line).put(self._title(wide=wide))
        for agents in self.query(AgentsPage):
            agents.use_width(wide)
        for missed in self.query(MissedPage):
            missed.use_width(wide)
        self._stale_pages = set(self.pages)
        self._show_current()

    # ---------------------------------------------------------------- pages

    @property
    def page(self) -> str:
        current = self.query_one(ContentSwitcher).current or f"page-{self.pages[0]}"
        return current.removeprefix("page-")

    def action_show_page(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            self._switch(self.pages[index])

    def action_step_page(self, step: int) -> None:
        index = self.pages.index(self.page)
        self._switch(self.pages[(index + step) % len(self.pages)])

    def _rotate(self) -> None:
        index = self.pages.index(self.page)
        self._switch(self.pages[(index + 1) % len(self.pages)], by_hand=False)

    def _switch(self, page: str, *, by_hand: bool = True) -> None:
        if by_hand and self._rotator is not None:
            self._rotator.reset()  # a page chosen by hand stays its full time
        if page == self.page:
            return
        self.query_one(ContentSwitcher).current = f"page-{page}"
        self._show_page_names()
        self._show_current()
        if self.refresher is not None:
            self.refresher.wake()  # a page with times in it is read fresh

    def _show_page_names(self) -> None:
        text = Text()
        for n, page in enumerate(self.pages, 1):
            label = f" {n} {PAGE_TITLES[page]} "
            text.append(label, style="reverse bold" if page == self.page else "dim")
        self.query_one("#wall-page-names", Line).put(text)

    # ---------------------------------------------------------------- readings

    def _take_reading(self, reading: WallReading) -> None:
        previous, self.reading = self.reading, reading
        new_event = previous is None or reading.last_event_at != previous.last_event_at
        if self._stall is not None:
            self._stall = None
            self._show_problem()
        self.alerting.observe(reading.snapshot)
        self._stale_pages = set(self.pages)
        self._show_current()
        self._show_notes()
        if new_event:  # else the clock's tick ages it, in the same frame as the clock
            self._show_badge()

    def _clock_matters(self) -> bool:
        """Whether what is on screen changes with the clock alone (and so is read every
        interval): calls waiting (their longest wait), the agents' time in state, an
        alert waiting out its hysteresis."""
        reading = self.reading
        if reading is None or self.page == "agents" or self.alerting.board.settling:
            return True
        waiting = reading.snapshot.overall.waiting.value  # None: n/a, which no clock changes
        return waiting is not None and waiting > 0

    def _show_current(self) -> None:
        """Draw the page on screen from the latest reading; the others wait until shown."""
        reading, page = self.reading, self.page
        if reading is None or page not in self._stale_pages:
            return
        self._stale_pages.discard(page)
        snapshot = reading.snapshot
        if page == "overview":
            self.query_one(OverviewPage).show(
                overview_tiles(snapshot, self.alerting.board),
                hotline_rows(snapshot.by_hotline, self.thresholds))
        elif page == "agents":
            self.query_one(AgentsPage).show(agent_rows(snapshot, self.thresholds, self.names),
                                            agents_note(snapshot))
        else:
            self.query_one(MissedPage).show(snapshot, reading.missed, reading.missed_version)

    def _show_notes(self) -> None:
        parts: list[str] = []
        warn = False
        reading = self.reading
        if reading is not None and reading.coverage is not None:
            text, warn = reading.coverage.line(reading.snapshot.overall.from_search)
            parts.append(text)
        if reading is not None and reading.snapshot.overall.small_sample:
            parts.append(f"* small sample: fewer than {self.wall.small_sample_calls} calls today")
        parts.append(self.alerting.outcome)
        notes = self.query_one("#wall-notes", Line)
        notes.put(" · ".join(p for p in parts if p))
        notes.set_class(warn or self.alerting.outcome_failed, "-warning")

    def show_banner(self, text: str) -> None:
        """The unacknowledged alerts (the alerting's callback)."""
        banner = self.query_one("#wall-banner", Line)
        banner.put(f"{text} · press a to acknowledge" if text else "")
        banner.display = bool(text)
        self._show_notes()

    def action_acknowledge(self) -> None:
        self.alerting.acknowledge(self.clock())
        self._stale_pages.add("overview")
        self._show_current()

    # ---------------------------------------------------------------- health

    def _refresh_error(self, message: str | None) -> None:
        self._error = message
        self._show_problem()

    def _watch(self) -> None:
        """The refresh loop must show signs of life; say so at once when it does not."""
        refresher = self.refresher
        if refresher is None:
            return
        silent = refresher.stalled()
        if silent is None:
            return
        since = datetime.now(VN_TZ).timestamp() - silent
        at = datetime.fromtimestamp(since, VN_TZ).strftime("%H:%M:%S")
        if not refresher.running:
            refresher.revive()
            self._stall = f"⚠ NOT UPDATING since {at}: the refresh stopped; restarting it"
        elif refresher.reading_since is not None:
            self._stall = (f"⚠ NOT UPDATING since {at}: a read of the event store has not "
                           f"returned for {silent:.0f} s")
        else:
            self._stall = f"⚠ NOT UPDATING since {at}: the refresh has not run for {silent:.0f} s"
        if self.stall_noticed_after_s is None:
            self.stall_noticed_after_s = silent
        if not self.stalls or self.stalls[-1] != self._stall:
            self.stalls.append(self._stall)
            log.warning("wall: %s", self._stall)
        self._show_problem()

    def _show_problem(self) -> None:
        line = self.query_one("#wall-stalled", Line)
        text = self._stall or (f"⚠ {self._error}" if self._error else "")
        line.put(text)
        line.display = bool(text)

    def _tick(self) -> None:
        """Clock and last-event age, once a second."""
        now = self.clock()
        wide = self.size.width >= WIDE_AT
        self.query_one("#wall-clock", Line).put(
            now.strftime(SECOND_DISPLAY if wide else CLOCK_DISPLAY))
        self._show_badge()

    def _show_badge(self) -> None:
        badge = self.query_one("#wall-badge", Line)
        reading = self.reading
        quiet = None
        if reading is None:
            badge.put("○ reading…")
        elif reading.last_event_at is None:
            badge.put("○ no events yet")
        else:
            quiet = max(0.0, (self.clock().astimezone(VN_TZ)
                              - reading.last_event_at).total_seconds())
            badge.put(f"⚠ NO EVENTS FOR {fmt_ago(quiet)}" if quiet > QUIET_AFTER_S
                      else f"● last event {fmt_ago(quiet)} ago")
        badge.set_class(quiet is not None and quiet > QUIET_AFTER_S, "quiet")

    def _show_footer(self) -> None:
        service = self.live
        keys = f"1-{len(self.pages)} ←→ pages · a acknowledge · q quit"
        problems = list(service.problems) if service is not None else []
        if service is not None and service.plan.db_path is None:
            problems.append("No event store: configure [webhook] listen, or run --demo")
        if problems:
            status = " · ".join(problems)
        elif service is not None and service.url:
            status = f"● receiving call events at {service.url}"
        elif served_from_env() is not None:
            status = "call events received by alohub-tui serve"
        else:
            status = "reading stored call events (no receiver in this process)"
        footer = self.query_one("#wall-footer", Line)
        footer.put(f"{keys} · {status}")
        footer.set_class(bool(problems), "-warning")
