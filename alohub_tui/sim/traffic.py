"""Spontaneous demo traffic: inbound and outbound calls that nobody dialled.

Without it the Live tab and the wall screen of ``alohub-tui --demo`` would stay empty
until someone dials. :class:`TrafficPlanner` decides every call (gap, direction, number,
agent, outcome, ring/talk/hold time) from the seed alone, so a seed always gives the same
sequence; :class:`DemoTraffic` plays the calls on the simulator's clock and emits the same
webhook events as a dialled call (``ringing``, ``answer``, ``end``).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..vntime import EpochFormatter
from .calls import ringing_record
from .clock import SimClock
from .history import Record, new_call_id
from .phones import random_number
from .tenant import Agent

HOTLINE = "19006688"
MAX_CONCURRENT = 40  # a burst never grows past this many calls in progress

#: (outcome, cumulative probability) per direction; the rest of an inbound roll is missed.
_OUTCOMES = {
    "inbound": (("answered", 0.82), ("missed", 1.0)),
    "outbound": (("answered", 0.64), ("noanswer", 0.80), ("busy", 0.92), ("failed", 1.0)),
}

EventSink = Callable[[str, Record], None]


@dataclass(frozen=True)
class TrafficCall:
    """One planned call; times in simulated seconds."""

    gap: float  # after the previous call started
    direction: str  # "inbound" | "outbound"
    customer: str
    agent: str
    extension: str
    outcome: str
    ring: int
    talk: int  # 0 unless answered
    hold: int  # part of talk spent on hold


class TrafficPlanner:
    """The seeded sequence of demo calls at ``per_minute`` calls a minute on average."""

    def __init__(self, seed: int, per_minute: float, agents: Sequence[Agent]) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be > 0")
        if not agents:
            raise ValueError("demo traffic needs at least one agent")
        self._rng = random.Random(f"traffic:{seed}")
        self._rate = per_minute / 60.0
        self._agents = list(agents)

    def next_call(self) -> TrafficCall:
        rng = self._rng
        gap = max(0.5, rng.expovariate(self._rate))
        direction = "inbound" if rng.random() < 0.6 else "outbound"
        roll = rng.random()
        outcome = next(name for name, upto in _OUTCOMES[direction] if roll < upto)
        agent = rng.choice(self._agents)
        answered = outcome == "answered"
        ring = rng.randint(3, 15) if answered else rng.randint(15, 35)
        if outcome in ("busy", "failed"):
            ring = rng.randint(1, 4)
        talk = int(20 + rng.expovariate(1 / 100)) if answered else 0
        hold = rng.choice((0, 0, 0, rng.randint(5, 45))) if answered else 0
        return TrafficCall(
            gap=gap, direction=direction, customer=random_number(rng),
            agent=agent.user_name, extension=agent.extensions[0], outcome=outcome,
            ring=ring, talk=min(talk, 900), hold=min(hold, talk),
        )


class DemoTraffic:
    """Plays :class:`TrafficPlanner` calls on ``clock``, emitting webhook events; each
    call is also handed to ``register`` so that searchCallV2 finds it."""

    def __init__(
        self,
        planner: TrafficPlanner,
        clock: SimClock,
        emit: EventSink,
        on_recording: Callable[[str, int], None],
        seed: int,
        register: Callable[[Record, float, str], None] | None = None,
    ) -> None:
        self._planner = planner
        self._register = register
        self._clock = clock
        self._emit = emit
        self._on_recording = on_recording
        self._ids = random.Random(f"traffic-ids:{seed}")
        self._fmt = EpochFormatter()
        self._count = 0
        self._runner: asyncio.Task[None] | None = None
        self._calls: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        if self._runner is None:
            self._runner = asyncio.create_task(self._run(), name="sim-demo-traffic")

    async def _run(self) -> None:
        while True:
            call = self._planner.next_call()
            await self._clock.sleep(call.gap)
            if len(self._calls) >= MAX_CONCURRENT:
                continue
            task = asyncio.create_task(self._play(call))
            self._calls.add(task)
            task.add_done_callback(self._calls.discard)

    def _record(self, call: TrafficCall, start: int) -> Record:
        text, compact, _ = self._fmt.parts(start)
        self._count += 1
        inbound = call.direction == "inbound"
        return ringing_record(
            new_call_id(compact, self._ids), call.direction.upper(), text,
            caller=call.customer if inbound else call.extension,
            destination=HOTLINE if inbound else call.customer,
            transaction_id="" if inbound else f"DEMO_{self._count:06d}",
            agent=call.agent,
        )

    async def _play(self, call: TrafficCall) -> None:
        start = int(self._clock.now())
        rec = self._record(call, start)
        if self._register is not None:  # searchable from now on, like any call
            self._register(rec, start, call.extension)
        self._emit("ringing", rec)
        await self._clock.sleep(call.ring)
        if call.outcome == "answered":
            rec.update(call_status="answered", answertime=self._fmt.text(start + call.ring),
                       total_duration=str(call.ring))
            self._emit("answer", rec)
            await self._clock.sleep(call.talk)
            recording = f"{self._fmt.parts(start)[2]}/{rec['call_id']}.mp3"
            self._on_recording(recording, call.talk)
            rec["recording_url"] = recording
        end = start + call.ring + call.talk
        rec.update(
            call_status=call.outcome, endtime=self._fmt.text(end),
            total_duration=str(call.ring + call.talk), holding_duration=str(call.hold),
            hangup_by="customer" if call.outcome == "answered" else "system",
        )
        self._emit("end", rec)

    async def aclose(self) -> None:
        tasks = [t for t in (self._runner, *self._calls) if t is not None]
        for task in tasks:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*tasks, return_exceptions=True)
        self._runner = None
