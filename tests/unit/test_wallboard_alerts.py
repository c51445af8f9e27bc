"""Thresholds and the alert state machine, on a frozen clock (no sleeping, no real time)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from alohub_tui.wallboard.alerts import AlertBoard, AlertMachine, Phase
from alohub_tui.wallboard.kpis import KpiValue
from alohub_tui.wallboard.settings import KpiThresholds, ThresholdsConfig, WallConfig
from alohub_tui.wallboard.snapshot import ScopeKpis
from alohub_tui.wallboard.thresholds import Level, Rule, Thresholds

T0 = datetime(2026, 11, 27, 14, 0, 0)
SL = Rule.from_config("service_level", KpiThresholds(warn_below=80, alert_below=70, margin=2))
WAIT = Rule.from_config("longest_wait_s", KpiThresholds(warn_above=60, alert_above=120))


class Clock:
    """A frozen clock moved by hand."""

    def __init__(self) -> None:
        self.now = T0

    def tick(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def percent(value: float) -> KpiValue:
    return KpiValue(value / 100)


def test_levels_start_strictly_past_the_threshold() -> None:
    assert WAIT is not None and SL is not None
    assert [WAIT.level(v) for v in (60, 61, 120, 121)] == [
        Level.OK, Level.WARN, Level.WARN, Level.ALERT]
    assert [SL.level(v) for v in (80, 79.9, 70, 69.9)] == [
        Level.OK, Level.WARN, Level.WARN, Level.ALERT]
    assert WAIT.margin == 5  # the KPI's default band when none is configured
    assert SL.describe(Level.ALERT) == "below 70%" and WAIT.describe(Level.WARN) == "above 60 s"


def test_value_hysteresis_holds_a_level_until_back_by_the_margin() -> None:
    assert SL is not None
    assert SL.level_from(81, Level.WARN) is Level.WARN  # 81 < 80 + 2: still warn
    assert SL.level_from(82, Level.WARN) is Level.OK
    assert SL.level_from(71, Level.ALERT) is Level.ALERT  # 71 < 70 + 2
    assert SL.level_from(75, Level.ALERT) is Level.WARN
    assert SL.level_from(90, Level.ALERT) is Level.OK
    assert SL.level_from(60, Level.OK) is Level.ALERT  # worse: at once


def test_only_an_alert_threshold_steps_straight_back_to_ok() -> None:
    rule = Rule.from_config("asa_s", KpiThresholds(alert_above=60, margin=0))
    assert rule is not None
    assert rule.level_from(61, Level.OK) is Level.ALERT
    assert rule.level_from(59, Level.ALERT) is Level.OK


def test_ok_warn_alert_acknowledged_ok() -> None:
    assert SL is not None
    clock = Clock()
    machine = AlertMachine(SL, clear_after_s=30, bell=True)
    assert machine.observe(percent(85), clock.now) is None and machine.phase is Phase.OK
    assert machine.observe(percent(78), clock.tick(10)) is None
    assert machine.phase is Phase.WARN and machine.since == clock.now
    raised = machine.observe(percent(65), clock.tick(10))
    assert raised is not None and machine.phase is Phase.ALERT
    assert (raised.kpi, raised.level, raised.value, raised.value_text) == (
        "service_level", "alert", 65, "65%")
    assert raised.bell and raised.at == T0 + timedelta(seconds=20)
    assert raised.banner == "✗ ALERT Service level 65% (below 70%) since 14:00"
    assert machine.acknowledge(clock.tick(5)) and machine.phase is Phase.ACKNOWLEDGED
    assert not machine.acknowledge(clock.now)  # nothing left to acknowledge
    status = machine.status()
    assert status.level is Level.ALERT and status.look.word == "alert (acknowledged)"
    # Back to warn and to alert again: still acknowledged, nothing raised.
    assert machine.observe(percent(75), clock.tick(1)) is None
    assert machine.observe(percent(75), clock.tick(30)) is None
    assert machine.level is Level.WARN and machine.phase is Phase.ACKNOWLEDGED
    assert machine.observe(percent(60), clock.tick(1)) is None
    assert machine.phase is Phase.ACKNOWLEDGED
    # Back to ok, held for clear_after_s: ok, and the next alert is raised again.
    assert machine.observe(percent(90), clock.tick(1)) is None
    assert machine.phase is Phase.ACKNOWLEDGED  # not yet: 0 s of 30
    machine.observe(percent(90), clock.tick(29.9))
    assert machine.phase is Phase.ACKNOWLEDGED
    machine.observe(percent(90), clock.tick(0.1))
    assert machine.phase is Phase.OK and machine.level is Level.OK
    assert machine.observe(percent(50), clock.tick(1)) is not None


def test_a_value_hovering_at_the_threshold_does_not_flap() -> None:
    assert SL is not None
    clock = Clock()
    machine = AlertMachine(SL, clear_after_s=30)
    raised = []
    for i in range(120):  # 69.5 / 70.5 every 5 s for 10 minutes
        alert = machine.observe(percent(69.5 if i % 2 else 70.5), clock.tick(5))
        raised.append(alert)
        assert machine.level is (Level.WARN if i == 0 else Level.ALERT)
    assert sum(a is not None for a in raised) == 1
    # 71.5 is above 70 but within the margin (70 + 2): the alert holds.
    for _ in range(20):
        machine.observe(percent(71.5), clock.tick(5))
    assert machine.phase is Phase.ALERT
    # 72.5 is past the margin, but a dip below 72 restarts the wait.
    machine.observe(percent(72.5), clock.tick(5))
    machine.observe(percent(72.5), clock.tick(25))
    machine.observe(percent(71.0), clock.tick(5))
    machine.observe(percent(72.5), clock.tick(5))
    machine.observe(percent(72.5), clock.tick(25))
    assert machine.phase is Phase.ALERT
    machine.observe(percent(72.5), clock.tick(5))
    assert machine.phase is Phase.WARN  # an unacknowledged alert clears to warn


def test_small_samples_and_unknown_values_raise_nothing() -> None:
    assert WAIT is not None and SL is not None
    clock = Clock()
    machine = AlertMachine(SL, clear_after_s=0)
    assert machine.observe(KpiValue(0.1, small_sample=True), clock.now) is None
    assert machine.level is Level.WARN and machine.phase is Phase.WARN
    waits = AlertMachine(WAIT, clear_after_s=0)
    assert waits.observe(KpiValue(500), clock.now) is not None
    waits.observe(KpiValue.na("events arrive only when calls end"), clock.tick(1))
    assert waits.phase is Phase.OK
    status = waits.status()
    assert status.level is None and status.look.word == "n/a"


def scope(**values: KpiValue) -> ScopeKpis:
    na = KpiValue.na("x")
    base = {name: na for name in ("service_level", "asa_s", "abandon_rate",
                                  "longest_wait_s", "waiting")}
    return ScopeKpis(offered=0, answered=0, abandoned=0, short_abandoned=0,
                     **{**base, **values})


def test_the_board_watches_every_overall_kpi_with_thresholds() -> None:
    board = AlertBoard(WallConfig(clear_after_s=0))
    assert set(board.machines) == {"service_level", "asa_s", "abandon_rate", "longest_wait_s"}
    clock = Clock()
    raised = board.observe(scope(service_level=percent(50), longest_wait_s=KpiValue(200),
                                 asa_s=KpiValue(40)), clock.now)
    assert [a.kpi for a in raised] == ["service_level", "longest_wait_s"]
    assert board.banner() == ("✗ ALERT Service level 50% (below 70%) since 14:00 · "
                              "✗ ALERT Longest wait 3:20 (above 120 s) since 14:00")
    status = board.status("asa_s")
    assert status is not None and status.look.text == "⚠ warn"
    assert status.threshold_text == "above 30 s"
    assert board.acknowledge(clock.tick(1)) == ["service_level", "longest_wait_s"]
    assert board.banner() == ""
    assert board.status("offered") is None


def test_stateless_levels_for_rows_and_agent_tiles() -> None:
    thresholds = Thresholds(ThresholdsConfig())
    assert thresholds.level("service_level", 0.75) is Level.WARN
    assert thresholds.level("service_level", KpiValue.na("x")) is None
    assert thresholds.level("talking_s", 1300) is Level.ALERT
    assert thresholds.level("offered", 10_000) is Level.OK  # no thresholds on counts
    assert thresholds.look(None).word == "n/a"
    assert thresholds.look(Level.ALERT).colour == "error"


@pytest.mark.parametrize("level", list(Level))
def test_every_level_has_a_glyph_and_a_word(level: Level) -> None:
    look = Thresholds.look(level)
    assert look.glyph and look.word and look.colour
