"""The callback desk of one profile: today's calls from a source, the claims and manual
outcomes of the profile's local store, and what an operator does with an item.

:func:`choose_source` decides where the calls come from (``[callbacks] calls_from``);
:class:`CallbackDesk` reads them, builds the :class:`~.worklist.Worklist`, and claims,
releases and records outcomes in the local store, where every window and command on
the profile sees them.
"""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from alohub_tui.config import CallbacksConfig
from alohub_tui.store.callbacks import REOPENED, CallbackRecords, ClaimResult, Outcome
from alohub_tui.vntime import VN_TZ

from .calls import CallFact
from .sources import SEARCH, WEBHOOK, EventSource, SearchSource
from .worklist import Worklist, build_worklist

if TYPE_CHECKING:
    from alohub_tui.api.client import AlohubClient
    from alohub_tui.webhook.store import EventStore

MAX_NOTE = 120


def operator_name(settings: CallbacksConfig) -> str:
    """Who claims: ``[callbacks] operator``, else the login name."""
    name = settings.operator.strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without a user entry)
        return "operator"


@dataclass(frozen=True)
class SourceChoice:
    """Where the calls come from (``name``: WEBHOOK, SEARCH, or "" for nowhere) and why,
    in words for the screen."""

    name: str
    why: str


def choose_source(setting: str, *, events: EventStore | None, receives: bool,
                  has_key: bool, now: datetime) -> SourceChoice:
    """``setting`` is ``[callbacks] calls_from``; ``events`` the profile's event store
    (None: none), ``receives``: this process runs the webhook receiver."""
    if setting == WEBHOOK:
        if events is None:
            return SourceChoice("", "calls_from = \"webhook\" but there is no event store: "
                                "set [webhook] listen or run `alohub-tui webhook`")
        return SourceChoice(WEBHOOK, "calls_from = \"webhook\"")
    if setting == SEARCH:
        if not has_key:
            return SourceChoice("", "calls_from = \"search\" needs the base URL and API key")
        return SourceChoice(SEARCH, "calls_from = \"search\"")
    if events is not None and receives:
        return SourceChoice(WEBHOOK, "received here")
    if events is not None:
        last = events.last_event_at()
        if last is not None and last.astimezone(VN_TZ).date() == now.astimezone(VN_TZ).date():
            return SourceChoice(WEBHOOK, "stored today")
    if has_key:
        return SourceChoice(SEARCH, "no webhook events today")
    if events is not None:
        return SourceChoice(WEBHOOK, "searching needs the base URL and API key")
    return SourceChoice("", "no webhook is set up, and searching needs the base URL and API key")


class CallbackDesk:
    """See the module docstring. ``clock`` gives aware Vietnam time."""

    def __init__(self, records: CallbackRecords, settings: CallbacksConfig,
                 clock: Callable[[], datetime], choice: SourceChoice, *,
                 events: EventStore | None = None, page_size: int = 50) -> None:
        self.records = records
        self.settings = settings
        self.clock = clock
        self.choice = choice
        self.operator = operator_name(settings)
        self.hold = timedelta(minutes=settings.claim_minutes)
        self.events = EventSource(events) if choice.name == WEBHOOK and events else None
        self.search = (SearchSource(settings.search_interval_s, page_size)
                       if choice.name == SEARCH else None)
        self._calls: list[CallFact] = []
        self.read_at: datetime | None = None  # when the calls were last read
        self.worklist = Worklist(self.now().date())

    def now(self) -> datetime:
        return self.clock().astimezone(VN_TZ)

    @property
    def source_name(self) -> str:
        return self.choice.name

    def due(self) -> bool:
        """Whether :meth:`refresh` would read anything now (a search waits its interval)."""
        if self.search is not None:
            return self.search.due(self.now())
        return self.events is not None

    async def refresh(self, client: AlohubClient | None = None) -> Worklist:
        """Read what is new from the source, then rebuild. A search needs ``client``;
        its API errors propagate (the calls read before are kept)."""
        now = self.now()
        if self.events is not None:
            self._calls = await asyncio.to_thread(self.events.read, now)
            self.read_at = now
        elif self.search is not None and client is not None:
            self._calls = await self.search.read(client, now)
            self.read_at = now
        return await asyncio.to_thread(self.rebuild)

    def rebuild(self) -> Worklist:
        """The worklist from the calls read last and the store's claims and outcomes now
        (another window's claim shows at once). StoreError when the store cannot be read."""
        now = self.now()
        day = now.date()
        self.worklist = build_worklist(day, self._calls, self.records.claims(day),
                                       self.records.outcomes(day), now)
        return self.worklist

    # ---------------------------------------------------------------- an operator's acts

    def claim(self, number: str) -> ClaimResult:
        """Claim ``number``'s callback for this operator (one transaction: see
        :mod:`alohub_tui.store.callbacks`), then rebuild."""
        now = self.now()
        result = self.records.claim(now.date(), number, self.operator, now, self.hold)
        self.rebuild()
        return result

    def release(self, number: str) -> bool:
        released = self.records.release(self.now().date(), number, self.operator)
        self.rebuild()
        return released

    def record(self, number: str, kind: str, note: str = "") -> None:
        """A manual outcome (done, not_needed, reopened) by this operator."""
        now = self.now()
        self.records.add_outcome(now.date(), Outcome(number, kind, self.operator, now,
                                                     " ".join(note.split())[:MAX_NOTE]))
        if kind != REOPENED:
            self.records.release(now.date(), number, self.operator)
        self.rebuild()
