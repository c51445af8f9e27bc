"""What the wall says its numbers rest on: gaps, backfills, a receiver running or not."""

from __future__ import annotations

from datetime import datetime

from alohub_tui.vntime import VN_TZ
from alohub_tui.wallboard.coverage import BACKFILLED, FAILED, PENDING, coverage_of, gap_state
from alohub_tui.webhook.searched import BackfillRun
from alohub_tui.webhook.uptime import Run, Span

MIDNIGHT = datetime(2026, 11, 27, tzinfo=VN_TZ).timestamp()
H = 3600.0
NOW = MIDNIGHT + 11 * H


def run(start_h: float, end_h: float | None, n: int = 1) -> Run:
    """Up from start_h to end_h (None: still running); hours after midnight."""
    start = MIDNIGHT + start_h * H
    if end_h is None:
        return Run(n, "webhook", 1, "h", start, NOW - 5, None)
    return Run(n, "webhook", 1, "h", start, MIDNIGHT + end_h * H, MIDNIGHT + end_h * H)


def search(gap: tuple[float, float], ok: bool, message: str = "", calls: int = 0,
           at_h: float = 10.0) -> BackfillRun:
    start, end = (MIDNIGHT + h * H for h in gap)
    at = MIDNIGHT + at_h * H
    return BackfillRun(start, end, at, at + 1, ok, calls, message)


def test_a_whole_day_received_says_nothing() -> None:
    coverage = coverage_of([run(0, None)], [], MIDNIGHT, NOW)
    assert coverage.complete and coverage.line(0) == ("", False)


def test_backfilled_gaps_are_said_with_the_calls_they_added() -> None:
    runs = [run(0, 9), run(9.5, None)]
    coverage = coverage_of(runs, [search((9, 9.5), True, calls=40)], MIDNIGHT, NOW)
    assert [g.state for g in coverage.gaps] == [BACKFILLED]
    assert coverage.line(37) == ("↻ numbers include 37 calls backfilled from call history "
                                 "(receiver down 09:00–09:30)", False)
    assert coverage.line(0) == ("", False)  # the search found nothing new


def test_a_failed_backfill_or_no_key_says_the_numbers_may_be_incomplete() -> None:
    runs = [run(8, 9), run(9.5, None)]  # down from midnight to 8, and 9 to 9:30
    searches = [search((0, 8), True),
                search((9, 9.5), False, "not backfilled: no API key")]
    coverage = coverage_of(runs, searches, MIDNIGHT, NOW)
    assert [g.state for g in coverage.gaps] == [BACKFILLED, FAILED]
    assert coverage.line(5) == ("⚠ numbers may be incomplete: receiver down 09:00–09:30, "
                                "not backfilled: no API key", True)


def test_a_gap_not_yet_searched_is_pending() -> None:
    assert gap_state(Span(1.0, 2.0), []).state == PENDING
    coverage = coverage_of([run(9.5, None)], [], MIDNIGHT, NOW)
    assert coverage.line(0) == ("⚠ numbers may be incomplete: receiver down 00:00–09:30, "
                                "backfill pending", True)


def test_no_receiver_running_now_is_said_first() -> None:
    coverage = coverage_of([run(0, 10)], [], MIDNIGHT, NOW)
    assert not coverage.receiving_now
    assert coverage.line(0) == ("⚠ no receiver running since 10:00: calls since then are "
                                "not received, numbers may be incomplete", True)
    nobody = coverage_of([], [], MIDNIGHT, NOW)
    assert nobody.line(0)[0].startswith("⚠ no receiver has run today")


def test_many_gaps_are_counted() -> None:
    runs = [run(1, 2, 1), run(3, 4, 2), run(5, 6, 3), run(7, None, 4)]
    coverage = coverage_of(runs, [], MIDNIGHT, NOW)
    assert "receiver down 00:00–01:00, 02:00–03:00 and 2 more" in coverage.line(0)[0]
