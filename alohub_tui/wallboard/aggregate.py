"""The running aggregate: a day's KPIs kept current one merged call at a time.

:meth:`WallAggregate.update` takes calls whose merged state changed (from the event
store, see source.py, or from a search backfill); each call's old contribution is taken
out of the totals and its new one put in (tally.py), so an update costs the same at the
first call of the day as at the ten-thousandth. :meth:`~WallAggregate.snapshot` builds
the KPIs from the totals and the calls in progress. The same calls fed in any order, or
loaded again from the store, give the same snapshot (tests/unit/test_wallboard_aggregate).

Memory: one small :class:`~.calls.CallFacts` per call of the day and per call in progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from ..vntime import to_local_naive
from .agents import infer_states
from .calls import CallFacts
from .formulas import FORMULAS
from .settings import WallConfig
from .snapshot import NOT_TODAY, AgentKpis, Waits, WallSnapshot, build_scope
from .tally import FUTURE_LIMIT, Tally, contribution


@dataclass(slots=True)
class _Entry:
    call: CallFacts
    day: date | None  # None while in progress
    tally: Tally | None  # its contribution, when it counts on the aggregate's day


class WallAggregate:
    """Totals of one day (Vietnam time) plus the calls in progress; see the module doc."""

    def __init__(self, wall: WallConfig, day: date, *, formula: str | None = None) -> None:
        self.wall = wall
        self.formula = FORMULAS[formula or wall.service_level_formula]
        self._day = day
        self._reset()

    def _reset(self) -> None:
        self._calls: dict[str, _Entry] = {}
        self._overall = Tally()
        self._hotlines: dict[str, Tally] = {}
        self._agents: dict[str, Tally] = {}
        self._open: dict[str, CallFacts] = {}
        self._last_end: dict[str, datetime] = {}  # agent -> end of its latest call today
        self._last_end_dirty: set[str] = set()
        self._seen = 0  # calls of the day or in progress, any direction
        self._live = 0  # of those, with a post that arrived before the call ended
        self._ringing_seen = 0  # of those, with a post that arrived while it rang

    @property
    def day(self) -> date:
        return self._day

    def __len__(self) -> int:
        """Calls held: the day's and those in progress (and any ended on a later day)."""
        return len(self._calls)

    # ---------------------------------------------------------------- updating

    def update(self, calls: Iterable[CallFacts], now: datetime) -> int:
        """Take in the new state of each call; returns how many changed the aggregate."""
        now = to_local_naive(now)
        changed = 0
        for call in calls:
            old = self._calls.pop(call.call_id, None)
            if old is not None:
                if old.call == call:
                    self._calls[call.call_id] = old
                    continue
                self._apply(old, -1)
            entry = self._entry(call, now)
            if entry is not None:
                self._calls[call.call_id] = entry
                self._apply(entry, 1)
            changed += 1
        return changed

    def roll_to(self, day: date, now: datetime) -> None:
        """Start counting ``day``: keep its calls and those in progress, drop the rest."""
        calls = [entry.call for entry in self._calls.values()]
        self._day = day
        self._reset()
        self.update(calls, now)

    def _entry(self, call: CallFacts, now: datetime) -> _Entry | None:
        day = call.day
        if day is not None and day < self._day:
            return None  # an earlier day's call: nothing to count, nothing to keep
        tally = None
        if day == self._day:
            tally = contribution(call, now, self.wall.sl_threshold_s, self.wall.short_abandon_s)
        return _Entry(call, day, tally)

    def _apply(self, entry: _Entry, sign: int) -> None:
        call = entry.call
        if entry.tally is not None:
            self._overall.add(entry.tally, sign)
            self._hotlines.setdefault(call.hotline, Tally()).add(entry.tally, sign)
            if call.agent:
                self._agents.setdefault(call.agent, Tally()).add(entry.tally, sign)
        if entry.day is None:
            if sign > 0:
                self._open[call.call_id] = call
            else:
                self._open.pop(call.call_id, None)
        if entry.day is None or entry.day == self._day:
            self._seen += sign
            self._live += sign * call.seen_before_end
            self._ringing_seen += sign * call.seen_ringing
        if entry.day == self._day and call.agent and call.end is not None:
            latest = self._last_end.get(call.agent)
            if sign > 0 and (latest is None or call.end > latest):
                self._last_end[call.agent] = call.end
            elif sign < 0 and latest == call.end:
                self._last_end_dirty.add(call.agent)

    def _settle_last_end(self) -> None:
        """Recompute the agents whose latest call was taken out (rare: a changed end)."""
        for agent in self._last_end_dirty:
            ends = [e.call.end for e in self._calls.values()
                    if e.day == self._day and e.call.agent == agent and e.call.end is not None]
            if ends:
                self._last_end[agent] = max(ends)
            else:
                self._last_end.pop(agent, None)
        self._last_end_dirty.clear()

    # ---------------------------------------------------------------- reading

    def _not_live(self, today: bool) -> str:
        if not today:
            return NOT_TODAY
        if self._live == 0:
            return ("no call events yet today" if self._seen == 0
                    else "events arrive only when calls end")
        return ""

    def _fresh_open(self, now: datetime) -> tuple[list[CallFacts], int]:
        """Calls in progress now, and how many are left out as stale (no end arrived)."""
        fresh: list[CallFacts] = []
        stale = 0
        for call in self._open.values():
            began = (call.answer or call.start) if call.talking else call.start
            limit = self.wall.talking_stale_s if call.talking else self.wall.ringing_stale_s
            if began is None or began > now + FUTURE_LIMIT or (
                    (now - began).total_seconds() > limit):
                stale += 1
            else:
                fresh.append(call)
        return fresh, stale

    def snapshot(self, now: datetime) -> WallSnapshot:
        """The KPIs at ``now``; waits and agent states only when the day is today."""
        now = to_local_naive(now)
        self._settle_last_end()
        today = now.date() == self._day
        not_live = self._not_live(today)
        not_ringing = not_live or (
            "" if self._ringing_seen else "no event today arrived while a call was ringing")
        fresh, stale = self._fresh_open(now)
        waits: dict[str, list[int]] = {}
        for call in fresh:
            if call.inbound and call.ringing and call.start is not None:
                wait = max(0, int((now - call.start).total_seconds()))
                waits.setdefault(call.hotline, []).append(wait)
        all_waits = tuple(w for hotline_waits in waits.values() for w in hotline_waits)
        stale_note = () if not stale or not_live else (
            "calls in progress past ringing_stale_s / talking_stale_s, or without a start "
            f"time (not counted as waiting or busy): {stale}",
        )
        wall, formula = self.wall, self.formula
        overall = build_scope(self._overall, Waits(all_waits, not_ringing), wall, formula,
                              stale_note)
        hotlines = sorted({h for h, t in self._hotlines.items() if not t.empty} | set(waits))
        by_hotline = {
            h: build_scope(self._hotlines.get(h, Tally()), Waits(tuple(waits.get(h, ())),
                                                                 not_ringing), wall, formula)
            for h in hotlines
        }
        agents = ({a for a, t in self._agents.items() if not t.empty} | set(self._last_end)
                  | {c.agent for c in fresh if c.agent})
        states = infer_states(agents, fresh, self._last_end, not_live)
        by_agent = {}
        for name, state in states.items():
            tally = self._agents.get(name, Tally())
            by_agent[name] = AgentKpis(name, tally.offered, tally.answered, tally.missed,
                                       tally.talk_s, state)
        return WallSnapshot(self._day, now, today, formula, wall, overall, by_hotline, by_agent)
