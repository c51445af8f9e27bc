"""Alerts: a state machine per KPI with hysteresis, acknowledgement, and what to do on alert.

Phases: OK → WARN → ALERT → ACKNOWLEDGED → OK (docs/WALL.md, "Alerts").

- A worse level is entered at once (value hysteresis from thresholds.py applies).
  Entering ALERT raises an :class:`AlertRaised` (bell flag, banner, on_alert command).
- A better level is taken only after the value has stayed better for
  ``[wall] clear_after_s`` (time hysteresis): a value hovering at a threshold holds its
  level instead of flapping, and raises one alert, not one per crossing.
- :meth:`AlertMachine.acknowledge` turns ALERT into ACKNOWLEDGED: the banner goes, the
  tile still says alert. It stays acknowledged, without raising again, while the value
  stays at warn or alert, and becomes OK when the value is back to ok.
- n/a counts as ok for leaving a level (at midnight the day's values start over).
- A ratio or mean from a small sample (kpis.KpiSpec.per_sample) shows its level but
  does not go past WARN: three calls at 00:05 page nobody.

Every method takes ``now``, so the tests drive it with a frozen clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .display import fmt_value
from .kpis import SCOPE_KPIS, KpiValue
from .settings import WallConfig
from .snapshot import ScopeKpis
from .thresholds import ACKNOWLEDGED_LOOK, LOOKS, NOT_KNOWN_LOOK, Level, Look, Rule


class Phase(Enum):
    OK = "ok"
    WARN = "warn"
    ALERT = "alert"
    ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True, slots=True)
class AlertRaised:
    """A KPI entered ALERT: ring (if ``bell``), show ``banner``, run on_alert."""

    kpi: str
    level: str  # "alert"
    value: float  # in threshold units: percent for rates, seconds for times
    value_text: str  # as a tile shows it, e.g. "65%"
    banner: str  # one line, e.g. "✗ ALERT Service level 65% (below 70%) since 14:05"
    bell: bool
    at: datetime


@dataclass(frozen=True, slots=True)
class KpiStatus:
    """What a tile shows about a KPI's level."""

    kpi: str
    value: KpiValue
    level: Level | None  # None: the value is n/a
    phase: Phase
    since: datetime | None  # when the phase was entered
    rule: Rule | None

    @property
    def look(self) -> Look:
        if self.value.value is None:
            return NOT_KNOWN_LOOK
        if self.phase is Phase.ACKNOWLEDGED and self.level is Level.ALERT:
            return ACKNOWLEDGED_LOOK
        return LOOKS[self.level or Level.OK]

    @property
    def threshold_text(self) -> str:
        """``below 70%`` for a level past a threshold, else ``""``."""
        if self.rule is None or self.level in (None, Level.OK):
            return ""
        return self.rule.describe(self.level)


class AlertMachine:
    """One KPI's phase; see the module docstring."""

    def __init__(self, rule: Rule, clear_after_s: float, bell: bool = False) -> None:
        self.rule = rule
        self.clear_after_s = clear_after_s
        self.bell = bell
        self.level = Level.OK
        self.phase = Phase.OK
        self.since: datetime | None = None
        self.value = KpiValue(None)
        self._better_since: datetime | None = None

    def observe(self, value: KpiValue, now: datetime) -> AlertRaised | None:
        """Take the KPI's current value; returns the alert when ALERT is entered."""
        self.value = value
        if value.value is None:
            measured = Level.OK
        else:
            units = self.rule.spec.in_threshold_units(value.value)
            measured = self.rule.level_from(units, self.level)
            if value.small_sample:
                measured = min(measured, Level.WARN)
        if measured > self.level:
            self._better_since = None
            return self._worsen(measured, now)
        if measured == self.level:
            self._better_since = None
            return None
        if self._better_since is None:
            self._better_since = now
        if (now - self._better_since).total_seconds() >= self.clear_after_s:
            self._improve(measured, now)
        return None

    def _worsen(self, level: Level, now: datetime) -> AlertRaised | None:
        self.level = level
        if self.phase is Phase.ACKNOWLEDGED:
            return None  # acknowledged holds until the value is back to ok
        self.phase = Phase.ALERT if level is Level.ALERT else Phase.WARN
        self.since = now
        return self._raised(now) if self.phase is Phase.ALERT else None

    def _improve(self, level: Level, now: datetime) -> None:
        self.level = level
        self._better_since = None
        if level is Level.OK:
            self.phase, self.since = Phase.OK, now
        elif self.phase is Phase.ALERT:
            self.phase, self.since = Phase.WARN, now

    @property
    def settling(self) -> bool:
        """A better value waits out ``clear_after_s``: time alone may change the level."""
        return self._better_since is not None

    def acknowledge(self, now: datetime) -> bool:
        """ALERT → ACKNOWLEDGED; False when there was no alert to acknowledge."""
        if self.phase is not Phase.ALERT:
            return False
        self.phase, self.since = Phase.ACKNOWLEDGED, now
        return True

    def status(self) -> KpiStatus:
        level = None if self.value.value is None else self.level
        return KpiStatus(self.rule.spec.name, self.value, level, self.phase, self.since,
                         self.rule)

    def banner(self) -> str:
        """One line for a KPI in ALERT, e.g. ``✗ ALERT Service level 65% (below 70%)
        since 14:05``."""
        spec = self.rule.spec
        since = f" since {self.since:%H:%M}" if self.since is not None else ""
        return (f"✗ ALERT {spec.label} {fmt_value(spec, self.value.value)} "
                f"({self.rule.describe(Level.ALERT)}){since}")

    def _raised(self, now: datetime) -> AlertRaised:
        spec = self.rule.spec
        value = self.value.value if self.value.value is not None else 0.0
        return AlertRaised(spec.name, Phase.ALERT.value, spec.in_threshold_units(value),
                           fmt_value(spec, value), self.banner(), self.bell, now)


class AlertBoard:
    """The machines of the overall KPIs that have thresholds (the wall's alerts)."""

    def __init__(self, wall: WallConfig) -> None:
        self.machines: dict[str, AlertMachine] = {}
        for kpi in SCOPE_KPIS:
            rule = Rule.from_config(kpi, wall.thresholds.for_kpi(kpi))
            if rule is not None:
                self.machines[kpi] = AlertMachine(rule, wall.clear_after_s, wall.bell)

    def observe(self, kpis: ScopeKpis, now: datetime) -> list[AlertRaised]:
        """Feed every watched KPI of a snapshot; returns the alerts entered now."""
        raised = [m.observe(kpis.value(kpi), now) for kpi, m in self.machines.items()]
        return [alert for alert in raised if alert is not None]

    @property
    def settling(self) -> bool:
        """Some KPI waits out its time hysteresis (it must be observed again soon)."""
        return any(m.settling for m in self.machines.values())

    def acknowledge(self, now: datetime) -> list[str]:
        """Acknowledge every KPI in ALERT (the wall's ``a``); returns their names."""
        return [kpi for kpi, m in self.machines.items() if m.acknowledge(now)]

    def status(self, kpi: str) -> KpiStatus | None:
        """None for a KPI without thresholds."""
        machine = self.machines.get(kpi)
        return machine.status() if machine is not None else None

    def banner(self) -> str:
        """The unacknowledged alerts in one line, ``""`` when there are none."""
        return " · ".join(m.banner() for m in self.machines.values() if m.phase is Phase.ALERT)
