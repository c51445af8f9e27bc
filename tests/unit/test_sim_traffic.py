"""Demo traffic: seeded, realistic, and posting the same webhooks as dialled calls."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path

from alohub_tui.sim.clock import SimClock
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.sim.tenant import build_tenant
from alohub_tui.sim.traffic import DemoTraffic, TrafficPlanner
from alohub_tui.webhook.receiver import WebhookReceiver
from alohub_tui.webhook.store import EventStore

AGENTS = list(build_tenant(1).agents.values())


def test_the_same_seed_plans_the_same_calls() -> None:
    first = TrafficPlanner(5, 10, AGENTS).next_call()
    a, b = TrafficPlanner(5, 10, AGENTS), TrafficPlanner(5, 10, AGENTS)
    assert [a.next_call() for _ in range(50)] == [b.next_call() for _ in range(50)]
    assert TrafficPlanner(6, 10, AGENTS).next_call() != first


def test_planned_calls_look_like_a_call_centre() -> None:
    planner = TrafficPlanner(1, 12, AGENTS)
    calls = [planner.next_call() for _ in range(2000)]
    mean_gap = sum(c.gap for c in calls) / len(calls)
    assert 4 < mean_gap < 6  # 12 calls a minute
    inbound = [c for c in calls if c.direction == "inbound"]
    assert 0.5 < len(inbound) / len(calls) < 0.7
    assert {c.outcome for c in inbound} == {"answered", "missed"}
    assert {c.outcome for c in calls if c.direction == "outbound"} == {
        "answered", "noanswer", "busy", "failed"}
    for call in calls:
        assert (call.talk > 0) == (call.outcome == "answered")
        assert 0 <= call.hold <= call.talk


async def test_each_call_goes_ringing_then_answer_then_end() -> None:
    events: dict[str, list[str]] = defaultdict(list)
    records: dict[str, dict[str, str]] = {}

    def emit(kind: str, record: dict[str, str]) -> None:
        events[record["call_id"]].append(kind)
        records[record["call_id"]] = dict(record)

    traffic = DemoTraffic(TrafficPlanner(3, 600, AGENTS), SimClock(speed=2000), emit,
                          lambda *_: None, seed=3)
    traffic.start()
    await asyncio.sleep(1.0)
    await traffic.aclose()
    ended = [cid for cid, kinds in events.items() if kinds[-1] == "end"]
    assert len(ended) >= 5
    for cid in ended:
        rec = records[cid]
        expected = ["ringing", "answer", "end"] if rec["answertime"] else ["ringing", "end"]
        assert events[cid] == expected
        assert rec["endtime"] and rec["agent"]


async def test_simulator_traffic_reaches_a_receiver(tmp_path: Path) -> None:
    with EventStore(tmp_path / "events.sqlite3") as store:
        async with WebhookReceiver(store, "hook-key") as receiver:
            config = SimConfig(calls=0, traffic=600, speed=200, seed=2)
            async with Simulator(config) as sim:
                await sim.set_webhook(receiver.url, "hook-key")
                for _ in range(100):
                    if store.event_count() >= 5:
                        break
                    await asyncio.sleep(0.05)
                assert sim.webhook_deliveries
                assert all(d.tries[:1] == ["200"] for d in sim.webhook_deliveries if d.tries)
        assert store.event_count() >= 5
