"""Placing a dial and following its outcome, without a UI.

makeCall rings a real phone, so one user action sends at most one request: while a dial
is in flight no other is placed (:attr:`DialTracker.in_flight`), and a dial whose request
may have reached the server (a timeout: "outcome unknown") is never re-sent. What
became of the call is found by looking it up by transactionId with backoff
(:func:`poll_delays`) until it is final, and sooner from the webhook events of its call
(:meth:`DialTracker.apply_events`). Every change is saved in the profile's local store
(one dial, one transaction) and told to the screen through :class:`DialView`; the Dial
tab only shows it. Dials that another window or ``alohub-tui call`` saved in the same
profile come in through :meth:`DialTracker.reload`.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Coroutine, Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from alohub_tui.api.errors import AlohubError, BadResponse
from alohub_tui.webhook.events import CallEvent

from .record import NOT_FOUND, SENT, UNKNOWN, Dial

if TYPE_CHECKING:
    from alohub_tui.api.client import AlohubClient

DIAL_GROUP = "dial"


class DialView(Protocol):
    """What the tracker tells the screen that shows the dials (the Dial tab)."""

    def dial_changed(self, dial: Dial) -> None:
        """``dial`` is new or changed (its row; an unknown row redraws the list)."""

    def in_flight_changed(self, busy: bool) -> None:
        """A dial started or stopped being in flight."""

    def placing(self, dial: Dial) -> None:
        """makeCall for ``dial`` is about to be sent."""

    def placed(self, dial: Dial) -> None:
        """makeCall for ``dial`` was answered (or failed): its outcome says how."""

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast (an outcome found late, a dial that could not be saved)."""


class DialStore(Protocol):
    """Where dials are kept (:class:`alohub_tui.store.dials.DialRecords`)."""

    def save(self, dial: Mapping[str, Any]) -> None: ...

    def recent(self) -> list[dict[str, Any]]: ...


def stored_dials(store: DialStore) -> list[Dial]:
    """The store's recent dials, newest first (entries that are not dials skipped)."""
    return [dial for data in store.recent() if (dial := Dial.from_state(data)) is not None]


class RunWork(Protocol):
    """The host's way to run a coroutine as a named background job (``run_api``)."""

    def __call__(self, work: Coroutine[Any, Any, Any], *, group: str,
                 description: str = "") -> object: ...


def poll_delays(first: float = 2.0, factor: float = 1.5, cap: float = 15.0) -> Iterator[float]:
    """Seconds to wait before each look-up: 2, 3, 4.5, ... capped at 15."""
    delay = first
    while True:
        yield delay
        delay = min(cap, delay * factor)


class DialTracker:
    """The recent dials: places new ones, follows the open ones, remembers them all."""

    def __init__(self, store: DialStore, clock: Callable[[], datetime],
                 client: Callable[[], AlohubClient], run: RunWork) -> None:
        self.store = store
        self._clock = clock
        self._client = client
        self._run = run
        self.dials: list[Dial] = []  # newest first
        self.in_flight = False
        self.view: DialView | None = None
        self._tracking: set[str] = set()

    def now(self) -> datetime:
        """Vietnam local time, naive, like the times in call records."""
        return self._clock().replace(tzinfo=None)

    def start(self, view: DialView) -> None:
        """Show the remembered dials on ``view`` and follow those not final yet."""
        self.view = view
        try:
            self.dials.extend(stored_dials(self.store))
        except OSError as exc:
            view.notify(f"Could not read recent dials: {exc.strerror}", severity="warning")
        if self.dials:
            view.dial_changed(self.dials[0])
        for dial in self.dials:
            if not dial.final:
                self.follow(dial)

    # ---------------------------------------------------------------- placing

    def place(self, number: str, extension: str, transaction_id: str) -> Dial | None:
        """Send makeCall once for this user action; None while another dial is in flight."""
        if self.in_flight:
            return None
        self._set_in_flight(True)
        dial = Dial(self.now().replace(microsecond=0), number, extension, transaction_id)
        self.dials.insert(0, dial)
        self._save(dial)
        self._run(self._place(dial), group=DIAL_GROUP, description=f"dial {number}")
        return dial

    async def _place(self, dial: Dial) -> None:
        if self.view is not None:
            self.view.placing(dial)
        try:
            await self._client().make_call(dial.number, dial.extension, dial.transaction_id)
        except AlohubError as exc:
            dial.answered(exc)
        else:
            dial.answered(None)
        finally:
            self._set_in_flight(False)
            self._save(dial)
        if self.view is not None:
            self.view.placed(dial)
        if dial.outcome in (SENT, UNKNOWN):
            self.follow(dial)

    def _set_in_flight(self, busy: bool) -> None:
        self.in_flight = busy
        if self.view is not None:
            self.view.in_flight_changed(busy)

    # ---------------------------------------------------------------- following

    def follow(self, dial: Dial) -> None:
        """Look ``dial`` up by transactionId until it is final (once per dial)."""
        if dial.transaction_id in self._tracking:
            return
        self._tracking.add(dial.transaction_id)
        self._run(self._follow(dial), group=f"track-{dial.transaction_id}",
                  description=f"track {dial.transaction_id}")

    async def _follow(self, dial: Dial) -> None:
        """Look the call up by transactionId with backoff until it is final."""
        failure = ""  # the last look-up's error, "" when it was read
        told = False  # an unreadable answer is said once per dial
        try:
            for delay in poll_delays():
                await asyncio.sleep(delay)
                if dial.give_up(self.now(), failure):
                    self._save(dial)
                    self._announce_unknown_result(dial, found=False, failure=failure)
                    return
                try:
                    record = await self._client().find_by_transaction(
                        dial.transaction_id, around=dial.placed_at
                    )
                except AlohubError as exc:  # retried at the next step
                    if isinstance(exc, BadResponse) and not told:
                        told = True
                        self._announce_lookup_failure(dial, exc)
                    failure = f"{exc.title}: {exc.message}"
                    continue
                failure = ""
                if record is None:
                    continue
                was_unknown = dial.outcome == UNKNOWN
                dial.apply_record(record)
                self._save(dial)
                if was_unknown:
                    self._announce_unknown_result(dial, found=True)
                if dial.final:
                    return
        finally:
            self._tracking.discard(dial.transaction_id)

    def apply_events(self, events: Iterable[CallEvent]) -> None:
        """Webhook events (merged call states): each updates the dial with its
        transactionID at once instead of at the next look-up."""
        for event in events:
            self.apply_event(event)

    def apply_event(self, event: CallEvent) -> bool:
        """Apply one event to the dial it belongs to; False when none placed here does."""
        if not event.transaction_id:
            return False
        for dial in self.dials:
            if dial.transaction_id == event.transaction_id:
                if dial.apply_event(event):
                    self._save(dial)
                return True
        return False

    def _announce_lookup_failure(self, dial: Dial, error: AlohubError) -> None:
        """An answer the look-up cannot read is not "no call": say it (retried meanwhile)."""
        if self.view is not None:
            self.view.notify(f"Could not look up the dial to {dial.number}: {error.message}",
                             title="Outcome not readable", severity="warning")

    def _announce_unknown_result(self, dial: Dial, found: bool, failure: str = "") -> None:
        if self.view is None:
            return
        if found:
            self.view.notify(f"The dial to {dial.number} did go out ({dial.outcome}).",
                             title="Outcome found")
        elif failure:  # the look-ups failed: not "no call"
            self.view.notify(f"The dial to {dial.number} could not be looked up: {failure}",
                             title="Outcome unknown", severity="warning")
        elif dial.outcome == NOT_FOUND:
            self.view.notify(
                f"No call to {dial.number} appeared; it most likely did not go out.",
                title="Outcome", severity="warning",
            )

    # ---------------------------------------------------------------- memory

    def reload(self) -> list[Dial]:
        """Take in what other processes saved in the profile: their new dials, and newer
        news of dials shown here (never older: a final dial stays final). Each one is
        shown, and followed while not final. Returns the dials that changed."""
        try:
            stored = stored_dials(self.store)
        except OSError:
            return []  # the next change notice tries again
        shown = {dial.transaction_id: dial for dial in self.dials}
        changed: list[Dial] = []
        for fresh in stored:
            mine = shown.get(fresh.transaction_id)
            if mine is None:
                self.dials.append(fresh)
                changed.append(fresh)
            elif fresh != mine and not (mine.final and not fresh.final):
                for field in dataclasses.fields(Dial):
                    setattr(mine, field.name, getattr(fresh, field.name))
                changed.append(mine)
        self.dials.sort(key=lambda dial: dial.placed_at, reverse=True)
        for dial in changed:
            if self.view is not None:
                self.view.dial_changed(dial)
            if not dial.final:
                self.follow(dial)
        return changed

    def _save(self, dial: Dial) -> None:
        """Show ``dial`` and remember it in the local store (a failure is a warning)."""
        if self.view is not None:
            self.view.dial_changed(dial)
        try:
            self.store.save(dial.to_state())
        except OSError as exc:
            if self.view is not None:
                self.view.notify(f"Could not save recent dials: {exc.strerror}",
                                 severity="warning")
