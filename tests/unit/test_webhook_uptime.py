"""Receiver runs and the gaps between them (webhook/uptime.py)."""

from __future__ import annotations

from pathlib import Path

from alohub_tui.webhook.uptime import STALE_AFTER_S, Run, Span, UptimeLog, gaps, up_spans

H = 3600.0


def run(start: float, seen: float, stopped: float | None = None, n: int = 1) -> Run:
    return Run(n, "webhook", 1, "host", start, seen, stopped)


def test_no_run_is_one_gap_from_the_start() -> None:
    assert gaps([], 0, 10 * H) == [Span(0, 10 * H)]


def test_gaps_between_runs_and_after_a_run_that_died() -> None:
    runs = [
        run(1 * H, 2 * H, stopped=2 * H),      # stopped cleanly at 2 h
        run(3 * H, 4 * H),                     # no stop: died after its last heartbeat at 4 h
        run(5 * H, 10 * H - 10),               # running now (heartbeat 10 s ago)
    ]
    assert gaps(runs, 0, 10 * H) == [Span(0, 1 * H), Span(2 * H, 3 * H), Span(4 * H, 5 * H)]


def test_overlapping_runs_merge_and_a_stale_heartbeat_ends_the_up_time() -> None:
    runs = [run(1 * H, 3 * H, stopped=3 * H), run(2 * H, 6 * H, stopped=6 * H)]
    assert up_spans(runs, 10 * H) == [Span(1 * H, 6 * H)]
    now = 10 * H
    stale = run(7 * H, now - STALE_AFTER_S - 1)
    assert not stale.running(now) and stale.up_until(now) == now - STALE_AFTER_S - 1
    fresh = run(7 * H, now - 5)
    assert fresh.running(now) and fresh.up_until(now) == now


def test_runs_are_recorded_in_the_store_file(tmp_path: Path) -> None:
    log = UptimeLog(tmp_path / "events.sqlite3")
    first = log.started("tui", 100.0)
    log.beat(first, 130.0)
    log.stopped(first, 150.0)
    second = log.started("serve", 200.0)
    runs = log.runs(0.0, 300.0)
    assert [(r.kind, r.started_at, r.seen_at, r.stopped_at) for r in runs] == [
        ("tui", 100.0, 150.0, 150.0), ("serve", 200.0, 200.0, None)]
    assert second == runs[1].run_id
    assert log.runs(400.0 + STALE_AFTER_S, 500.0) == []  # long over
    log.close()
