"""The wallboard's KPIs: names, units, labels, and how a value (or its absence) is written.

The names here are the ones everywhere else uses: the ``stats --json`` keys, the
``[wall.thresholds.<name>]`` tables, the tiles and docs/WALL.md. A value that cannot be
known is never 0: it is a :class:`KpiValue` with ``value=None`` and the reason. Values
are written as text by display.py. This module imports nothing: config.py reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNT = "count"
FRACTION = "fraction"  # 0..1 in values and JSON; written and configured in percent
SECONDS = "seconds"


@dataclass(frozen=True, slots=True)
class KpiSpec:
    """What a KPI is: its unit, its label on a tile, and how thresholds apply to it."""

    name: str
    label: str
    unit: str
    meaning: str
    #: A ratio or mean: on a day with few calls it is marked as a small sample, and it
    #: does not raise an alert from a small sample (see alerts.py).
    per_sample: bool = False
    #: Hysteresis band in threshold units (percent points, seconds, calls).
    default_margin: float = 0.0

    @property
    def threshold_unit(self) -> str:
        return {FRACTION: "%", SECONDS: " s"}.get(self.unit, "")

    def in_threshold_units(self, value: float) -> float:
        """``value`` in the unit thresholds are written in (a fraction becomes percent)."""
        return value * 100 if self.unit == FRACTION else value


#: The KPIs of a scope (the whole tenant, or one hotline), in tile order.
SCOPE_KPIS: dict[str, KpiSpec] = {
    spec.name: spec
    for spec in (
        KpiSpec("offered", "Offered", COUNT, "inbound calls that ended today"),
        KpiSpec("answered", "Answered", COUNT, "offered calls that were answered"),
        KpiSpec("abandoned", "Abandoned", COUNT,
              "offered calls not answered, after waiting over short_abandon_s"),
        KpiSpec("short_abandoned", "Short abandons", COUNT,
              "offered calls not answered, after waiting short_abandon_s or less"),
        KpiSpec("service_level", "Service level", FRACTION,
              "calls answered within sl_threshold_s, by the configured formula",
              per_sample=True, default_margin=2.0),
        KpiSpec("asa_s", "ASA", SECONDS, "average speed of answer: mean wait of answered calls",
              per_sample=True, default_margin=3.0),
        KpiSpec("abandon_rate", "Abandon rate", FRACTION, "abandoned ÷ (answered + abandoned)",
              per_sample=True, default_margin=1.0),
        KpiSpec("longest_wait_s", "Longest wait", SECONDS,
              "the longest wait among inbound calls ringing now", default_margin=5.0),
        KpiSpec("waiting", "Waiting", COUNT, "inbound calls ringing now", default_margin=1.0),
    )
}

#: Time-in-state KPIs of an agent (the agents page colours by them; no alarms).
AGENT_STATE_KPIS: dict[str, KpiSpec] = {
    spec.name: spec
    for spec in (
        KpiSpec("ringing_s", "Ringing for", SECONDS, "how long the agent's phone has rung"),
        KpiSpec("talking_s", "Talking for", SECONDS, "how long the agent has been on a call"),
        KpiSpec("idle_s", "Idle for", SECONDS, "how long since the agent's last call ended"),
    )
}

ALL_KPIS: dict[str, KpiSpec] = {**SCOPE_KPIS, **AGENT_STATE_KPIS}

#: Counts: always known (0 is a true 0: no such call today).
COUNT_KPIS = ("offered", "answered", "abandoned", "short_abandoned")


@dataclass(frozen=True, slots=True)
class KpiValue:
    """A KPI's value, or ``None`` with the reason it cannot be known."""

    value: float | None
    reason: str = ""  # why value is None, e.g. "events arrive only when calls end"
    small_sample: bool = False  # from a day with fewer calls than [wall] small_sample_calls

    @classmethod
    def na(cls, reason: str) -> KpiValue:
        return cls(None, reason)

    @property
    def known(self) -> bool:
        return self.value is not None


def fmt_threshold(spec: KpiSpec, threshold: float) -> str:
    """A threshold as configured: ``70%``, ``120 s``, ``5``."""
    number = f"{threshold:g}"
    return f"{number}{spec.threshold_unit}"
