"""``alohub-tui --wall``: a read-only wallboard for a NOC screen, no input needed.

Today's counters in large digits, the agents (state now, answered, missed), the latest
missed calls, a clock, and a "last event N s ago" badge that turns into a warning after
:data:`~alohub_tui.live.stats.QUIET_AFTER_S` without events. It reuses the Live tab's
pieces (LiveLink, LiveWatch, the tables, the counter texts); only the layout is its own.

The layout follows the terminal (breakpoints): at 80x24 five counters and two compact
tables; from 140 columns every counter and every column; from 40 rows the latest calls
too. Memory is bounded by the feed (500 calls) and the tables. A failed refresh shows a
marker and is retried with backoff; the screen never needs a person to recover.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Digits, Static

from alohub_tui.boot.connect import Resolved
from alohub_tui.boot.live import start_live
from alohub_tui.boot.served import served_from_env
from alohub_tui.live.feed import FeedChange, LiveFeed
from alohub_tui.live.service import LiveService
from alohub_tui.live.stats import (
    COUNTER_LABELS,
    QUIET_AFTER_S,
    LiveStats,
    counter_values,
    fmt_ago,
)
from alohub_tui.live.watch import LiveWatch
from alohub_tui.ui.live_link import LiveLink
from alohub_tui.ui.widgets.agent_grid import AGENT_COLUMNS, COMPACT_AGENT_COLUMNS, AgentGrid
from alohub_tui.ui.widgets.callback_tile import CallbackTile
from alohub_tui.ui.widgets.live_feed import LiveFeedTable
from alohub_tui.vntime import SECOND_DISPLAY, now_vn, to_local_naive
from alohub_tui.webhook.events import CallEvent

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

WIDE_AT = 140
TALL_AT = 40
NARROW_TILES = ("calls", "answered", "missed", "rate", "talk")
MISSED_ROWS = 60
CALL_COLUMNS = ("time", "direction", "status", "customer", "hotline", "agent", "duration")
MISSED_COLUMNS = {
    False: ("time", "customer", "status"),
    True: ("time", "direction", "customer", "hotline", "agent", "status", "duration"),
}


class WallApp(App[None]):
    """The wallboard; see the module docstring."""

    TITLE = "alohub-tui wall"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_AT, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL_AT, "-tall")]
    BINDINGS = [Binding("ctrl+q,q", "quit", "Quit", id="wall.quit", priority=True)]

    CSS = """
    Screen { layout: vertical; }
    #wall-header { height: 1; background: $panel; }
    #wall-title { width: 1fr; text-style: bold; padding: 0 1; }
    #wall-badge { width: auto; padding: 0 1; }
    #wall-badge.quiet { background: $warning; color: $text; text-style: bold; }
    #wall-clock { width: auto; padding: 0 1; text-style: bold; }
    #wall-tiles { height: 5; }
    .tile {
        width: 1fr; height: 5; border: round $primary; border-title-align: center;
        padding: 0 1;
    }
    .tile Digits { width: 100%; text-align: center; }
    #tile-answered { border: round $success; }
    #tile-missed { border: round $error; }
    .-narrow .tile.wide-only { display: none; }
    #wall-body { height: 1fr; }
    .panel { border: round $panel-lighten-2; border-title-color: $text; height: 1fr; }
    #wall-left { width: 1fr; }
    #wall-agents-panel { height: 1fr; }
    #wall-missed-panel { width: 1fr; }
    #wall-calls-panel { display: none; }
    .-tall #wall-agents-panel { height: auto; max-height: 50%; }
    .-tall #wall-calls-panel { display: block; }
    .panel DataTable { height: 1fr; scrollbar-size: 0 0; }
    .-tall #wall-agents { height: auto; }
    #wall-status { height: 1; color: $text-muted; padding: 0 1; }
    #wall-status.problem { color: $warning; text-style: bold; }
    """

    def __init__(self, resolved: Resolved, *, clock: Clock = now_vn,
                 service: LiveService | None = None) -> None:
        super().__init__()
        self.resolved = resolved
        self.clock = clock
        self.live = service
        self._own_service = service is None
        self.link: LiveLink | None = None
        self.live_watch = LiveWatch()
        self.live_watch.listen(on_events=self._events, on_stats=self._stats,
                               on_error=self._refresh_error)
        self.stats: LiveStats | None = None
        self._error: str | None = None
        self._wide: bool | None = None

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="wall-header"):
            yield Static(self._title(), id="wall-title")
            yield Static("", id="wall-badge")
            yield Static("", id="wall-clock")
        with Horizontal(id="wall-tiles"):
            for key, label in COUNTER_LABELS.items():
                tile = Vertical(classes="tile" + ("" if key in NARROW_TILES else " wide-only"),
                                id=f"tile-{key}")
                tile.border_title = label
                with tile:
                    yield Digits("-", id=f"digits-{key}")
            yield CallbackTile(self.resolved, lambda: self.live, self.clock,
                               id="tile-callbacks", classes="tile wide-only")
        with Horizontal(id="wall-body"):
            with Vertical(id="wall-left"):
                agents = Vertical(classes="panel", id="wall-agents-panel")
                agents.border_title = "Agents · today"
                with agents:
                    yield AgentGrid(self.resolved.config.catalog.agents, id="wall-agents",
                                    columns=COMPACT_AGENT_COLUMNS, show_cursor=False)
                calls = Vertical(classes="panel", id="wall-calls-panel")
                calls.border_title = "Latest calls"
                with calls:
                    yield LiveFeedTable(self.clock, id="wall-calls", show_cursor=False,
                                        columns=CALL_COLUMNS)
            missed = Vertical(classes="panel", id="wall-missed-panel")
            missed.border_title = "✗ Latest missed calls"
            with missed:
                yield LiveFeedTable(self.clock, id="wall-missed", show_cursor=False,
                                    columns=MISSED_COLUMNS[False], max_rows=MISSED_ROWS,
                                    include=lambda e: e.missed)
        yield Static("", id="wall-status", markup=False)  # paths, [webhook]: literal

    def _title(self) -> Text:
        text = Text("ALOHUB LIVE ", style="bold")
        if self.resolved.is_demo:
            text.append(" DEMO ", style="bold black on yellow")
        text.append(" since 00:00", style="dim")
        return text

    def on_mount(self) -> None:
        for table in self.query(LiveFeedTable):
            table.can_focus = False
        self.query_one(AgentGrid).can_focus = False
        if self.live is None:
            self.live = start_live(self.resolved.config, self.resolved.demo,
                                   self.resolved.profile)
        self.link = LiveLink(self, self.live, self.live_watch, self.clock)
        self.link.start()
        self._tick()
        self.set_interval(1.0, self._tick)
        self._show_status()

    def on_unmount(self) -> None:
        if self.link is not None:
            self.link.stop()
        if self.live is not None and self._own_service:
            self.live.stop()

    def on_resize(self, event: Resize) -> None:
        self._fit_columns(event.size.width >= WIDE_AT)

    def _fit_columns(self, wide: bool) -> None:
        """Every column from :data:`WIDE_AT` columns, the essential ones below."""
        if wide == self._wide:
            return
        self._wide = wide
        self.query_one(AgentGrid).use_columns(AGENT_COLUMNS if wide else COMPACT_AGENT_COLUMNS)
        missed = self.query_one("#wall-missed", LiveFeedTable)
        missed.use_columns(MISSED_COLUMNS[wide])
        missed.rebuild(self.feed)
        if self.stats is not None:
            self._show_agents(self.stats)

    # ---------------------------------------------------------------- updates

    @property
    def feed(self) -> LiveFeed:
        """The calls shown (the watch's merged feed)."""
        return self.live_watch.feed

    def _events(self, events: list[CallEvent], change: FeedChange) -> None:
        try:
            if change:
                for table in self.query(LiveFeedTable):
                    table.show(self.feed, change)
        except Exception:  # keep the wall up; the next stats read reloads the calls
            log.exception("wall: applying events failed")

    def _stats(self, stats: LiveStats, change: FeedChange) -> None:
        self.stats = stats
        if change:
            for table in self.query(LiveFeedTable):
                table.show(self.feed, change)
        for key, value in counter_values(stats.counters).items():
            self.query_one(f"#digits-{key}", Digits).update(value.replace("—", "-"))
        self._show_agents(stats)
        self._tick()

    def _show_agents(self, stats: LiveStats) -> None:
        busy = self.feed.in_progress_by_agent(to_local_naive(self.clock()))
        self.query_one(AgentGrid).show(stats.counters, busy)

    def _refresh_error(self, message: str | None) -> None:
        self._error = message
        self._show_status()

    def _tick(self) -> None:
        """Clock and last-event badge, once a second."""
        now = self.clock()
        self.query_one("#wall-clock", Static).update(now.strftime(SECOND_DISPLAY))
        badge = self.query_one("#wall-badge", Static)
        quiet = self.stats.quiet_seconds(now) if self.stats is not None else None
        if self.stats is None:
            badge.update("○ reading…")
        elif quiet is None:
            badge.update("○ no events yet")
        elif quiet > QUIET_AFTER_S:
            badge.update(f"⚠ NO EVENTS FOR {fmt_ago(quiet)}")
        else:
            badge.update(f"● last event {fmt_ago(quiet)} ago")
        badge.set_class(quiet is not None and quiet > QUIET_AFTER_S, "quiet")

    def _show_status(self) -> None:
        service = self.live
        problems = list(service.problems) if service is not None else []
        if self._error:
            problems.append(f"⚠ {self._error}")
        if service is not None and service.plan.db_path is None:
            problems.append("No event store: configure [webhook] listen, or run --demo")
        status = self.query_one("#wall-status", Static)
        if problems:
            status.update(" · ".join(problems))
        elif service is not None and service.url:
            status.update(f"● receiving call events at {service.url} · q quits")
        elif served_from_env() is not None:  # a browser page; q would only restart it
            status.update("Call events received by alohub-tui serve")
        else:
            status.update("Reading stored call events (no receiver in this process) · q quits")
        status.set_class(bool(problems), "problem")
