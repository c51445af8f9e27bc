"""The worklist: today's missed inbound calls nobody has returned yet, one item per
customer number, and the day's returned ones.

For each customer number the day's calls and manual outcomes are taken in time order:

- a **missed** inbound call (ended, never answered) opens an item or joins the open one
  (repeat calls are grouped: count, first and last time);
- it is **cleared** by an answered outbound call to that number that started at or
  after it ("called back"), by an answered inbound call from it ("answered": they called
  again and got through), or by a manual "done" (with a note) or "not needed". The
  clearing names who (the agent of the call, the operator of the outcome) and when;
- "reopened" takes back the number's latest manual outcome, as if it had not been made;
- a missed call after a clearing opens a new item.

An open item shows its claim while the claim is active (:mod:`alohub_tui.store.callbacks`
keeps claims; expired ones are ignored, so the item is anyone's again) and the
unanswered calls made to the number since it was first missed ("tried 2×").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from alohub_tui.store.callbacks import DONE, NOT_NEEDED, REOPENED, Claim, Outcome
from alohub_tui.vntime import to_local_naive

from .calls import INBOUND, OUTBOUND, CallFact

CALLED_BACK = "called back"
ANSWERED = "answered"
#: How an item was cleared -> its word on screen.
CLOSING_WORDS = {CALLED_BACK: "called back", ANSWERED: "answered", DONE: "done",
                 NOT_NEEDED: "not needed"}


@dataclass(frozen=True)
class Closing:
    """How the missed calls of an item were dealt with, by whom and when (naive local)."""

    how: str  # CALLED_BACK, ANSWERED, DONE or NOT_NEEDED
    by: str
    at: datetime
    note: str = ""

    @property
    def manual(self) -> bool:
        return self.how in (DONE, NOT_NEEDED)


@dataclass(frozen=True)
class Attempt:
    """An outbound call to the customer that was not answered (naive local start)."""

    at: datetime
    status: str


@dataclass(frozen=True)
class Callback:
    """One customer number: its missed calls (grouped) and what became of them."""

    number: str
    count: int
    first: datetime  # naive local start of the first missed call
    last: datetime
    hotline: str = ""
    closing: Closing | None = None  # None: still open
    claim: Claim | None = None  # the active claim of an open item
    attempts: tuple[Attempt, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.closing is None

    def waiting(self, now: datetime) -> timedelta:
        """Since the first missed call: until now while open, else until it was cleared."""
        end = to_local_naive(now) if self.closing is None else self.closing.at
        return max(timedelta(0), end - self.first)


@dataclass(frozen=True)
class Worklist:
    """One day's callbacks: ``open`` oldest first, ``closed`` latest cleared first."""

    day: date
    open: tuple[Callback, ...] = ()
    closed: tuple[Callback, ...] = ()
    no_number: int = 0  # missed inbound calls without a number (cannot be called back)
    items_by_number: Mapping[str, Callback] = field(default_factory=dict, compare=False)

    @property
    def oldest(self) -> Callback | None:
        return self.open[0] if self.open else None

    def item(self, number: str) -> Callback | None:
        return self.items_by_number.get(number)


def effective_outcomes(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """The manual outcomes that hold: each "reopened" takes back the latest one before it
    of its number (``outcomes`` oldest first)."""
    held: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        stack = held[outcome.number]
        if outcome.kind == REOPENED:
            if stack:
                stack.pop()
        else:
            stack.append(outcome)
    return [outcome for stack in held.values() for outcome in stack]


# In one number's timeline, a missed call sorts before a clearing at the same second.
_MISSED, _CLEAR, _ATTEMPT = 0, 1, 2


class _Timeline:
    """One number's day, walked in time order (see the module docstring)."""

    def __init__(self, number: str) -> None:
        self.number = number
        self.steps: list[tuple[datetime, int, object]] = []

    def item(self, claim: Claim | None, now: datetime) -> Callback | None:
        episode: list[CallFact] = []
        attempts: list[Attempt] = []
        last: Callback | None = None
        for _at, kind, what in sorted(self.steps, key=lambda step: step[:2]):
            if kind == _MISSED:
                assert isinstance(what, CallFact)
                episode.append(what)
            elif kind == _ATTEMPT and episode:
                assert isinstance(what, Attempt)
                attempts.append(what)
            elif kind == _CLEAR and episode:
                assert isinstance(what, Closing)
                last = self._callback(episode, attempts, closing=what)
                episode, attempts = [], []
        if episode:
            active = claim if claim is not None and claim.active(now) else None
            return self._callback(episode, attempts, claim=active)
        return last

    def _callback(self, episode: list[CallFact], attempts: list[Attempt], *,
                  closing: Closing | None = None, claim: Claim | None = None) -> Callback:
        hotline = next((call.hotline for call in reversed(episode) if call.hotline), "")
        return Callback(self.number, len(episode), episode[0].start, episode[-1].start,
                        hotline, closing, claim, tuple(attempts))


def build_worklist(day: date, calls: Iterable[CallFact], claims: Mapping[str, Claim],
                   outcomes: Sequence[Outcome], now: datetime) -> Worklist:
    """The worklist of ``day`` (see the module docstring); ``now`` is aware.

    ``calls``: the day's calls (any direction and status; other days' are ignored);
    ``claims`` by number; ``outcomes``: the day's manual outcomes, oldest first.
    """
    timelines: dict[str, _Timeline] = {}
    no_number = 0

    def timeline(number: str) -> _Timeline:
        found = timelines.get(number)
        if found is None:
            found = timelines[number] = _Timeline(number)
        return found

    for call in calls:
        if call.start.date() != day:
            continue
        if call.missed_inbound:
            if not call.customer:
                no_number += 1
            else:
                timeline(call.customer).steps.append((call.start, _MISSED, call))
        elif call.customer and call.answered_at is not None:
            how = {OUTBOUND: CALLED_BACK, INBOUND: ANSWERED}.get(call.direction)
            if how is not None:
                timeline(call.customer).steps.append(
                    (call.start, _CLEAR, Closing(how, call.agent, call.answered_at)))
        elif call.customer and call.direction == OUTBOUND:
            timeline(call.customer).steps.append(
                (call.start, _ATTEMPT, Attempt(call.start, call.status or "ringing")))
    for outcome in effective_outcomes(outcomes):
        if outcome.number in timelines:
            at = to_local_naive(outcome.at)
            timelines[outcome.number].steps.append(
                (at, _CLEAR, Closing(outcome.kind, outcome.operator, at, outcome.note)))
    items = [found for number, line in timelines.items()
             if (found := line.item(claims.get(number), now)) is not None]
    open_items = sorted((i for i in items if i.is_open), key=lambda i: (i.first, i.number))
    closed = sorted((i for i in items if not i.is_open),
                    key=lambda i: (i.closing.at if i.closing else i.last), reverse=True)
    return Worklist(day, tuple(open_items), tuple(closed), no_number,
                    {item.number: item for item in items})
