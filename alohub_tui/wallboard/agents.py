"""An agent's state *inferred from calls*: talking, ringing, or idle since a time.

Alohub sends no agent presence, only call events, so the state is what the agent's
calls say: on a call that was answered and has not ended → talking (since the answer);
else a call ringing at them → ringing (since it started); else idle since their last
call ended today. Every direction counts (an outbound call keeps an agent busy too).
A call whose end never arrived stops counting after ``[wall] talking_stale_s`` /
``ringing_stale_s``. Without live evidence (calls.py) the state is n/a with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ..vntime import fmt_duration
from .calls import CallFacts

TALKING = "talking"
RINGING = "ringing"
IDLE = "idle"
NOT_KNOWN = "n/a"

#: The [wall.thresholds] KPI that colours each state by its time in state.
STATE_KPIS = {TALKING: "talking_s", RINGING: "ringing_s", IDLE: "idle_s"}


@dataclass(frozen=True, slots=True)
class AgentState:
    """One agent's inferred state; ``since`` is naive Vietnam local time."""

    state: str  # TALKING, RINGING, IDLE or NOT_KNOWN
    since: datetime | None = None  # None for n/a, and for idle with no call ended today
    reason: str = ""  # why n/a, or why idle has no "since"

    def seconds(self, now: datetime) -> float | None:
        """Time in state at ``now`` (naive local), None when unknown."""
        if self.since is None:
            return None
        return max(0.0, (now - self.since).total_seconds())

    @property
    def threshold_kpi(self) -> str | None:
        """``talking_s`` / ``ringing_s`` / ``idle_s``: thresholds for the time in state."""
        return STATE_KPIS.get(self.state)

    def text(self, now: datetime) -> str:
        """``talking since 14:02 (3:05)``, ``idle (no call ended today)``, ``n/a (...)``."""
        if self.state == NOT_KNOWN:
            return f"n/a ({self.reason})"
        if self.since is None:
            return f"{self.state} ({self.reason})" if self.reason else self.state
        seconds = self.seconds(now) or 0.0
        return f"{self.state} since {self.since:%H:%M} ({fmt_duration(int(seconds))})"


def infer_states(agents: Iterable[str], open_calls: Iterable[CallFacts],
                 last_end: Mapping[str, datetime], not_live: str = "") -> dict[str, AgentState]:
    """Each agent's state from its calls in progress (already freed of stale ones) and the
    end of its last call today; ``not_live``: the reason states cannot be known."""
    names = sorted(set(agents))
    if not_live:
        return {name: AgentState(NOT_KNOWN, reason=not_live) for name in names}
    talking: dict[str, datetime] = {}
    ringing: dict[str, datetime] = {}
    for call in open_calls:
        if not call.agent:
            continue
        if call.talking:
            began = call.answer or call.start
            target = talking
        else:
            began = call.start
            target = ringing
        if began is not None and (call.agent not in target or began < target[call.agent]):
            target[call.agent] = began
    states: dict[str, AgentState] = {}
    for name in names:
        if name in talking:
            states[name] = AgentState(TALKING, talking[name])
        elif name in ringing:
            states[name] = AgentState(RINGING, ringing[name])
        elif name in last_end:
            states[name] = AgentState(IDLE, last_end[name])
        else:
            states[name] = AgentState(IDLE, reason="no call ended today")
    return states
