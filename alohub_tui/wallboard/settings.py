"""The ``[wall]`` config section: KPI definitions, thresholds, alerts, pages.

``config.py`` reads these dataclasses like every other section (unknown keys and wrong
types are its errors) and then asks :func:`wall_problems` for the wall's own rules, so
each message names the key. Documented in config.example.toml and docs/WALL.md.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field, fields

from .formulas import DEFAULT_FORMULA, FORMULAS
from .kpis import ALL_KPIS, FRACTION

#: The wall's pages, in their default order (the UI builds them; see docs/WALL.md).
PAGES = ("overview", "agents", "missed")


@dataclass(frozen=True)
class KpiThresholds:
    """One KPI's thresholds, in percent for rates and seconds for times.

    Use either the ``_above`` pair (a high value is bad) or the ``_below`` pair (a low
    value is bad). A level is entered when the value passes its threshold (strictly),
    and left only once it is back by ``margin`` (hysteresis; unset: the KPI's default).
    """

    warn_above: float | None = None
    alert_above: float | None = None
    warn_below: float | None = None
    alert_below: float | None = None
    margin: float | None = None

    @property
    def is_set(self) -> bool:
        return any(v is not None for v in (self.warn_above, self.alert_above,
                                           self.warn_below, self.alert_below))


def _t(**values: float) -> KpiThresholds:
    return KpiThresholds(**values)


@dataclass(frozen=True)
class ThresholdsConfig:
    """``[wall.thresholds.<kpi>]``; a KPI's table replaces its defaults whole."""

    service_level: KpiThresholds = field(default_factory=lambda: _t(warn_below=80.0,
                                                                    alert_below=70.0))
    asa_s: KpiThresholds = field(default_factory=lambda: _t(warn_above=30.0, alert_above=60.0))
    abandon_rate: KpiThresholds = field(default_factory=lambda: _t(warn_above=5.0,
                                                                   alert_above=10.0))
    longest_wait_s: KpiThresholds = field(default_factory=lambda: _t(warn_above=60.0,
                                                                     alert_above=120.0))
    waiting: KpiThresholds = field(default_factory=KpiThresholds)
    ringing_s: KpiThresholds = field(default_factory=lambda: _t(warn_above=20.0, alert_above=40.0))
    talking_s: KpiThresholds = field(default_factory=lambda: _t(warn_above=600.0,
                                                                alert_above=1200.0))
    idle_s: KpiThresholds = field(default_factory=KpiThresholds)

    def for_kpi(self, name: str) -> KpiThresholds:
        return getattr(self, name, KpiThresholds())  # counts have no thresholds


@dataclass(frozen=True)
class WallConfig:
    """``[wall]``: see config.example.toml for each key."""

    sl_threshold_s: int = 20
    short_abandon_s: int = 5
    service_level_formula: str = DEFAULT_FORMULA
    small_sample_calls: int = 20
    ringing_stale_s: int = 1800
    talking_stale_s: int = 10800
    clear_after_s: float = 30.0
    bell: bool = False
    on_alert: tuple[str, ...] = ()
    on_alert_timeout_s: float = 10.0
    pages: tuple[str, ...] = PAGES
    rotate_s: int = 0
    thresholds: ThresholdsConfig = field(default_factory=ThresholdsConfig)


# ---------------------------------------------------------------- validation

Problem = tuple[str, str]  # (dotted key, what is wrong)


def _close(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _threshold_problems(kpi: str, limits: KpiThresholds) -> list[Problem]:
    key = f"wall.thresholds.{kpi}"
    spec = ALL_KPIS[kpi]
    problems: list[Problem] = []
    for f in fields(limits):
        value = getattr(limits, f.name)
        if value is None:
            continue
        if not 0 <= value < math.inf:
            problems.append((f"{key}.{f.name}", "must be a number, 0 or more"))
        elif spec.unit == FRACTION and f.name != "margin" and value > 100:
            problems.append((f"{key}.{f.name}", "is a percent: 0 to 100"))
        elif spec.unit == FRACTION and f.name != "margin" and 0 < value < 1:
            problems.append((f"{key}.{f.name}", f"is a percent: {value:g} means {value:g}%; "
                                                f"write {value * 100:g} for {value * 100:g}%"))
    above = limits.warn_above is not None or limits.alert_above is not None
    below = limits.warn_below is not None or limits.alert_below is not None
    if above and below:
        problems.append((key, "use warn_above/alert_above or warn_below/alert_below, not both"))
    if (limits.warn_above is not None and limits.alert_above is not None
            and limits.warn_above > limits.alert_above):
        problems.append((f"{key}.warn_above", "must not be more than alert_above"))
    if (limits.warn_below is not None and limits.alert_below is not None
            and limits.warn_below < limits.alert_below):
        problems.append((f"{key}.warn_below", "must not be less than alert_below"))
    return problems


def wall_problems(wall: WallConfig) -> list[Problem]:
    """Every rule the types alone do not enforce, as ``(key, problem)`` pairs."""
    problems: list[Problem] = []

    def check(ok: bool, key: str, problem: str) -> None:
        if not ok:
            problems.append((f"wall.{key}", problem))

    check(1 <= wall.sl_threshold_s <= 3600, "sl_threshold_s", "must be 1 to 3600 seconds")
    check(0 <= wall.short_abandon_s < wall.sl_threshold_s, "short_abandon_s",
          f"must be 0 or more and less than wall.sl_threshold_s ({wall.sl_threshold_s})")
    names = list(FORMULAS)
    check(wall.service_level_formula in FORMULAS, "service_level_formula",
          f'unknown formula "{wall.service_level_formula}"'
          f"{_close(wall.service_level_formula, names)}; one of: {', '.join(names)}")
    check(wall.small_sample_calls >= 0, "small_sample_calls", "must be 0 (off) or more")
    for key in ("ringing_stale_s", "talking_stale_s"):
        check(getattr(wall, key) >= 60, key, "must be at least 60 seconds")
    check(0 <= wall.clear_after_s <= 3600, "clear_after_s", "must be 0 to 3600 seconds")
    check(0 < wall.on_alert_timeout_s <= 600, "on_alert_timeout_s",
          "must be more than 0 and at most 600 seconds")
    if wall.on_alert:
        check(bool(wall.on_alert[0].strip()), "on_alert[0]", "the program must not be empty")
        for i, arg in enumerate(wall.on_alert):
            check("\0" not in arg, f"on_alert[{i}]", "must not contain a NUL character")
    check(bool(wall.pages), "pages", f"list at least one page: {', '.join(PAGES)}")
    for i, page in enumerate(wall.pages):
        if page not in PAGES:
            check(False, f"pages[{i}]",
                  f'unknown page "{page}"{_close(page, list(PAGES))}; one of: {", ".join(PAGES)}')
        elif page in wall.pages[:i]:
            check(False, f"pages[{i}]", f'"{page}" is listed twice')
    check(wall.rotate_s == 0 or 2 <= wall.rotate_s <= 86400, "rotate_s",
          "must be 0 (no rotation) or 2 to 86400 seconds")
    for f in fields(wall.thresholds):
        problems.extend(_threshold_problems(f.name, getattr(wall.thresholds, f.name)))
    return problems
