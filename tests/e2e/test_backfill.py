"""No holes after downtime: a receiver really goes down while the simulator's calls go
on, the simulator's posts of that time are lost, and the next receiver's backfill finds
them in searchCallV2 (the simulator records the search); the wall's numbers then count
every call once, the lost ones marked as backfilled.

Everything runs on the simulator's clock (300x real time, from 09:00 today), so calls of
a few simulated minutes end within the test.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from pathlib import Path

from alohub_tui.api.client import AlohubClient
from alohub_tui.api.secret import Secret
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.vntime import VN_TZ, iso_vn
from alohub_tui.wallboard.coverage import CoverageReader
from alohub_tui.wallboard.settings import WallConfig
from alohub_tui.wallboard.source import day_aggregate
from alohub_tui.webhook.backfill import LOOKBACK_S, NO_KEY, Backfill
from alohub_tui.webhook.receiver import WebhookReceiver
from alohub_tui.webhook.searched import SearchedCalls
from alohub_tui.webhook.store import EventStore
from alohub_tui.webhook.uptime import UptimeLog

API_KEY = "backfill-api-key"
HOOK_KEY = "backfill-hook-key"
SPEED = 300.0
WALL = WallConfig(small_sample_calls=0)


def sim_config(day: date) -> SimConfig:
    return SimConfig(port=0, api_key=API_KEY, calls=0, speed=SPEED, traffic=1.0,
                     webhook_attempts=1, now=datetime.combine(day, time(9, 0)))


async def wait_until(predicate: object, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():  # type: ignore[operator]
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


async def test_a_real_gap_is_backfilled_from_the_simulator(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite3"
    day = date.today()
    async with Simulator(sim_config(day)) as sim:
        clock = sim.clock.now
        store = EventStore(db)
        searched = SearchedCalls(db)
        try:
            first = WebhookReceiver(store, HOOK_KEY, clock=clock)
            await first.start()
            await sim.set_webhook(first.url, HOOK_KEY)
            await asyncio.sleep(1.0)
            await first.stop()  # down: the simulator's posts now fail (one attempt each)
            await asyncio.sleep(1.5)
            backfill = Backfill(db, lambda: AlohubClient(sim.base_url, Secret(API_KEY)),
                                clock=clock)
            second = WebhookReceiver(store, HOOK_KEY, clock=clock, backfill=backfill)
            await second.start()
            await sim.set_webhook(second.url, HOOK_KEY)
            await wait_until(lambda: any(r.ok for r in searched.runs(0)))
            await asyncio.sleep(3.0)  # calls started in the gap end, their ends posted
            await sim.set_webhook(None)
            now = datetime.fromtimestamp(clock(), VN_TZ)
            await second.stop()

            runs = UptimeLog(db).runs(0, clock())
            gap_start, gap_end = runs[0].stopped_at, runs[1].started_at
            assert gap_start is not None and gap_end - gap_start > 300  # a real gap
            # the backfill searched the gap (and the hour before it), as recorded
            searches = [r["body"] for r in sim.requests if r["path"].endswith("searchCallV2")]
            wanted = (iso_vn(datetime.fromtimestamp(gap_start - LOOKBACK_S, VN_TZ)),
                      iso_vn(datetime.fromtimestamp(gap_end, VN_TZ)))
            assert wanted in [(s["starttime"], s["endtime"]) for s in searches]

            played = {rec["call_id"]: rec for rec, _epoch, _ext in sim.live.played}
            received = {c.event.call_id for c in store.recent_calls(10_000)}
            lost = set(played) - received
            assert lost, "no call was lost: the gap was not real"
            found = {c.event.call_id for c in searched.started_between(
                datetime.combine(day, time.min), datetime.combine(day, time.max))}
            assert lost <= found  # every lost call came back from the search

            ended_inbound = {i for i, rec in played.items()
                             if rec["direction"] == "INBOUND" and rec["endtime"]}
            # backfilled: a call whose end post (at least) was lost
            end_lost = {i for i in ended_inbound
                        if (stored := store.call(i)) is None or not stored.event.is_final}
            overall = day_aggregate(store, WALL, day, now).snapshot(now).overall
            assert overall.offered == len(ended_inbound)  # every call, once
            assert overall.from_search == len(end_lost) > 0
            answered = {i for i in ended_inbound if played[i]["answertime"]}
            assert overall.answered == len(answered)

            coverage = CoverageReader(UptimeLog(db), searched).read(now)
            gaps = [g.gap for g in coverage.gaps]
            assert any(g.start == gap_start and g.end == gap_end for g in gaps)
        finally:
            searched.close()
            store.close()


async def test_without_an_api_key_the_gap_is_recorded_as_not_backfilled(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite3"
    log = UptimeLog(db)
    now = datetime.now(VN_TZ).timestamp()
    log.stopped(log.started("webhook", now - 600), now - 300)  # down for the last 5 minutes
    log.close()
    backfill = Backfill(db, None)
    runs = await backfill.run_once()
    assert runs and all(not r.ok and r.message == NO_KEY for r in runs)
    reader = CoverageReader(UptimeLog(db), SearchedCalls(db))
    coverage = reader.read(datetime.now(VN_TZ))
    assert coverage.gaps[-1].message == NO_KEY
    assert timedelta(seconds=coverage.gaps[-1].gap.seconds) >= timedelta(minutes=4)
    backfill.close()
