"""The dial tracker without a UI: makeCall sent once, the outcome followed, state kept.

Against the real simulator on loopback; the "view" records what a screen would be told.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Coroutine, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from _local_store import local_store
from fake_tenant import FakeTenant

from alohub_tui.api.client import AlohubClient
from alohub_tui.api.policy import Timeouts
from alohub_tui.api.secret import Secret
from alohub_tui.dial import tracker as tracker_module
from alohub_tui.dial.record import SENT, UNKNOWN, Dial
from alohub_tui.dial.tracker import DialStore, DialTracker, stored_dials
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.store.local import LocalStore
from alohub_tui.vntime import now_vn
from alohub_tui.webhook.samples import call_event

KEY = "tracker-test-key"


class Screen:
    """A DialView that writes down what it is told."""

    def __init__(self) -> None:
        self.told: list[tuple[str, Any]] = []

    def dial_changed(self, dial: Dial) -> None:
        self.told.append(("changed", dial.outcome))

    def in_flight_changed(self, busy: bool) -> None:
        self.told.append(("in flight", busy))

    def placing(self, dial: Dial) -> None:
        self.told.append(("placing", dial.number))

    def placed(self, dial: Dial) -> None:
        self.told.append(("placed", dial.outcome))

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.told.append(("notify", f"{title}: {message}"))


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimConfig(port=0, api_key=KEY, seed=5, calls=50, speed=50)) as s:
        yield s


@pytest.fixture(autouse=True)
def quick_look_ups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look-ups every 50 ms instead of 2, 3, 4.5, ... s."""
    def quick() -> Iterator[float]:
        return itertools.repeat(0.05)

    monkeypatch.setattr(tracker_module, "poll_delays", quick)


def make_calls(sim: Simulator) -> list[dict[str, Any]]:
    return [r for r in sim.requests if str(r["path"]).endswith("/makeCall")]


async def wait_until(check: Any, timeout: float = 10.0) -> None:
    async def poll() -> None:
        while not check():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    with local_store(tmp_path) as opened:
        yield opened


def tracker_for(client: AlohubClient, state: DialStore,
                jobs: list[asyncio.Task[Any]]) -> tuple[DialTracker, Screen]:
    def run(work: Coroutine[Any, Any, Any], *, group: str, description: str = "") -> object:
        jobs.append(asyncio.ensure_future(work))
        return jobs[-1]

    tracker = DialTracker(state, clock=now_vn, client=lambda: client, run=run)
    screen = Screen()
    tracker.start(screen)
    return tracker, screen


async def test_one_place_sends_make_call_once_and_follows_it_to_the_end(
    sim: Simulator, store: LocalStore
) -> None:
    jobs: list[asyncio.Task[Any]] = []
    state = store.dials
    async with AlohubClient(sim.base_url, Secret(KEY), media_url=sim.media_url) as client:
        tracker, screen = tracker_for(client, state, jobs)
        dial = tracker.place("0912345670", "6688", "TXN_TRACK_1")  # last digit 0: busy
        assert dial is not None
        assert tracker.place("0912345670", "6688", "TXN_TRACK_2") is None  # in flight
        await jobs[0]
        assert [c["body"] for c in make_calls(sim)] == [
            {"phoneNumber": "0912345670", "ipPhone": "6688", "transactionId": "TXN_TRACK_1"}
        ]
        assert dial.outcome == SENT and not tracker.in_flight
        assert screen.told[:3] == [("in flight", True), ("changed", "sending"),
                                   ("placing", "0912345670")]
        await wait_until(lambda: dial.final)
        assert dial.outcome == "busy"
        for job in jobs:
            await job
    assert len(make_calls(sim)) == 1
    saved = state.recent()
    assert [(d["transaction_id"], d["outcome"]) for d in saved] == [("TXN_TRACK_1", "busy")]


async def test_a_timeout_is_outcome_unknown_never_resent_then_found(
    sim: Simulator, store: LocalStore
) -> None:
    sim.set_faults(["timeout@makecall"])
    jobs: list[asyncio.Task[Any]] = []
    state = store.dials
    async with AlohubClient(sim.base_url, Secret(KEY), media_url=sim.media_url,
                            timeouts=Timeouts(make_call=0.5)) as client:
        tracker, screen = tracker_for(client, state, jobs)
        dial = tracker.place("0912345673", "6688", "TXN_TRACK_U")
        assert dial is not None
        await jobs[0]
        assert dial.outcome == UNKNOWN
        assert ("placed", UNKNOWN) in screen.told
        await wait_until(lambda: dial.outcome != UNKNOWN)
        assert any(kind == "notify" and "did go out" in text for kind, text in screen.told)
        for job in jobs:
            job.cancel()
    assert len(make_calls(sim)) == 1


async def test_an_unreadable_look_up_is_said_and_never_becomes_no_call(
    fake_tenant: FakeTenant, store: LocalStore
) -> None:
    """A tenant whose look-up answer cannot be read (real socket, ``fake_tenant``): the
    screen hears it once, and giving up says the look-ups failed, not "no call"."""
    fake_tenant.answer("POST", "/api/v1.0/base/makeCall",
                       json_body={"success": "1", "error_code": "SUCCESS"})
    fake_tenant.answer("POST", "/api/v1.0/base/searchCallV2", json_body={"result": []})
    clock = [now_vn()]
    jobs: list[asyncio.Task[Any]] = []
    async with AlohubClient(fake_tenant.base_url, Secret(fake_tenant.key)) as client:
        tracker = DialTracker(store.dials, clock=lambda: clock[0], client=lambda: client,
                              run=lambda work, **_: jobs.append(asyncio.ensure_future(work)))
        screen = Screen()
        tracker.start(screen)
        dial = tracker.place("0912345673", "6688", "TXN_UNREADABLE")
        assert dial is not None
        await jobs[0]
        await wait_until(lambda: len(fake_tenant.seen("/api/v1.0/base/searchCallV2")) >= 3)
        notes = [text for kind, text in screen.told if kind == "notify"]
        assert len(notes) == 1 and notes[0].startswith("Outcome not readable: Could not look "
                                                       "up the dial to 0912345673: Alohub sent")
        clock[0] += timedelta(minutes=16)
        await wait_until(lambda: dial.final)
        for job in jobs:
            await job
    assert dial.outcome == SENT  # not "not found": nobody could tell
    assert dial.detail.startswith("could not be looked up: Unexpected response: ")
    notes = [text for kind, text in screen.told if kind == "notify"]
    assert notes[1].startswith("Outcome unknown: The dial to 0912345673 could not be looked "
                               "up: Unexpected response: ")
    assert not any("appeared" in text for text in notes)


async def test_webhook_events_update_only_their_own_dial(store: LocalStore) -> None:
    state = store.dials
    tracker, screen = tracker_for(None, state, [])  # type: ignore[arg-type]  # no requests
    dial = Dial(now_vn().replace(tzinfo=None), "0912345678", "6688", "TXN_1", outcome="sent")
    tracker.dials.insert(0, dial)
    assert tracker.apply_event(call_event("x1", "ended", transaction_id="TXN_2")) is False
    assert dial.outcome == "sent"
    tracker.apply_events([call_event("x2", "missed", transaction_id="TXN_1")])
    assert (dial.outcome, dial.call_id, dial.final) == ("missed", "x2", True)
    assert screen.told[-1] == ("changed", "missed")


async def test_a_store_that_cannot_be_saved_is_a_warning(store: LocalStore) -> None:
    tracker, screen = tracker_for(None, store.dials, [])  # type: ignore[arg-type]
    store.close()  # every write now fails
    dial = Dial(now_vn().replace(tzinfo=None), "0912345678", "6688", "TXN_S", outcome="sent")
    tracker.dials.insert(0, dial)
    tracker.apply_event(call_event("s1", "answered", transaction_id="TXN_S"))
    assert dial.outcome == "in call"
    assert screen.told[-1][0] == "notify" and "Could not save recent dials" in screen.told[-1][1]


async def test_another_processs_dials_come_in_newest_first_and_never_go_back(
    tmp_path: Path
) -> None:
    """Two stores on one profile stand for two processes (each has its connection)."""
    jobs: list[asyncio.Task[Any]] = []
    with local_store(tmp_path) as mine, local_store(tmp_path) as theirs:
        tracker, screen = tracker_for(None, mine.dials, jobs)  # type: ignore[arg-type]
        base = now_vn().replace(tzinfo=None, microsecond=0)
        shown = Dial(base, "0912345678", "6688", "TXN_A", outcome="answered", final=True)
        mine.dials.save(shown.to_state())
        tracker.dials.insert(0, shown)
        theirs.dials.save(Dial(base.replace(second=0) + timedelta(minutes=1), "0283456789",
                               "6689", "TXN_B", outcome="sent").to_state())
        # Their older news of my dial (not final) does not move it back.
        theirs.dials.save(Dial(base, "0912345678", "6688", "TXN_A", outcome="ringing")
                          .to_state())
        changed = tracker.reload()
        assert [d.transaction_id for d in changed] == ["TXN_B"]
        assert [d.transaction_id for d in tracker.dials] == ["TXN_B", "TXN_A"]
        assert tracker.dials[1].outcome == "answered"
        assert [d.outcome for d in stored_dials(mine.dials)] == ["sent", "answered"]
        assert screen.told[-1] == ("changed", "sent")
        assert len(jobs) == 1  # the new, not final dial is followed here too
        for job in jobs:
            job.cancel()
