"""The Textual application: top bar, tabs, footer, and the services the tabs share.

The app is each tab's :class:`~alohub_tui.ui.host.Host`: tabs get it when they are
built and never import the app. They create no HTTP clients or workers of their own:
they call :meth:`AlohubApp.run_api`, which runs the coroutine as an App-level async
worker in a named group with ``exit_on_error=False``. One handler (:meth:`on_worker_state_changed`)
turns any failure that escaped a worker into a toast, so nothing is silent and nothing
kills the app.

What the app remembers of the tenant is in the profile's local store (``self.store``); a
watcher thread notices another process's writes and :class:`LocalStoreChanged` brings
them to the Dial tab, the Agents tab and an open audit log or plan screen.

Startup is in two steps so the first frame comes quickly (issue #8: cold start):
:meth:`AlohubApp.compose` builds only the top bar, the Dial tab and empty panes for the
other tabs; once that frame is on screen, :meth:`AlohubApp._build_remaining_tabs`
imports and mounts History, Agents and Live, starts the live-event service and creates
the HTTP client (which loads httpx and the TLS trust store). Tests and screenshots wait
for :meth:`AlohubApp.wait_until_built`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Coroutine, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import App, ComposeResult, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import Input, Static, TabbedContent, TabPane
from textual.widgets._toast import ToastRack
from textual.worker import Worker, WorkerState

from alohub_tui.api.phone import warm_up as warm_up_phone_numbers
from alohub_tui.api.urls import host_port
from alohub_tui.boot.connect import Resolved, client_for, gateway_for
from alohub_tui.dial.tracker import DIAL_GROUP, DialTracker
from alohub_tui.live.watch import LiveWatch
from alohub_tui.state import StateStore
from alohub_tui.store.local import LocalStore, open_local_store
from alohub_tui.store.profile import short_name
from alohub_tui.store.watch import StoreWatcher
from alohub_tui.ui.failures import describe
from alohub_tui.ui.focus import TabFocus, tab_of
from alohub_tui.ui.host import Host
from alohub_tui.ui.key_model import HELP_KEY_ID, HELP_KEY_TOOLTIP, help_rows
from alohub_tui.ui.messages import ApiHealthChanged, LocalStoreChanged, api_health
from alohub_tui.ui.palette import tab_commands, tab_own_commands
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.help import HelpScreen
from alohub_tui.ui.settle import messages_handled
from alohub_tui.ui.tabs.dial import DialTab
from alohub_tui.ui.terminal_keys import install as install_terminal_keys
from alohub_tui.ui.toast_text import shown_notifications
from alohub_tui.ui.widgets.fitted_footer import FittedFooter
from alohub_tui.ui.widgets.topbar import TopBar
from alohub_tui.vntime import now_vn

if TYPE_CHECKING:
    from alohub_tui.api.client import AlohubClient
    from alohub_tui.api.gateway import GatewayClient
    from alohub_tui.live.service import LiveService

log = logging.getLogger("alohub_tui.ui")

# Worker groups whose work must not be abandoned silently by quitting.
GUARDED_GROUPS = {DIAL_GROUP: "a dial", "download": "a download", "queue": "a queue change",
                  "export": "an export"}

# The tabs built after the first frame: pane id and tab label.
LATER_TABS = (("history", "History \\[F3]"), ("agents", "Agents \\[F4]"),
              ("live", "Live \\[F5]"), ("callbacks", "Callbacks \\[F12]"))


def later_tab(pane_id: str, host: Host) -> Widget:
    """A new tab widget for one of :data:`LATER_TABS` (its module is imported here)."""
    if pane_id == "history":
        from alohub_tui.ui.tabs.history import HistoryTab

        return HistoryTab(host)
    if pane_id == "agents":
        from alohub_tui.ui.tabs.agents import AgentsTab

        return AgentsTab(host)
    if pane_id == "callbacks":
        from alohub_tui.ui.tabs.callbacks import CallbacksTab

        return CallbacksTab(host)
    from alohub_tui.ui.tabs.live import LiveTab

    return LiveTab(host)


class AlohubApp(App[None]):
    """alohub-tui: dial, history and (with their issues) agents and live calls."""

    CSS_PATH = "app.tcss"
    TITLE = "alohub-tui"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        # F1 works in every dialog too (a priority binding); ? wherever it is not text.
        Binding("f1", "help", "Help", id="app.help", tooltip="List every key (again: close)",
                priority=True),
        Binding("question_mark", "help", "Help", id=HELP_KEY_ID, show=False,
                tooltip=HELP_KEY_TOOLTIP),
        # Tab keys are priority bindings: handled when read, so keys typed in the same
        # burst ("F2 0912...") already go to the new tab (see ui/focus.py).
        Binding("f2,alt+1", "show_tab('dial')", "Dial", id="tab.dial", tooltip="Click-to-call",
                show=False, priority=True),
        Binding(
            "f3,alt+2", "show_tab('history')", "History", id="tab.history",
            tooltip="Search calls", show=False, priority=True,
        ),
        Binding(
            "f4,alt+3", "show_tab('agents')", "Agents", id="tab.agents",
            tooltip="Agent queues: edit, bulk change, audit log", show=False, priority=True,
        ),
        Binding(
            "f5,alt+4", "show_tab('live')", "Live", id="tab.live",
            tooltip="Live calls from the webhook and today's counters", show=False,
            priority=True,
        ),
        Binding(
            "f12,alt+5", "show_tab('callbacks')", "Callbacks", id="tab.callbacks",
            tooltip="Missed calls nobody has returned yet",
            show=False, priority=True,
        ),
        Binding(
            "ctrl+q", "request_quit", "Quit", id="app.quit", priority=True,
            tooltip="Quit (asks while a dial or download is in flight)",
        ),
        Binding("escape", "leave_field", "Leave field", id="app.leave_field", show=False,
                tooltip="Leave the text field for the tab's table"),
        # Tab and Shift+Tab too: "0912345678<Tab>7001" typed or pasted in one burst puts
        # 7001 in the next field, not at the end of the phone number.
        Binding("tab", "focus_next", "Next", id="app.next_field", show=False, priority=True,
                tooltip="The next field, button or table"),
        Binding("shift+tab", "focus_previous", "Previous", id="app.prev_field",
                show=False, priority=True, tooltip="The previous field, button or table"),
    ]

    def __init__(self, resolved: Resolved, state: StateStore,
                 store: LocalStore | None = None, client: AlohubClient | None = None,
                 clock: Callable[[], datetime] = now_vn) -> None:
        """``store``: the profile's local store (opened here when not given, and then
        closed when the app ends)."""
        install_terminal_keys()  # alt+digit as tmux and screen send it (ESC digit)
        super().__init__()
        self.clock = clock
        """Vietnam-local "now" for every tab; screenshots and tests pin it."""
        self.resolved = resolved
        self.config = resolved.config
        self.state = state
        self._owns_store = store is None
        self.store = store if store is not None else open_local_store(resolved.profile)
        self._watcher = StoreWatcher(self.store,
                                     lambda: self.post_message(LocalStoreChanged()))
        self._client = client
        self._gateway: GatewayClient | None = None
        self.dial_tracker = DialTracker(self.store.dials, clock=lambda: self.clock(),
                                        client=lambda: self.client, run=self.run_api)
        """Places dials and follows their outcomes; the Dial tab shows it."""
        self.live_watch = LiveWatch()
        """The live calls (the Live tab shows them); the dial tracker hears of its calls."""
        self.live_watch.on_calls(self.dial_tracker.apply_events)
        self.live: LiveService | None = None
        self._built = asyncio.Event()
        base_url = self.config.api.base_url
        host = host_port(base_url) if base_url else "(no host)"
        profile = resolved.profile.name  # named after the host when not named: said once
        self.top_bar = TopBar(host, resolved.is_demo, self.config.ui.read_only,
                              short_name(profile) if profile != host else "")

    @property
    def client(self) -> AlohubClient:
        """The API client, created on first use: normally just after the first frame."""
        if self._client is None:
            self._client = client_for(self.resolved, on_request=self._on_api_request)
        return self._client

    @client.setter
    def client(self, client: AlohubClient) -> None:
        """Swap the client (the fault-matrix tests point the app at a broken endpoint)."""
        self._client = client

    @property
    def gateway(self) -> GatewayClient | None:
        """The optional gateway's client, created on first use; None without ``[gateway]``."""
        if self._gateway is None:
            self._gateway = gateway_for(self.resolved, on_request=self._on_api_request)
        return self._gateway

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield self.top_bar
        with TabbedContent(initial="dial", id="tabs"):
            with TabPane("Dial \\[F2]", id="dial"):
                yield DialTab(self)
            for pane_id, label in LATER_TABS:
                with TabPane(label, id=pane_id):
                    yield Static("Loading…", classes="tab-loading")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.set_keymap(dict(self.config.ui.keymap))
        self.theme = self._initial_theme()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.state.warning:
            self.notify(self.state.warning, title="State file", severity="warning")
        for warning in (*self.resolved.notes, *self.store.warnings):
            self.notify(warning, title="Local data", severity="warning", timeout=15)
        self._watcher.start()
        # A worker, not an awaited callback: keys are handled between the steps.
        self.call_after_refresh(self.run_worker, self._build_remaining_tabs,
                                name="build tabs", group="startup", exit_on_error=False)

    async def _build_remaining_tabs(self) -> None:
        """Second startup step (see module docstring); the shown tab is built first."""
        tabs = self.query_one("#tabs", TabbedContent)
        order = sorted((pane_id for pane_id, _ in LATER_TABS), key=lambda p: p != tabs.active)
        try:
            for pane_id in order:
                pane = tabs.get_pane(pane_id)
                tab = later_tab(pane_id, self)
                await pane.query_one(".tab-loading").remove()
                await pane.mount(tab)
                if pane_id == tabs.active:
                    self._focus_tab(tab)
            self._start_live()
            _ = self.client  # created now rather than on the user's first request
            warm_up_phone_numbers()
        finally:  # a failure is a toast (on_worker_state_changed); nobody waits forever
            self._built.set()

    async def wait_until_built(self) -> None:
        """Return once every tab is mounted (the second startup step has finished)."""
        await self._built.wait()

    @asynccontextmanager
    async def run_test(self, **kwargs: Any) -> AsyncGenerator[Pilot[None], None]:
        """:meth:`App.run_test`, handing over the pilot once every tab is built."""
        async with super().run_test(**kwargs) as pilot:
            await self.wait_until_built()
            yield pilot

    def _initial_theme(self) -> str:
        for name in (self.state.theme, self.config.ui.theme):
            if name and name in self.available_themes:
                return name
        return "textual-dark"

    def _remember_theme(self, theme: Theme) -> None:
        try:
            self.state.set_theme(theme.name)
        except OSError as exc:
            self.notify(f"Could not save the theme: {exc.strerror}", severity="warning")

    async def on_unmount(self) -> None:
        self._watcher.stop()
        if self._owns_store:
            self.store.close()
        if self._client is not None:
            await self._client.aclose()
        if self._gateway is not None:
            await self._gateway.aclose()
        if self.live is not None:
            self.live.inbox.set_listener(None)
            self.live.stop()

    # ---------------------------------------------------------------- other windows

    def on_local_store_changed(self, message: LocalStoreChanged) -> None:
        """Show what another process wrote: dials here, known states on the Agents tab,
        and an open dialog (audit log, plan) re-reads what it shows."""
        self.dial_tracker.reload()
        for tab in self.query("#agents-tab, #callbacks-tab"):
            changed = getattr(tab, "store_changed", None)
            if callable(changed):
                changed()
        if len(self.screen_stack) > 1:
            self.screen.post_message(LocalStoreChanged())

    # ---------------------------------------------------------------- live events

    def _start_live(self) -> None:
        """Start the webhook receiver (demo, or ``[webhook] listen``) for the Live tab."""
        from alohub_tui.boot.live import backfill_client, start_live
        from alohub_tui.ui.tabs.live import LiveTab

        self.live = start_live(self.config, self.resolved.demo, self.resolved.profile,
                               kind="tui", api=backfill_client(self.resolved))
        for problem in self.live.problems:
            self.notify(problem, title="Live events", severity="warning", timeout=15)
        self.query_one(LiveTab).attach(self.live)
        for tab in self.query("#callbacks-tab"):
            attach = getattr(tab, "attach", None)
            if callable(attach):
                attach(self.live)  # the callbacks read this service's event store

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast as plain text: messages carry vendor text, numbers and paths, where
        brackets (``[userName66]``, ``[webhook]``) must show, not be read as markup; and
        broken into lines at words (ui/toast_text.py), never in the middle of a name."""
        super().notify(message, title=title, severity=severity, timeout=timeout,
                       markup=False)

    def _refresh_notifications(self) -> None:
        """Textual's, but the toast rack gets copies whose text breaks at words
        (ui/toast_text.py); ``_notifications`` keeps each message as written."""
        try:
            rack = self.screen.get_child_by_type(ToastRack)
        except (ScreenStackError, NoMatches):
            return
        # The rack spans the screen and always keeps room for its scrollbar (overflow-y:
        # scroll); a toast is at most half of what is left.
        rack_width = self.size.width - rack.styles.scrollbar_size_vertical
        self.call_later(rack.show, shown_notifications(self._notifications, rack_width))

    # ---------------------------------------------------------------- workers

    def run_api(
        self, work: Coroutine[Any, Any, Any] | Callable[[], Awaitable[Any]], *, group: str,
        exclusive: bool = False, description: str = "",
    ) -> Worker[Any]:
        """Run API work as an App-level worker in ``group`` (see module docstring).

        Exclusive callers should pass a coroutine *function* (e.g. a ``partial``): a
        worker cancelled before it starts then never creates a coroutine that is left
        un-awaited.
        """
        return self.run_worker(
            work, group=group, exclusive=exclusive, exit_on_error=False,
            description=description or group,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.error is not None:
            failure = describe(worker.error, self.resolved.api_key)
            log.error("worker %s failed: %s", worker.name, failure.message,
                      exc_info=worker.error)
            self.notify(failure.message, title=failure.title, severity=failure.severity,
                        timeout=10)

    def guarded_work_in_flight(self) -> list[str]:
        """What quitting would cut short: a worker of a guarded group that runs or has
        yet to start (ctrl+q read in the same burst as the Enter of a dial), or a dial
        the tracker has placed and not heard back about."""
        busy = {GUARDED_GROUPS[w.group] for w in self.workers
                if w.group in GUARDED_GROUPS
                and w.state in (WorkerState.PENDING, WorkerState.RUNNING)}
        if self.dial_tracker.in_flight:
            busy.add(GUARDED_GROUPS[DIAL_GROUP])
        return sorted(busy)

    # ---------------------------------------------------------------- API health

    def _on_api_request(self, event: dict[str, Any]) -> None:
        """Each request's result: any error is failing, an HTTP 200 whose envelope says
        ``success`` "0" included (the client logs a request after reading its answer)."""
        self.post_message(api_health(event))

    def on_api_health_changed(self, message: ApiHealthChanged) -> None:
        self.top_bar.health_ok = message.ok
        self.top_bar.health_detail = message.detail

    # ---------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Tab keys act on the main screen only: being priority bindings, they would
        otherwise switch tabs under an open dialog. Esc leaves a field of a tab."""
        if action == "leave_field":
            return self._field_tab() is not None
        return action != "show_tab" or len(self.screen_stack) == 1

    def _field_tab(self) -> TabFocus | None:
        """The tab whose text field has the focus (on the main screen), if any."""
        if len(self.screen_stack) > 1 or not isinstance(self.focused, Input):
            return None
        return tab_of(self.focused)

    def action_leave_field(self) -> None:
        tab = self._field_tab()
        if tab is not None:
            tab.focus_results()

    def action_show_tab(self, tab: str) -> None:
        # The focus leaves the pane being hidden at once: a focused widget there would
        # hand it to a sibling when it gets its Hide event (and a focus inside a hidden
        # pane switches the tabs back to it). Keys typed meanwhile go to the new tab.
        self.set_focus(None)
        tabs = self.query_one("#tabs", TabbedContent)
        tabs.active = tab
        pane = tabs.get_pane(tab)
        # Still "Loading…", or being mounted (its widgets not there yet): the builder
        # gives it the focus once mounted (_build_remaining_tabs).
        if pane.children and pane.children[0].is_mounted:
            self._focus_tab(pane.children[0])

    def open_dial(self, number: str, note: str = "") -> None:
        """Show the Dial tab with ``number`` in its phone field, ready to call."""
        self.action_show_tab("dial")
        self.query_one(DialTab).prefill(number, note)

    def _focus_tab(self, tab: Widget) -> None:
        focus_first = getattr(tab, "focus_first", None)
        if callable(focus_first):
            focus_first()  # synchronous (ui/focus.py), before any key already queued

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        rows = help_rows(self)
        self.push_screen(HelpScreen(rows, rows[0].section if rows else ""))

    def action_request_quit(self) -> None:
        # In a worker: keys read with ctrl+q (Enter on a dial) finish first (ui/settle.py).
        self.run_worker(self._quit_when_settled, group="quit", exclusive=True,
                        exit_on_error=False)

    async def _quit_when_settled(self) -> Any:
        await messages_handled(self)
        busy = self.guarded_work_in_flight()
        if not busy:
            self.exit()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        await self.push_screen(
            ConfirmScreen("Quit now?", f"Still in flight: {', '.join(busy)}. Quit anyway?",
                          yes_label="Quit"),
            answered,
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from tab_commands(self, self.action_show_tab)
        yield from tab_own_commands(self)
