"""The wall's callbacks tile: how many missed calls nobody has returned yet, and how long
the oldest one has waited (issue 19).

It reads the callback worklist (:mod:`alohub_tui.callbacks`) from the wall's event store
and the profile's local store (claims and outcomes), every :data:`REFRESH_S`, in a
worker. The wall needs no API key, so the tile never searches: without an event store
it says ``n/a`` and why. A failed read shows ``n/a`` with the reason and is tried again
at the next refresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits

from alohub_tui.callbacks.desk import CallbackDesk, SourceChoice
from alohub_tui.callbacks.sources import WEBHOOK
from alohub_tui.store.local import LocalStore, open_local_store
from alohub_tui.vntime import fmt_ago

if TYPE_CHECKING:
    from alohub_tui.boot.connect import Resolved
    from alohub_tui.live.service import LiveService

REFRESH_S = 5.0
TITLE = "Callbacks"


class CallbackTile(Vertical):
    """Open callbacks in big digits; the oldest one's wait ("wait 42m") as the border's
    subtitle."""

    WIDTH = 15  # narrower than the other tiles, so theirs keep their titles at 140 columns

    def __init__(self, resolved: Resolved, live: Callable[[], LiveService | None],
                 clock: Callable[[], datetime], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.styles.width = self.WIDTH  # inline: the wall's ".tile" rule would win over CSS
        self.border_title = TITLE
        self._resolved = resolved
        self._live = live
        self._clock = clock
        self._store: LocalStore | None = None
        self._desk: CallbackDesk | None = None
        self.reads = 0
        """How many reads finished (tests and scenes wait for the first)."""

    def compose(self) -> ComposeResult:
        digits = Digits("-")
        digits.styles.width = "100%"  # centred in the tile, as the KPI tiles' values are
        digits.styles.text_align = "center"
        yield digits

    def on_mount(self) -> None:
        self.call_after_refresh(self._refresh)  # once the wall has started its service
        self.set_interval(REFRESH_S, self._refresh)

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()

    def _refresh(self) -> None:
        self.run_worker(self._read(), group="callback-tile", exclusive=True,
                        exit_on_error=False)

    async def _read(self) -> None:
        live = self._live()
        if live is None:
            return  # the wall has not started its service yet: the next refresh
        try:
            value, subtitle = await self._summary(live)
        except (OSError, sqlite3.Error) as exc:
            value, subtitle = "-", f"n/a: {getattr(exc, 'strerror', None) or exc}"
        self._show(value, subtitle)
        self.reads += 1

    async def _summary(self, live: LiveService) -> tuple[str, str]:
        """(the count, the subtitle) from the worklist read now."""
        if live.store is None:
            return "-", "n/a: no webhook"
        if self._desk is None:
            if self._store is None:
                self._store = open_local_store(self._resolved.profile)
            self._desk = CallbackDesk(self._store.callbacks, self._resolved.config.callbacks,
                                      self._clock, SourceChoice(WEBHOOK, "the wall"),
                                      events=live.store)
        worklist = await self._desk.refresh()
        oldest = worklist.oldest
        if oldest is None:
            return str(len(worklist.open)), "none open"
        wait = fmt_ago(oldest.waiting(self._clock()).total_seconds(), short=True)
        return str(len(worklist.open)), f"wait {wait}"  # the oldest one's: fits 15 columns

    def _show(self, value: str, subtitle: str) -> None:
        self.query_one(Digits).update(value)
        self.border_subtitle = subtitle
