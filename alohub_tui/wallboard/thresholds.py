"""Threshold levels: ok / warn / alert, each shown by glyph, word and colour.

A :class:`Rule` is one KPI's ``[wall.thresholds.<kpi>]`` table. :meth:`Rule.level` is
the plain level of a value; :meth:`Rule.level_from` adds the value band of hysteresis:
a level, once entered, is left only when the value is back past its threshold by
``margin`` (so 79.9 → 80.1 → 79.9 around "warn below 80" does not flap). The time part of
hysteresis, and acknowledging, are the alert state machine's (alerts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .kpis import ALL_KPIS, KpiSpec, KpiValue, fmt_threshold
from .settings import KpiThresholds, ThresholdsConfig


class Level(IntEnum):
    """Worse is bigger."""

    OK = 0
    WARN = 1
    ALERT = 2


@dataclass(frozen=True, slots=True)
class Look:
    """How a level is shown: never by colour alone."""

    glyph: str
    word: str
    colour: str  # a Textual theme colour: $success, $warning, $error, $text-muted

    @property
    def text(self) -> str:
        return f"{self.glyph} {self.word}"


LOOKS = {
    Level.OK: Look("✓", "ok", "success"),
    Level.WARN: Look("⚠", "warn", "warning"),
    Level.ALERT: Look("✗", "alert", "error"),
}
NOT_KNOWN_LOOK = Look("·", "n/a", "text-muted")
ACKNOWLEDGED_LOOK = Look("✗", "alert (acknowledged)", "warning")


@dataclass(frozen=True, slots=True)
class Rule:
    """One KPI's thresholds, in threshold units (percent for rates, seconds for times)."""

    spec: KpiSpec
    above: bool  # a high value is bad
    warn: float | None
    alert: float | None
    margin: float

    @classmethod
    def from_config(cls, kpi: str, limits: KpiThresholds) -> Rule | None:
        """None when the KPI has no thresholds."""
        if not limits.is_set:
            return None
        spec = ALL_KPIS[kpi]
        above = limits.warn_above is not None or limits.alert_above is not None
        margin = spec.default_margin if limits.margin is None else limits.margin
        if above:
            return cls(spec, True, limits.warn_above, limits.alert_above, margin)
        return cls(spec, False, limits.warn_below, limits.alert_below, margin)

    def _past(self, value: float, threshold: float | None, slack: float = 0.0) -> bool:
        """``value`` is on the bad side of ``threshold`` moved by ``slack`` toward good."""
        if threshold is None:
            return False
        return value > threshold - slack if self.above else value < threshold + slack

    def level(self, value: float) -> Level:
        """The plain level of ``value`` (threshold units): strictly past a threshold."""
        if self._past(value, self.alert):
            return Level.ALERT
        if self._past(value, self.warn):
            return Level.WARN
        return Level.OK

    def level_from(self, value: float, current: Level) -> Level:
        """The level with value hysteresis: worse at once; better only once ``value`` is
        ``margin`` past the threshold of each level it leaves."""
        plain = self.level(value)
        level = current
        while level > plain:
            threshold = self.alert if level is Level.ALERT else self.warn
            # Not yet back by the margin: stay. A missing threshold holds nothing.
            if threshold is not None and self._past(value, threshold, self.margin):
                break
            level = Level(level - 1)
        return max(level, plain)

    def threshold_of(self, level: Level) -> float | None:
        return {Level.WARN: self.warn, Level.ALERT: self.alert}.get(level)

    def describe(self, level: Level) -> str:
        """``below 70%`` / ``above 120 s``: the threshold the value passed."""
        threshold = self.threshold_of(level)
        if threshold is None:
            return ""
        side = "above" if self.above else "below"
        return f"{side} {fmt_threshold(self.spec, threshold)}"


class Thresholds:
    """Every configured rule, for stateless levels (hotline rows, agent tiles)."""

    def __init__(self, config: ThresholdsConfig) -> None:
        self.rules: dict[str, Rule] = {
            kpi: rule for kpi in ALL_KPIS
            if (rule := Rule.from_config(kpi, config.for_kpi(kpi))) is not None
        }

    def level(self, kpi: str, value: float | KpiValue | None) -> Level | None:
        """The plain level of a value in the KPI's own unit (a fraction for rates);
        None when the value is n/a. A KPI without thresholds is always ok."""
        if isinstance(value, KpiValue):
            value = value.value
        if value is None:
            return None
        rule = self.rules.get(kpi)
        if rule is None:
            return Level.OK
        return rule.level(rule.spec.in_threshold_units(value))

    @staticmethod
    def look(level: Level | None) -> Look:
        return NOT_KNOWN_LOOK if level is None else LOOKS[level]
