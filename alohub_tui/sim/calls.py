"""Live calls started by makeCall, moving on the simulated clock.

Timeline in simulated seconds (``SimConfig.speed`` scales it to real time):

1. ``0``: the agent's IP phone rings; the record shows ``call_status`` "ringing".
2. ``+AGENT_RING_S``: the agent answers; Alohub dials the customer (still "ringing").
3. ``+CUSTOMER_RING_S[outcome]``: the customer answers ("answered", answer webhook), or
   the call ends busy / noanswer / failed (end webhook).
4. answered calls talk for ``talk`` seconds, then end (end webhook, recording saved).

The outcome is a pure function of the dialled number, see :func:`plan_call`.
"""

from __future__ import annotations

import asyncio
import random
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from ..vntime import EpochFormatter
from .clock import SimClock
from .defaults import OUTCOME_BY_LAST_DIGIT
from .history import Record, SearchQuery, new_call_id
from .phones import phone_key

AGENT_RING_S = 3
CUSTOMER_RING_S = {"answered": 6, "busy": 2, "failed": 1, "noanswer": 30}
#: Last digit of the dialled number -> outcome; every other digit is answered.
TALK_MIN_S = 20
MAX_PLAYED = 20_000  # demo traffic calls kept searchable (a day of ~8 a minute is 11,520)
TALK_SPAN_S = 101  # talk time is 20..120 s

EventSink = Callable[[str, Record], None]


@dataclass(frozen=True)
class CallPlan:
    outcome: str
    ring: int
    talk: int
    hangup_by: str


def plan_call(seed: int, phone: str) -> CallPlan:
    """The dial outcome rule: last digit 0 busy, 1 no answer, 2 failed, else answered.

    Talk time and hang-up side come from a stable hash of seed and number, so the same
    seed and number always give the same call.
    """
    digits = phone_key(phone)
    outcome = OUTCOME_BY_LAST_DIGIT.get(digits[-1:], "answered")
    h = zlib.crc32(f"{seed}:{digits}".encode())
    if outcome != "answered":
        return CallPlan(outcome, CUSTOMER_RING_S[outcome], 0, "system")
    hangup_by = "customer" if h & 1 else "agent"
    return CallPlan(outcome, CUSTOMER_RING_S[outcome], TALK_MIN_S + h % TALK_SPAN_S, hangup_by)


@dataclass
class LiveCall:
    record: Record
    epoch: float
    ext: str
    plan: CallPlan
    phase: str = "agent_ringing"  # -> customer_ringing -> talking -> ended

    @property
    def ended(self) -> bool:
        return self.phase == "ended"


def ringing_record(
    call_id: str, direction: str, start_text: str, *, caller: str, destination: str,
    transaction_id: str, agent: str,
) -> Record:
    """A search record for a call that has just started ringing (nothing known yet)."""
    return {
        "call_id": call_id,
        "source": "ipcc",
        "direction": direction,
        "call_status": "ringing",
        "starttime": start_text,
        "answertime": "",
        "endtime": "",
        "total_duration": "0",
        "holding_duration": "0",
        "hangup_by": "",
        "recording_url": "",
        "caller_number": caller,
        "destination_number": destination,
        "transactionId": transaction_id,
        "agent": agent,
    }


class LiveCalls:
    """Calls placed through makeCall; newest last internally, newest first when searched."""

    def __init__(
        self,
        clock: SimClock,
        seed: int,
        on_event: EventSink,
        on_recording: Callable[[str, int], None],
    ) -> None:
        self._clock = clock
        self._seed = seed
        self._rng = random.Random(f"live:{seed}")
        self._fmt = EpochFormatter()
        self._on_event = on_event
        self._on_recording = on_recording
        self.calls: list[LiveCall] = []
        #: Calls played by the demo traffic (record, start epoch, extension), newest last.
        self.played: deque[tuple[Record, float, str]] = deque(maxlen=MAX_PLAYED)
        self._tasks: set[asyncio.Task[None]] = set()

    def start_call(self, phone: str, ext: str, agent: str, transaction_id: str) -> LiveCall:
        start = int(self._clock.now())
        text, compact, _ = self._fmt.parts(start)
        record = ringing_record(
            new_call_id(compact, self._rng), "OUTBOUND", text,
            caller=ext, destination=phone, transaction_id=transaction_id, agent=agent,
        )
        call = LiveCall(record, start, ext, plan_call(self._seed, phone))
        self.calls.append(call)
        task = asyncio.create_task(self._run(call))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return call

    async def _run(self, call: LiveCall) -> None:
        plan, rec = call.plan, call.record
        await self._clock.sleep(AGENT_RING_S)
        call.phase = "customer_ringing"
        await self._clock.sleep(plan.ring)
        rang = AGENT_RING_S + plan.ring
        if plan.outcome == "answered":
            call.phase = "talking"
            rec.update(
                call_status="answered",
                answertime=self._fmt.text(call.epoch + rang),
                total_duration=str(rang),
            )
            self._on_event("answer", rec)
            await self._clock.sleep(plan.talk)
            day_path = self._fmt.parts(call.epoch)[2]
            recording = f"{day_path}/{rec['call_id']}.mp3"
            self._on_recording(recording, plan.talk)
            rec["recording_url"] = recording
        rec.update(
            call_status=plan.outcome,
            endtime=self._fmt.text(call.epoch + rang + plan.talk),
            total_duration=str(rang + plan.talk),
            hangup_by=plan.hangup_by,
        )
        call.phase = "ended"
        self._on_event("end", rec)

    def receive_call(self, customer: str, ext: str, agent: str, *, answered: bool,
                     ring: int, talk: int, hotline: str = "") -> LiveCall:
        """An inbound call from ``customer`` ringing at ``ext``: answered after ``ring``
        seconds (then ``talk`` seconds of talk), or missed after ``ring`` seconds. Sends
        ``ringing``, (``answer``,) ``end`` webhooks; searchable like a dialled call."""
        start = int(self._clock.now())
        text, compact, _ = self._fmt.parts(start)
        record = ringing_record(
            new_call_id(compact, self._rng), "INBOUND", text,
            caller=customer, destination=ext, transaction_id="", agent=agent,
        )
        if hotline:
            record["hotline"] = hotline
        outcome = "answered" if answered else "missed"
        plan = CallPlan(outcome, ring, talk if answered else 0, "customer")
        call = LiveCall(record, start, ext, plan, phase="customer_ringing")
        self.calls.append(call)
        task = asyncio.create_task(self._run_inbound(call))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return call

    async def _run_inbound(self, call: LiveCall) -> None:
        plan, rec = call.plan, call.record
        self._on_event("ringing", rec)
        await self._clock.sleep(plan.ring)
        if plan.outcome == "answered":
            call.phase = "talking"
            rec.update(call_status="answered",
                       answertime=self._fmt.text(call.epoch + plan.ring),
                       total_duration=str(plan.ring))
            self._on_event("answer", rec)
            await self._clock.sleep(plan.talk)
        rec.update(call_status=plan.outcome,
                   endtime=self._fmt.text(call.epoch + plan.ring + plan.talk),
                   total_duration=str(plan.ring + plan.talk), hangup_by=plan.hangup_by)
        call.phase = "ended"
        self._on_event("end", rec)

    def agent_on_call(self, agent: str) -> bool:
        return any(c.record["agent"] == agent and not c.ended for c in self.calls)

    def register(self, record: Record, epoch: float, ext: str) -> None:
        """A call played by someone else (the demo traffic): searchable like a dialled
        one, its record updated in place as it rings, is answered and ends."""
        self.played.append((record, epoch, ext))

    def matching(self, q: SearchQuery) -> list[Record]:
        """Live calls (dialled or played) matching ``q``, newest first."""
        found = [(c.epoch, c.record) for c in self.calls if q.matches(c.record, c.epoch, c.ext)]
        found += [(epoch, rec) for rec, epoch, ext in self.played if q.matches(rec, epoch, ext)]
        found.sort(key=lambda pair: pair[0], reverse=True)
        return [rec for _epoch, rec in found]

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
