"""How a KPI's value is written: ``86%``, ``0:25``, ``12``, ``n/a (reason)``."""

from __future__ import annotations

import math

from ..vntime import fmt_duration
from .kpis import ALL_KPIS, FRACTION, SECONDS, KpiSpec, KpiValue


def fmt_percent(fraction: float) -> str:
    """Whole percent, rounded down: 79.6% shows as 79%, never as the 80% it is below."""
    return f"{math.floor(fraction * 100 + 1e-9)}%"


def fmt_value(spec: KpiSpec, value: float | None) -> str:
    """``86%``, ``0:25``, ``12``; ``n/a`` for an unknown value."""
    if value is None:
        return "n/a"
    if spec.unit == FRACTION:
        return fmt_percent(value)
    if spec.unit == SECONDS:
        return fmt_duration(round(value))
    return str(round(value))


def fmt_kpi(name: str, kpi: KpiValue) -> str:
    """The value as a tile shows it; n/a with its reason in brackets."""
    text = fmt_value(ALL_KPIS[name], kpi.value)
    return f"n/a ({kpi.reason})" if kpi.value is None and kpi.reason else text
