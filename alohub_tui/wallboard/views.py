"""What each part of the wall says, as plain text: tiles, hotline rows, agent rows.

The UI (``ui/wall/``) only lays these out and colours them by ``Look.colour``; every
word, glyph, formula and n/a reason is decided here, so a test reads the wall's meaning
without a terminal. A level is never colour alone: each carries its glyph and word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ..vntime import fmt_duration
from .agents import IDLE, NOT_KNOWN, RINGING, TALKING, AgentState
from .alerts import AlertBoard
from .display import fmt_value
from .kpis import SCOPE_KPIS, KpiValue
from .snapshot import AgentKpis, ScopeKpis, WallSnapshot
from .thresholds import NOT_KNOWN_LOOK, Level, Look, Thresholds

#: The overview's tiles, in order: the headline row first.
HEADLINE_TILES = ("service_level", "asa_s", "abandon_rate", "longest_wait_s")
COUNT_TILES = ("waiting", "offered", "answered", "abandoned")
NO_LEVEL = Look("", "", "primary")  # a count: no thresholds, no level line
SHORT_WORDS = {"alert (acknowledged)": "alert, ack"}  # for a 16-column tile


@dataclass(frozen=True, slots=True)
class TileView:
    """One KPI tile."""

    kpi: str
    label: str
    value: str  # "79%", "0:25", "12"; "n/a" when not known
    known: bool
    small_sample: bool  # the value is marked "*"
    look: Look  # level: glyph, word, colour (NO_LEVEL for counts)
    level_text: str  # "⚠ warn <80%", "✓ ok", "· n/a", "" for counts
    level_long: str  # "⚠ warn · below 80%"
    reason: str  # why n/a ("" when known)
    how: str  # formula and window, short (a 16-column tile)
    hows: tuple[str, ...]  # the same, longest first (a wide tile shows the first that fits)


def _abbreviated(text: str) -> str:
    return text.replace("short abandons", "short").replace("answered", "ans").replace(
        "abandoned", "aband")


def _how(kpi: str, snapshot: WallSnapshot) -> tuple[str, ...]:
    """The formula and window of ``kpi``, longest first, the shortest last."""
    wall, formula = snapshot.settings, snapshot.formula
    t, s = wall.sl_threshold_s, wall.short_abandon_s
    short_abandons = snapshot.overall.short_abandoned
    expression = formula.expression.replace("T", f"{t} s")
    table: dict[str, tuple[str, ...]] = {
        "service_level": (f"{expression} · {formula.name} · today",
                          f"{_abbreviated(expression)} · {formula.name}",
                          f"≤{t} s · {formula.name}"),
        "asa_s": ("mean wait of answered calls · today", "mean wait · today"),
        "abandon_rate": ("abandoned ÷ (answered + abandoned) · today",
                         "aband ÷ (ans + aband) · today", "ab÷(ans+ab) today"),
        "longest_wait_s": ("longest wait of the calls ringing now", "ringing now"),
        "waiting": ("inbound calls ringing now", "ringing now"),
        "offered": ("inbound calls that ended today", "ended today"),
        "answered": ("offered calls that were answered · today", "of offered · today"),
        "abandoned": (f"not answered, waited over {s} s · short abandons: {short_abandons}",
                      f"waited over {s} s · short abandons: {short_abandons}",
                      f">{s} s · +{short_abandons} short"),
    }
    return table[kpi]


def tile_view(kpi: str, snapshot: WallSnapshot, board: AlertBoard) -> TileView:
    """The tile of an overall KPI, with its alert state (phase, hysteresis) if it has one."""
    spec = SCOPE_KPIS[kpi]
    value = snapshot.overall.value(kpi)
    status = board.status(kpi)
    if status is None:
        look = NO_LEVEL if value.known else NOT_KNOWN_LOOK
        level_text = level_long = "" if value.known else NOT_KNOWN_LOOK.text
    else:
        look = status.look
        threshold = status.threshold_text
        level_long = look.text + (f" · {threshold}" if threshold else "")
        short = threshold.replace("below ", "<").replace("above ", ">")
        word = SHORT_WORDS.get(look.word, look.word)
        level_text = f"{look.glyph} {word}" + (f" {short}" if short else "")
    hows = _how(kpi, snapshot)
    return TileView(
        kpi=kpi, label=spec.label, value=fmt_value(spec, value.value), known=value.known,
        small_sample=value.small_sample, look=look, level_text=level_text, level_long=level_long,
        reason=value.reason, how=hows[-1], hows=hows,
    )


def overview_tiles(snapshot: WallSnapshot, board: AlertBoard) -> list[TileView]:
    return [tile_view(kpi, snapshot, board) for kpi in (*HEADLINE_TILES, *COUNT_TILES)]


# ---------------------------------------------------------------- hotlines

HOTLINE_KPIS = ("service_level", "asa_s", "abandon_rate", "longest_wait_s", "waiting")


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: text with its level's look (None: no level)."""

    text: str
    look: Look | None = None


@dataclass(frozen=True, slots=True)
class HotlineRow:
    hotline: str  # "(none)" when Alohub sent none
    counts: tuple[str, str, str]  # offered, answered, abandoned
    kpis: tuple[Cell, ...]  # HOTLINE_KPIS, each with its level


def _kpi_cell(kpi: str, value: KpiValue, thresholds: Thresholds) -> Cell:
    text = fmt_value(SCOPE_KPIS[kpi], value.value) + ("*" if value.small_sample else "")
    if not value.known:
        return Cell("n/a", NOT_KNOWN_LOOK)
    level = thresholds.level(kpi, value)
    if kpi not in thresholds.rules:
        return Cell(text)
    if value.small_sample and level is not None:
        level = min(level, Level.WARN)  # as the alerts: a small sample never alerts
    look = Thresholds.look(level)
    return Cell(f"{look.glyph} {text}", look)


def hotline_rows(by_hotline: Mapping[str, ScopeKpis], thresholds: Thresholds) -> list[HotlineRow]:
    """One row per hotline, busiest first."""
    ordered = sorted(by_hotline.items(), key=lambda item: (-item[1].offered, item[0]))
    return [
        HotlineRow(hotline or "(none)",
                   (str(s.offered), str(s.answered), str(s.abandoned)),
                   tuple(_kpi_cell(k, s.value(k), thresholds) for k in HOTLINE_KPIS))
        for hotline, s in ordered
    ]


# ---------------------------------------------------------------- agents

STATE_GLYPHS = {TALKING: "●", RINGING: "☎", IDLE: "·", NOT_KNOWN: "·"}
_STATE_ORDER = {RINGING: 0, TALKING: 1, IDLE: 2, NOT_KNOWN: 3}


@dataclass(frozen=True, slots=True)
class AgentRow:
    user_name: str
    name: str  # from the catalog, "" when unknown
    state: str  # "● talking", "☎ ringing", "· idle", "· n/a"
    since: str  # "14:02", "" when unknown
    in_state: Cell  # time in state, coloured by [wall.thresholds.<state>_s]
    calls: str
    answered: str
    missed: str
    talk: str  # talk time today, m:ss or h:mm:ss


def _in_state(agent: AgentKpis, now: datetime, thresholds: Thresholds) -> Cell:
    seconds = agent.state.seconds(now)
    if seconds is None:
        return Cell(agent.state.reason if agent.state.state == IDLE else "n/a")
    text = fmt_duration(int(seconds))
    kpi = agent.state.threshold_kpi
    if kpi is None or kpi not in thresholds.rules:
        return Cell(text)
    look = Thresholds.look(thresholds.level(kpi, seconds))
    return Cell(f"{look.glyph} {text}", look)


def agent_rows(snapshot: WallSnapshot, thresholds: Thresholds,
               names: Mapping[str, str]) -> list[AgentRow]:
    """Every agent with calls today or a known state, and every catalog agent: ringing
    first, then talking, then idle, each the longest in state first."""
    now = snapshot.at
    agents = dict(snapshot.by_agent)
    unknown = _not_known_reason(snapshot)
    rows = []
    for user in sorted({*agents, *names}):
        agent = agents.get(user) or AgentKpis(user, 0, 0, 0, 0, (
            AgentState(NOT_KNOWN, reason=unknown) if unknown
            else AgentState(IDLE, reason="no call ended today")))
        state = agent.state
        rows.append((
            (_STATE_ORDER.get(state.state, 3), -(state.seconds(now) or 0.0), user),
            AgentRow(
                user_name=user, name=names.get(user, ""),
                state=f"{STATE_GLYPHS.get(state.state, '·')} {state.state}",
                since="" if state.since is None else f"{state.since:%H:%M}",
                in_state=_in_state(agent, now, thresholds),
                calls=str(agent.calls), answered=str(agent.answered), missed=str(agent.missed),
                talk=fmt_duration(agent.talk_s),
            ),
        ))
    rows.sort(key=lambda pair: pair[0])
    return [row for _key, row in rows]


def _not_known_reason(snapshot: WallSnapshot) -> str:
    """Why agent states cannot be known today ("" when they can)."""
    for agent in snapshot.by_agent.values():
        if agent.state.state == NOT_KNOWN:
            return agent.state.reason
    if not snapshot.by_agent and not snapshot.overall.waiting.known:
        return snapshot.overall.waiting.reason
    return ""


def agents_note(snapshot: WallSnapshot) -> str:
    """Why states are n/a, or what they are (one line above the agents table)."""
    reason = _not_known_reason(snapshot)
    if reason:
        return f"Agent states: n/a ({reason})"
    return "States inferred from calls (talking, ringing, idle since the last call)"
