"""Golden tests: each service-level formula on a hand-computed day (docs/WALL.md).

The worked example, T = sl_threshold_s = 20, short_abandon_s = 5, eleven inbound calls
that ended today:

    answered, waits  5, 15, 20, 30, 45   -> answered A = 5, within T (≤ 20): A_T = 3
    unanswered, waits 3, 5               -> short abandons S = 2 (≤ 5)
    unanswered, waits 12, 20, 60, 90     -> abandoned B = 4, within T: B_T = 2 (12, 20)

The numbers below are written out by hand, with the arithmetic beside them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from alohub_tui.wallboard.aggregate import WallAggregate
from alohub_tui.wallboard.calls import CallFacts
from alohub_tui.wallboard.formulas import FORMULAS, SlCounts
from alohub_tui.wallboard.settings import WallConfig

DAY = date(2026, 11, 27)
NOON = datetime(2026, 11, 27, 12, 0, 0)
NOW = datetime(2026, 11, 27, 18, 0, 0)

ANSWERED_WAITS = (5, 15, 20, 30, 45)
UNANSWERED_WAITS = (3, 5, 12, 20, 60, 90)

EXAMPLE = SlCounts(answered=5, answered_within=3, abandoned=4, abandoned_within=2,
                   short_abandoned=2)

# formula name -> (numerator, denominator) worked by hand, and the fraction
GOLDEN = {
    # A_T / (A + B) = 3 / (5 + 4)
    "default": (3, 9),
    # A_T / (A + B + S) = 3 / (5 + 4 + 2)
    "with_short_abandons": (3, 11),
    # (A_T + B_T) / (A + B) = (3 + 2) / (5 + 4)
    "abandons_within_met": (5, 9),
    # A_T / (A + B - B_T) = 3 / (5 + 4 - 2)
    "abandons_within_ignored": (3, 7),
    # A_T / A = 3 / 5
    "answered_only": (3, 5),
}


def example_calls() -> list[CallFacts]:
    calls = []
    for i, wait in enumerate(ANSWERED_WAITS):
        start = NOON + timedelta(minutes=i)
        answer = start + timedelta(seconds=wait)
        calls.append(CallFacts(f"a{i}", "inbound", start=start, answer=answer,
                               end=answer + timedelta(seconds=60), answered=True, ended=True,
                               talk_s=60))
    for i, wait in enumerate(UNANSWERED_WAITS):
        start = NOON + timedelta(minutes=10 + i)
        calls.append(CallFacts(f"u{i}", "inbound", start=start,
                               end=start + timedelta(seconds=wait), ended=True))
    return calls


def test_every_formula_has_a_golden_example() -> None:
    assert set(GOLDEN) == set(FORMULAS)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_formula_on_the_worked_example(name: str) -> None:
    formula = FORMULAS[name]
    numerator, denominator = GOLDEN[name]
    assert formula.numerator(EXAMPLE) == numerator
    assert formula.denominator(EXAMPLE) == denominator
    assert formula(EXAMPLE) == numerator / denominator


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_formula_from_calls_through_the_aggregate(name: str) -> None:
    aggregate = WallAggregate(WallConfig(small_sample_calls=0), DAY, formula=name)
    aggregate.update(example_calls(), NOW)
    overall = aggregate.snapshot(NOW).overall
    numerator, denominator = GOLDEN[name]
    assert overall.service_level.value == numerator / denominator
    assert (overall.offered, overall.answered, overall.short_abandoned, overall.abandoned) == (
        11, 5, 2, 4)  # 5 + 2 + 4 = 11 offered
    # asa = (5 + 15 + 20 + 30 + 45) / 5 = 115 / 5 = 23 s
    assert overall.asa_s.value == 23
    # abandon_rate = B / (A + B) = 4 / (5 + 4)
    assert overall.abandon_rate.value == 4 / 9


def test_settings_move_the_boundaries() -> None:
    """T = 30, short = 12: answered within 5,15,20,30 -> 4; short 3,5,12 -> 3;
    abandoned 20, 60, 90 -> 3, within T: 20 -> 1. default = 4 / (5 + 3) = 4 / 8."""
    wall = WallConfig(sl_threshold_s=30, short_abandon_s=12, small_sample_calls=0)
    aggregate = WallAggregate(wall, DAY)
    aggregate.update(example_calls(), NOW)
    overall = aggregate.snapshot(NOW).overall
    assert (overall.short_abandoned, overall.abandoned) == (3, 3)
    assert overall.service_level.value == 4 / 8
    met = WallAggregate(wall, DAY, formula="abandons_within_met")
    met.update(example_calls(), NOW)
    assert met.snapshot(NOW).overall.service_level.value == (4 + 1) / 8  # (A_T + B_T) / (A + B)


def test_nothing_to_divide_by_is_not_known() -> None:
    assert all(formula(SlCounts()) is None for formula in FORMULAS.values())
    # Only short abandons: the default leaves them out, so it has nothing to divide by,
    # while with_short_abandons gives 0 / 2 = 0.
    only_short = SlCounts(short_abandoned=2)
    assert FORMULAS["default"](only_short) is None
    assert FORMULAS["with_short_abandons"](only_short) == 0.0
