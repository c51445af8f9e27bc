"""A snapshot as JSON data or as text at 80 columns (``alohub-tui stats``).

JSON keys are the KPI names of kpis.py: counts as numbers, ``service_level`` and
``abandon_rate`` as fractions 0..1, seconds as numbers, and ``null`` for n/a with the
reason in ``notes``. ``by_hotline`` uses ``""`` for calls without a hotline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..vntime import VN_TZ, fmt_duration, wire_text
from .agents import NOT_KNOWN
from .display import fmt_value
from .kpis import SCOPE_KPIS
from .snapshot import AgentKpis, ScopeKpis, WallSnapshot

WIDTH = 80
NO_HOTLINE = "(none)"


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def scope_json(scope: ScopeKpis) -> dict[str, Any]:
    data: dict[str, Any] = {name: _number(scope.value(name).value) for name in SCOPE_KPIS}
    data.update(small_sample=scope.small_sample, from_search=scope.from_search,
                notes=list(scope.notes))
    return data


def agent_json(agent: AgentKpis, snapshot: WallSnapshot) -> dict[str, Any]:
    state = agent.state
    seconds = state.seconds(snapshot.at)
    return {
        "calls": agent.calls,
        "answered": agent.answered,
        "missed": agent.missed,
        "talk_s": agent.talk_s,
        "state": None if state.state == NOT_KNOWN else state.state,
        "state_since": None if state.since is None else wire_text(state.since),
        "state_s": None if seconds is None else int(seconds),
        "notes": [f"state: {state.reason}"] if state.reason else [],
    }


def snapshot_json(snapshot: WallSnapshot) -> dict[str, Any]:
    """The whole snapshot as plain JSON data."""
    wall = snapshot.settings
    return {
        "date": snapshot.day.isoformat(),
        "timezone": str(VN_TZ),
        "at": wire_text(snapshot.at),
        "direction": "inbound",
        "sl_threshold_s": wall.sl_threshold_s,
        "short_abandon_s": wall.short_abandon_s,
        "service_level_formula": {"name": snapshot.formula.name,
                                  "expression": snapshot.formula.expression},
        "small_sample_calls": wall.small_sample_calls,
        **scope_json(snapshot.overall),
        "by_hotline": {h: scope_json(s) for h, s in snapshot.by_hotline.items()},
        "by_agent": {a: agent_json(k, snapshot) for a, k in snapshot.by_agent.items()},
    }


# ---------------------------------------------------------------- text

def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]], first: int,
           text_last: bool = False) -> list[str]:
    """The first column ``first`` wide and left-aligned, numbers right-aligned, and a
    last text column (``text_last``) left-aligned and cut at 80 columns."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    widths[0] = first
    numbers = slice(1, -1 if text_last else None)

    def line(cells: tuple[str, ...]) -> str:
        out = [_fit(cells[0], first).ljust(first)]
        out += [c.rjust(w) for c, w in zip(cells[numbers], widths[numbers], strict=True)]
        if text_last:
            out.append(cells[-1])
        return _fit("  " + " ".join(out).rstrip(), WIDTH)

    return [line(headers), *(line(r) for r in rows)]


def _v(scope: ScopeKpis, name: str) -> str:
    """The value as text, ``*`` after a small sample's."""
    kpi = scope.value(name)
    return fmt_value(SCOPE_KPIS[name], kpi.value) + ("*" if kpi.small_sample else "")


def _hotline_row(hotline: str, scope: ScopeKpis) -> tuple[str, ...]:
    counts = (scope.offered, scope.answered, scope.abandoned, scope.short_abandoned)
    rates = ("service_level", "asa_s", "abandon_rate", "longest_wait_s")
    return (hotline or NO_HOTLINE, *map(str, counts), *(_v(scope, name) for name in rates))


def _agent_row(agent: AgentKpis, snapshot: WallSnapshot) -> tuple[str, ...]:
    return (agent.user_name, str(agent.calls), str(agent.answered), str(agent.missed),
            fmt_duration(agent.talk_s), agent.state.text(snapshot.at))


def snapshot_text(snapshot: WallSnapshot) -> str:
    """The snapshot for a person, in 80 columns."""
    overall, wall = snapshot.overall, snapshot.settings
    formula = snapshot.formula
    lines = [
        _fit(f"Inbound calls on {snapshot.day} (Vietnam time), at "
             f"{wire_text(snapshot.at)}", WIDTH),
        "",
        f"  Offered {overall.offered}   Answered {overall.answered}   "
        f"Abandoned {overall.abandoned}   Short abandons {overall.short_abandoned}",
    ]
    for name, how in (
        ("service_level", f'formula "{formula.name}", T = {wall.sl_threshold_s} s:'),
        ("asa_s", "mean wait of answered calls"),
        ("abandon_rate", "abandoned ÷ (answered + abandoned)"),
        ("longest_wait_s", "longest wait of calls ringing now"),
        ("waiting", "calls ringing now"),
    ):
        label = SCOPE_KPIS[name].label
        lines.append(_fit(f"  {label:<14}{_v(overall, name):>6}   {how}", WIDTH))
        if name == "service_level":
            lines.append(_fit(f"{'':25}{formula.expression}", WIDTH))
    if snapshot.by_hotline:
        lines += ["", "By hotline"]
        lines += _table(
            ("hotline", "offered", "answ", "aband", "short", "SL", "ASA", "aband%", "longest"),
            [_hotline_row(h, s) for h, s in snapshot.by_hotline.items()], 16)
        if any(s.small_sample for s in snapshot.by_hotline.values()):
            lines.append(f"  * small sample: fewer than {wall.small_sample_calls} calls")
    if snapshot.by_agent:
        lines += ["", "By agent (inbound calls; state inferred from calls)"]
        lines += _table(
            ("agent", "calls", "answ", "missed", "talk", "state"),
            [_agent_row(a, snapshot) for a in snapshot.by_agent.values()], 14, text_last=True)
    if overall.notes:
        lines += ["", "Notes"]
        lines += [_fit(f"  - {note}", WIDTH) for note in overall.notes]
    return "\n".join(lines) + "\n"
