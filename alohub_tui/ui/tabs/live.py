"""Live tab: calls as their webhook events arrive, and today's counters.

The feed (newest first, rows updated in place as a call rings, is answered and ends) is
the host's :class:`~alohub_tui.live.watch.LiveWatch`, fed by the receiver through
:class:`~alohub_tui.ui.live_link.LiveLink`; this tab listens to it. The counters
("since 00:00", per agent) are read from the event store on a timer, so they survive a
restart. Typing filters the feed; F6 pauses it (events keep being stored and counted,
and are applied on resume).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.widgets import Input, Static

from alohub_tui.live.feed import FeedChange, LiveFeed
from alohub_tui.live.service import LiveService
from alohub_tui.live.stats import (
    COUNTER_LABELS,
    QUIET_AFTER_S,
    SINCE_LABEL,
    LiveStats,
    counter_values,
    fmt_ago,
)
from alohub_tui.ui.focus import focus_now, type_into
from alohub_tui.ui.host import Host
from alohub_tui.ui.live_link import LiveLink
from alohub_tui.ui.shown import is_shown
from alohub_tui.ui.widgets.agent_grid import AgentGrid
from alohub_tui.ui.widgets.field import Field
from alohub_tui.ui.widgets.live_feed import LiveFeedTable
from alohub_tui.vntime import to_local_naive
from alohub_tui.webhook.events import CallEvent

WIDE_AT = 120  # columns from which the agents sit beside the feed

NOT_CONFIGURED = (
    "No webhook receiver. Set [webhook] listen in config.toml and export the key "
    "(ALOHUB_WEBHOOK_KEY), or run `alohub-tui webhook`; try `alohub-tui --demo`."
)


def counters_text(stats: LiveStats | None, now: datetime) -> Text:
    """Two lines: today's totals, then averages, calls in progress and the last event."""
    text = Text()
    text.append(f"{SINCE_LABEL.capitalize()} ", style="bold")
    if stats is None:
        text.append("… reading the event store")
        return text
    values = counter_values(stats.counters)
    for key in ("calls", "answered", "missed", "rate"):
        text.append(f"  {COUNTER_LABELS[key]} ")
        text.append(values[key], style="bold")
    text.append("\n")
    for key in ("talk", "hold", "live"):
        text.append(f"{COUNTER_LABELS[key]} ")
        text.append(values[key], style="bold")
        text.append("   ")
    quiet = stats.quiet_seconds(now)
    style = "bold yellow" if quiet is not None and quiet > QUIET_AFTER_S else "dim"
    glyph = "⚠" if "yellow" in style else "·"
    text.append(f"{glyph} last event {fmt_ago(quiet)}" + (" ago" if quiet is not None else ""),
                style=style)
    return text


class LiveTab(Vertical):
    """Filter, pause marker, the feed, per-agent counters; see the module docstring."""

    BINDINGS = [
        Binding("f6,alt+p", "toggle_pause", "Pause", id="live.pause",
                tooltip="Pause or resume the live feed (events are still stored)"),
        Binding("slash", "filter", "Filter", id="live.filter", show=False,
                tooltip="Move to the filter (number, agent, status)"),
        Binding("escape", "clear_filter", "Clear filter", id="live.clear_filter",
                show=False, tooltip="Clear the filter (show every call) and go to the feed"),
    ]

    DEFAULT_CSS = """
    LiveTab #live-counters { height: 2; margin-bottom: 1; }
    LiveTab #live-bar { height: 1; }
    LiveTab #live-filter { width: 1fr; }
    LiveTab #live-state { width: auto; margin-left: 1; }
    LiveTab #live-note { height: auto; max-height: 2; color: $text-muted; }
    LiveTab #live-note.warning { color: $warning; text-style: bold; }
    LiveTab #live-body { height: 1fr; layout: vertical; }
    LiveTab #live-feed { height: 1fr; }
    LiveTab #live-agents { height: 6; margin-top: 1; }
    LiveTab.-wide #live-body { layout: horizontal; }
    LiveTab.-wide #live-agents { height: 1fr; width: 60; margin-top: 0; margin-left: 1; }
    """

    paused: reactive[bool] = reactive(False)
    waiting: reactive[int] = reactive(0)

    def __init__(self, host: Host) -> None:
        super().__init__(id="live-tab")
        self.host = host
        self.live_watch = host.live_watch
        self.live_watch.listen(on_events=self._events, on_stats=self._stats,
                          on_error=self._stats_error)
        self.service: LiveService | None = None
        self.link: LiveLink | None = None
        self.stats: LiveStats | None = None
        self._error: str | None = None
        self._table_stale = False
        self._note_shown: tuple[list[str], bool] | None = None

    @property
    def feed(self) -> LiveFeed:
        """The calls shown (the watch's merged feed)."""
        return self.live_watch.feed

    def compose(self) -> ComposeResult:
        clock = self.host.clock
        yield Static(counters_text(None, clock()), id="live-counters")
        with Horizontal(id="live-bar"):
            yield Field(placeholder="filter: number, agent, status…  (Esc clears)",
                        id="live-filter", compact=True, select_on_focus=False, not_text="/")
            yield Static("", id="live-state")
        yield Static("", id="live-note", markup=False)
        with Horizontal(id="live-body"):
            yield LiveFeedTable(clock, id="live-feed", zebra_stripes=True)
            yield AgentGrid(self.host.config.catalog.agents, id="live-agents")

    def on_mount(self) -> None:
        self._show_state()
        self._show_note()

    def focus_first(self) -> None:
        focus_now(self.query_one("#live-filter", Input))

    def focus_results(self) -> None:
        focus_now(self.query_one(LiveFeedTable))

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE_AT, "-wide")

    # ---------------------------------------------------------------- service

    def attach(self, service: LiveService) -> None:
        """Start showing ``service``'s events and counters (called once by the app)."""
        self.service = service
        self.link = LiveLink(self, service, self.live_watch, self.host.clock)
        self.link.start()
        self._show_note()

    def on_unmount(self) -> None:
        if self.link is not None:
            self.link.stop()

    def _show_change(self, change: FeedChange) -> None:
        """Apply a batch to the table, or, while the tab is hidden, just remember to
        rebuild it when shown: at 200 events/s the per-batch row updates would otherwise
        cost the tab the user is typing in (see :mod:`alohub_tui.ui.shown`)."""
        if not is_shown(self):
            self._table_stale = True
        else:
            self.query_one(LiveFeedTable).show(self.feed, change)

    def on_show(self) -> None:
        if self._table_stale and not self.paused:
            self._table_stale = False
            self.query_one(LiveFeedTable).rebuild(self.feed)

    def _events(self, events: list[CallEvent], change: FeedChange) -> None:
        if self.paused:
            self.waiting += len(events)
        elif change:
            self._show_change(change)
        self._show_note()

    def _stats(self, stats: LiveStats, change: FeedChange) -> None:
        self.stats = stats
        now = self.host.clock()
        # Fixed height (2 lines): a repaint, not a re-layout of the whole screen.
        self.query_one("#live-counters", Static).update(counters_text(stats, now), layout=False)
        if change and not self.paused:
            self._show_change(change)
        busy = self.feed.in_progress_by_agent(to_local_naive(now))
        self.query_one(AgentGrid).show(stats.counters, busy)
        self._show_note()

    def _stats_error(self, message: str | None) -> None:
        self._error = message
        self._show_note()

    # ---------------------------------------------------------------- display

    def _show_note(self) -> None:
        """One line under the filter: problems first, then what to expect."""
        service = self.service
        lines: list[str] = []
        if service is not None:
            lines += service.problems
        if self._error:
            lines.append(f"⚠ Counters: {self._error}")
        if service is not None and service.plan.db_path is None:
            lines.append(NOT_CONFIGURED)
        elif not self.feed and service is not None:
            lines.append("Waiting for call events…" if service.receiver
                         else "No calls stored yet.")
        warning = bool(service and service.problems) or bool(self._error)
        if (lines, warning) == self._note_shown:
            return  # called per batch of events: re-layout only when the note changes
        self._note_shown = (lines, warning)
        note = self.query_one("#live-note", Static)
        note.update("\n".join(lines))
        note.display = bool(lines)
        note.set_class(warning, "warning")

    def _show_state(self) -> None:
        state = self.query_one("#live-state", Static)
        if self.paused:
            state.update(Text(f" ⏸ PAUSED · {self.waiting} events waiting · F6 resumes ",
                              style="bold black on yellow"))
        else:
            state.update(Text(" ● LIVE · F6 pauses ", style="bold"))
        state.set_class(self.paused, "paused")

    def watch_paused(self) -> None:
        self._show_state()

    def watch_waiting(self) -> None:
        self._show_state()

    # ---------------------------------------------------------------- actions

    def action_toggle_pause(self) -> None:
        if self.paused:
            self.paused = False
            self.waiting = 0
            self.query_one(LiveFeedTable).rebuild(self.feed)
        else:
            self.paused = True

    def on_key(self, event: events.Key) -> None:
        """A letter or digit typed in the feed filters it (the feed has no single keys)."""
        if (self.query_one(LiveFeedTable).has_focus and event.character
                and event.character.isalnum()):
            type_into(self.query_one("#live-filter", Input), event)

    def action_filter(self) -> None:
        self.focus_first()

    def action_clear_filter(self) -> None:
        self.query_one("#live-filter", Input).value = ""
        self.focus_results()

    @on(Input.Changed, "#live-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        table = self.query_one(LiveFeedTable)
        table.needle = event.value.strip().lower()
        if not self.paused:
            table.rebuild(self.feed)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Live: pause or resume the feed",
                            "Freeze the feed; events are still stored and counted",
                            self.action_toggle_pause)

    @on(Input.Submitted, "#live-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_results()
