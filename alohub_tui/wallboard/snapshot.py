"""The KPIs at one moment, built from the running totals (what a tile or ``stats`` shows).

A :class:`WallSnapshot` is immutable and cheap to build (it walks the totals of each
hotline and agent and the calls in progress, never the day's calls), so a wall can
take one every refresh. Each value that cannot be known is n/a with its reason, and the
reasons are also listed in ``notes``, as ``stats --json`` prints them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from .agents import AgentState
from .formulas import ServiceLevelFormula
from .kpis import SCOPE_KPIS, KpiValue
from .settings import WallConfig
from .tally import Tally

NOT_TODAY = "only known for today"


@dataclass(frozen=True)
class ScopeKpis:
    """The KPIs of the whole tenant or of one hotline."""

    offered: int
    answered: int
    abandoned: int
    short_abandoned: int
    service_level: KpiValue
    asa_s: KpiValue
    abandon_rate: KpiValue
    longest_wait_s: KpiValue
    waiting: KpiValue
    small_sample: bool = False  # fewer offered calls than [wall] small_sample_calls
    from_search: int = 0  # of the offered calls, backfilled from searchCallV2
    notes: tuple[str, ...] = ()

    def value(self, name: str) -> KpiValue:
        """Any KPI of :data:`~.kpis.SCOPE_KPIS` as a :class:`KpiValue` (counts too)."""
        found = getattr(self, name)
        return found if isinstance(found, KpiValue) else KpiValue(found)


@dataclass(frozen=True)
class AgentKpis:
    """An agent's inbound calls of the day (ended) and its inferred state now."""

    user_name: str
    calls: int
    answered: int
    missed: int
    talk_s: int
    state: AgentState


@dataclass(frozen=True)
class WallSnapshot:
    """Everything the wall shows about a day, at ``at`` (naive Vietnam local time)."""

    day: date
    at: datetime
    today: bool  # the day is today: waits and agent states are values of now
    formula: ServiceLevelFormula
    settings: WallConfig
    overall: ScopeKpis
    by_hotline: Mapping[str, ScopeKpis] = field(default_factory=dict)
    by_agent: Mapping[str, AgentKpis] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Waits:
    """Inbound calls ringing now in one scope, or why that cannot be known."""

    waits_s: tuple[int, ...] = ()
    not_known: str = ""


def _ratio(part: int, whole: int, reason: str) -> KpiValue:
    return KpiValue(part / whole) if whole > 0 else KpiValue.na(reason)


def build_scope(tally: Tally, waits: Waits, wall: WallConfig, formula: ServiceLevelFormula,
                extra_notes: tuple[str, ...] = ()) -> ScopeKpis:
    """The KPIs of one scope from its totals and its waits now."""
    small = 0 < tally.offered < wall.small_sample_calls

    def sampled(value: KpiValue) -> KpiValue:
        return KpiValue(value.value, small_sample=True) if small and value.known else value

    service_level = sampled(
        KpiValue(sl) if (sl := formula(tally.sl_counts())) is not None
        else KpiValue.na("no calls yet that this formula counts")
    )
    asa = sampled(_ratio(
        tally.wait_sum_s, tally.answered_timed,
        "no answered call has an answer time" if tally.answered else "no answered calls yet",
    ))
    abandon_rate = sampled(_ratio(tally.abandoned, tally.answered + tally.abandoned,
                                  "no answered or abandoned calls yet"))
    if waits.not_known:
        longest = waiting = KpiValue.na(waits.not_known)
    else:
        longest = KpiValue(max(waits.waits_s, default=0))
        waiting = KpiValue(len(waits.waits_s))
    scope = ScopeKpis(
        offered=tally.offered, answered=tally.answered, abandoned=tally.abandoned,
        short_abandoned=tally.short_abandoned, service_level=service_level, asa_s=asa,
        abandon_rate=abandon_rate, longest_wait_s=longest, waiting=waiting,
        small_sample=small, from_search=tally.from_search,
    )
    notes = [
        f"{name}: n/a ({kpi.reason})"
        for name in SCOPE_KPIS
        if not (kpi := scope.value(name)).known
    ]
    if small:
        notes.append(
            f"small sample: {_calls(tally.offered)}, fewer than {wall.small_sample_calls}"
            " (service_level, asa_s, abandon_rate)"
        )
    notes.extend(_data_notes(tally))
    notes.extend(extra_notes)
    return replace(scope, notes=tuple(notes))


def _data_notes(tally: Tally) -> list[str]:
    untimed_answered = tally.answered - tally.answered_timed
    candidates = (
        (untimed_answered, "answered calls without a usable answer time (left out of "
                           "service_level and asa_s)"),
        (tally.abandoned_untimed, "unanswered calls without a usable end time (counted as "
                                  "abandoned, wait unknown)"),
        (tally.from_search, "calls backfilled from call history (searchCallV2)"),
        (tally.no_start, "inbound calls with an unreadable start time (not counted)"),
        (tally.future_start, "inbound calls starting more than a day ahead (not counted)"),
    )
    return [f"{text}: {count}" for count, text in candidates if count]


def _calls(count: int) -> str:
    return f"{count} call" if count == 1 else f"{count} calls"
