"""A wall never freezes silently: failed reads, a read that never returns, a loop that
ends, and a latent way for a refresh chain to end (Textual dropping a short one-shot
timer whose start is delayed).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import textual.timer
from _wall_ui import NOW, fill, line, small_day, small_day_service, wall_app
from conftest import wait_for
from textual.app import App

from alohub_tui.live.service import LivePlan, LiveService
from alohub_tui.live.watch import LiveWatch
from alohub_tui.ui.live_link import LiveLink
from alohub_tui.ui.timers import call_after

INTERVAL = 0.2


@pytest.fixture
def day(tmp_path: Path) -> Iterator[LiveService]:
    yield from small_day_service(tmp_path)


async def test_a_failed_read_is_said_at_once_and_cleared_when_reads_work_again(
        day: LiveService, monkeypatch: pytest.MonkeyPatch) -> None:
    app = wall_app(day, interval_s=INTERVAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.reading is not None)
        assert app.reader is not None
        real = app.reader.read
        failures = iter([OSError("disk I/O error")])

        def flaky(now: Any) -> Any:
            failure = next(failures, None)
            if failure is not None:
                raise failure
            return real(now)

        monkeypatch.setattr(app.reader, "read", flaky)
        await wait_for(pilot, lambda: "refresh failed (disk I/O error)"
                       in line(app, "wall-stalled"))
        assert app.query_one("#wall-stalled").display
        await wait_for(pilot, lambda: not app.query_one("#wall-stalled").display, timeout=5)


async def test_a_read_that_never_returns_is_said_within_a_refresh_interval(
        day: LiveService, monkeypatch: pytest.MonkeyPatch) -> None:
    app = wall_app(day, interval_s=INTERVAL)
    release = threading.Event()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.reading is not None)
        assert app.reader is not None and app.refresher is not None
        real = app.reader.read

        def stuck(now: Any) -> Any:
            release.wait(10)
            return real(now)

        monkeypatch.setattr(app.reader, "read", stuck)
        await wait_for(pilot, lambda: "NOT UPDATING" in line(app, "wall-stalled"), timeout=5)
        # said once the loop was silent for more than an interval (+ 0.5 s grace), by a
        # check every 0.5 s (+ up to one more period late on a loaded machine)
        silent = app.stall_noticed_after_s
        assert silent is not None and INTERVAL + 0.5 < silent <= INTERVAL + 0.5 + 0.5 + 0.5
        assert "a read of the event store has not returned" in line(app, "wall-stalled")
        release.set()
        await wait_for(pilot, lambda: not app.query_one("#wall-stalled").display, timeout=5)


async def test_a_refresh_loop_that_ended_is_said_and_started_again(day: LiveService) -> None:
    app = wall_app(day, interval_s=INTERVAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.reading is not None)
        refresher = app.refresher
        assert refresher is not None and refresher._worker is not None
        refresher._worker.cancel()  # as if something had killed it
        await wait_for(pilot, lambda: bool(app.stalls), timeout=3)
        assert "the refresh stopped; restarting it" in app.stalls[0]
        assert refresher.restarts == 1
        reads = refresher.reads
        await wait_for(pilot, lambda: refresher.reads > reads + 2, timeout=5)
        await wait_for(pilot, lambda: not app.query_one("#wall-stalled").display, timeout=3)


# ------------------------------------------------------------------ a latent cause


class _LateWaker:
    """``textual._time`` as the Timer sees it when its task wakes up 3 ms late every
    time: each reading of the clock is 3 ms after the one before (a busy loop, or
    another thread holding the GIL)."""

    def __init__(self) -> None:
        from textual import _time

        self._real = _time.get_time
        self.sleep = _time.sleep
        self._offset = 0.0

    def get_time(self) -> float:
        self._offset += 0.003
        return self._real() + self._offset


@pytest.fixture
def late_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textual.timer, "_time", _LateWaker())


class _Host(App[None]):
    pass


async def test_textual_drops_a_short_one_shot_timer_that_starts_late(
        late_timers: None) -> None:
    """The old wall re-armed its reads with ``set_timer(0.001, ...)``: such a timer can
    end without firing, and the chain with it. ``call_after`` never skips."""
    fired: list[str] = []
    async with _Host().run_test() as pilot:
        pilot.app.set_timer(0.001, lambda: fired.append("set_timer"))
        call_after(pilot.app, 0.001, lambda: fired.append("call_after"))
        await pilot.pause(0.3)
    assert fired == ["call_after"]


async def test_the_wall_keeps_reading_when_textual_timers_wake_late(
        day: LiveService, late_timers: None) -> None:
    app = wall_app(day, interval_s=INTERVAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.refresher is not None and app.refresher.reads > 0)
        assert app.refresher is not None
        reads = app.refresher.reads
        await pilot.pause(1.0)
        assert app.refresher.reads >= reads + 3


async def test_the_live_link_keeps_reading_a_store_when_textual_timers_wake_late(
        tmp_path: Path, late_timers: None) -> None:
    """The Live tab's link re-reads a store another process writes: it must not stop."""
    db = tmp_path / "events.sqlite3"
    fill(db, small_day())
    service = LiveService(LivePlan(db))
    service.start()
    readings: list[object] = []
    watch = LiveWatch()
    watch.listen(on_events=lambda *a: None, on_stats=lambda s, c: readings.append(s),
                 on_error=lambda m: None)
    try:
        async with _Host().run_test() as pilot:
            link = LiveLink(pilot.app, service, watch, lambda: NOW, interval=0.1)
            link.start()
            await pilot.pause(1.0)
            link.stop()
    finally:
        service.stop()
    assert len(readings) >= 4

