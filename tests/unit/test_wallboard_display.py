"""How KPI values are written on tiles and in `stats` text."""

from __future__ import annotations

from alohub_tui.wallboard.display import fmt_kpi, fmt_percent, fmt_value
from alohub_tui.wallboard.kpis import ALL_KPIS, KpiValue


def test_percent_rounds_down_so_a_value_never_shows_the_threshold_it_is_below() -> None:
    assert [fmt_percent(v) for v in (0.796, 0.58, 1.0, 0.0, 2 / 3)] == [
        "79%", "58%", "100%", "0%", "66%"]


def test_each_unit_and_not_known() -> None:
    assert fmt_value(ALL_KPIS["asa_s"], 23.4) == "0:23"
    assert fmt_value(ALL_KPIS["longest_wait_s"], 3725) == "1:02:05"
    assert fmt_value(ALL_KPIS["offered"], 12) == "12"
    assert fmt_value(ALL_KPIS["service_level"], None) == "n/a"
    assert fmt_kpi("longest_wait_s", KpiValue.na("events arrive only when calls end")) == (
        "n/a (events arrive only when calls end)")
    assert fmt_kpi("service_level", KpiValue(0.86, small_sample=True)) == "86%"
