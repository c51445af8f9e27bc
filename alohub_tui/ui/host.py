"""What a tab needs from the app that shows it, as a protocol.

The app hands itself to each tab as its :class:`Host` when it builds it; tabs (and the
Agents context shared by their dialogs) use only what is listed here. They never import
or cast the App, so the app imports its tabs and no tab imports the app.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from textual.notifications import SeverityLevel
from textual.worker import Worker

if TYPE_CHECKING:
    from alohub_tui.api.client import AlohubClient
    from alohub_tui.api.gateway import GatewayClient
    from alohub_tui.boot.connect import Resolved
    from alohub_tui.config import Config
    from alohub_tui.dial.tracker import DialTracker
    from alohub_tui.live.service import LiveService
    from alohub_tui.live.watch import LiveWatch
    from alohub_tui.state import StateStore
    from alohub_tui.store.local import LocalStore


class Host(Protocol):
    """The app's services for its tabs (:class:`~alohub_tui.ui.app.AlohubApp` is one)."""

    config: Config
    resolved: Resolved  # the key, to scrub it from messages; whether this is the demo
    state: StateStore  # the theme (global)
    store: LocalStore  # the profile's dials, last applied queues and audit log
    dial_tracker: DialTracker
    live_watch: LiveWatch
    live: LiveService | None  # the webhook receiver and event store (once started)
    clock: Callable[[], datetime]
    """Vietnam-local "now" (screenshots and tests pin it)."""

    @property
    def client(self) -> AlohubClient:
        """The API client (one per app)."""

    @property
    def gateway(self) -> GatewayClient | None:
        """The optional gateway's client (``[gateway]``), or None: never call it then."""

    def run_api(
        self, work: Coroutine[Any, Any, Any] | Callable[[], Awaitable[Any]], *, group: str,
        exclusive: bool = False, description: str = "",
    ) -> Worker[Any]:
        """Run API work as an App-level worker in ``group``; a failure becomes a toast."""

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast, as plain text."""

    def action_show_tab(self, tab: str) -> None:
        """Open the tab with this pane id."""

    def open_dial(self, number: str, note: str = "") -> None:
        """Open the Dial tab with ``number`` filled in (dialled only when the user
        presses Enter there: the duplicate guard and transactionId apply)."""
