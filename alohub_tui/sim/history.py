"""Seeded call history and its search index.

Records are generated once, sorted newest first, and indexed so that a searchCallV2
request costs O(log n + page size) in the common cases:

* the time window maps to a contiguous slice of positions (bisect on start times);
* agent x direction x status and extension x direction x status combinations (with
  wildcards) each have a sorted position list, so those filters and the total count
  come from two bisects per list;
* selective filters (call_id, transactionId, customer number) have their own position
  lists; the smallest one is scanned with the full predicate.
"""

from __future__ import annotations

import heapq
import itertools
import random
import string
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..vntime import DAY_S, EpochFormatter, midnight_epoch
from .phones import phone_key, random_number
from .tenant import Tenant

Record = dict[str, Any]
BucketKey = tuple[str | None, str | None, str | None]

HISTORY_DAYS = 30
#: Matches every call that has ended; seen sent as a filter by real clients [assume].
HANGUP = "hangup"

_STATUS_TABLE = {
    "INBOUND": (("answered", 0.70), ("missed", 0.95), ("failed", 1.0)),
    "OUTBOUND": (("answered", 0.55), ("noanswer", 0.75), ("busy", 0.90), ("failed", 1.0)),
}
# Relative call volume per local hour: office hours dominate, a trickle at night.
_HOUR_WEIGHTS = (1, 0, 0, 0, 0, 1, 2, 5, 12, 14, 14, 12, 7, 10, 13, 13, 11, 8, 5, 3, 2, 2, 1, 1)
_HOUR_TABLE = tuple(h for h, w in enumerate(_HOUR_WEIGHTS) for _ in range(w))


@dataclass(frozen=True)
class SearchQuery:
    """Normalised searchCallV2 criteria. Empty values mean "no filter"."""

    start: float | None = None
    end: float | None = None
    call_id: str = ""
    customer: str = ""  # phone_key() of customer_number
    direction: str = ""  # lowercase
    status: str = ""  # lowercase
    agents: tuple[str, ...] = ()
    ip_phone: str = ""
    transaction_id: str = ""

    def matches(self, rec: Record, epoch: float, ext: str) -> bool:
        """The full predicate, used on small candidate sets and on live calls."""
        if self.start is not None and epoch < self.start:
            return False
        if self.end is not None and epoch > self.end:
            return False
        if self.call_id and rec["call_id"] != self.call_id:
            return False
        if self.transaction_id and rec["transactionId"] != self.transaction_id:
            return False
        if self.direction and rec["direction"].lower() != self.direction:
            return False
        if self.status == HANGUP:
            if not rec["endtime"]:
                return False
        elif self.status and rec["call_status"] != self.status:
            return False
        if self.agents and rec["agent"] not in self.agents:
            return False
        if self.ip_phone and ext != self.ip_phone:
            return False
        return not self.customer or self.customer in (
            phone_key(rec["caller_number"]),
            phone_key(rec["destination_number"]),
        )


def new_call_id(compact_time: str, rng: random.Random) -> str:
    """``20210222084953-NSOJCGOO-49278``: start time, 8 letters, 5 digits."""
    letters = "".join(rng.choices(string.ascii_uppercase, k=8))
    return f"{compact_time}-{letters}-{rng.randrange(10_000, 100_000)}"


def _status(rng: random.Random, direction: str) -> str:
    roll = rng.random()
    for status, upto in _STATUS_TABLE[direction]:
        if roll < upto:
            return status
    return "failed"


def _timings(rng: random.Random, status: str) -> tuple[int, int, int, str]:
    """(ring seconds, talk seconds, hold seconds, hangup_by) for one call."""
    if status == "answered":
        talk = min(3600, max(5, int(rng.lognormvariate(4.3, 0.9))))
        hold = 0 if rng.random() < 0.75 else rng.randint(5, max(5, min(180, talk // 2)))
        return rng.randint(3, 25), talk, hold, "customer" if rng.random() < 0.55 else "agent"
    if status == "missed":
        return rng.randint(5, 45), 0, 0, "customer" if rng.random() < 0.7 else "system"
    if status == "noanswer":
        return rng.randint(30, 60), 0, 0, "system"
    if status == "busy":
        return rng.randint(1, 8), 0, 0, "system"
    return rng.randint(0, 3), 0, 0, "system"


def _transaction_id(rng: random.Random, epoch: int) -> str:
    if rng.random() < 0.5:
        return f"ALOHUB_{epoch * 1000 + rng.randrange(1000)}"
    h = f"{rng.getrandbits(128):032x}"
    return f"CRM_{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def generate_rows(
    count: int, seed: int, now_epoch: float, tenant: Tenant
) -> list[tuple[int, str, Record, int]]:
    """``count`` seeded calls as (start epoch, agent extension, record, talk seconds)."""
    rng = random.Random(f"history:{seed}")
    now = int(now_epoch)
    names = EpochFormatter()
    today = midnight_epoch(now)
    agents = [(a.user_name, tuple(a.extensions)) for a in tenant.agents.values()]
    customers = [random_number(rng) for _ in range(max(50, count // 3))]
    seen_ids: set[str] = set()
    rows = []
    for _ in range(count):
        direction = "INBOUND" if rng.random() < 0.55 else "OUTBOUND"
        status = _status(rng, direction)
        ring, talk, hold, hangup_by = _timings(rng, status)
        total = ring + talk
        start = (
            today
            - rng.randrange(HISTORY_DAYS) * DAY_S
            + rng.choice(_HOUR_TABLE) * 3600
            + rng.randrange(3600)
        )
        if start + total > now - 60:
            start = now - total - rng.randrange(60, 7200)
        user, exts = rng.choice(agents)
        ext = exts[0] if len(exts) == 1 else rng.choice(exts)
        customer = rng.choice(customers)
        start_text, compact, day_path = names.parts(start)
        call_id = new_call_id(compact, rng)
        while call_id in seen_ids:
            call_id = new_call_id(compact, rng)
        seen_ids.add(call_id)
        answered = status == "answered"
        outbound = direction == "OUTBOUND"
        record: Record = {
            "call_id": call_id,
            "source": "ipcc",
            "direction": direction,
            "call_status": status,
            "starttime": start_text,
            "answertime": names.text(start + ring) if answered else "",
            "endtime": names.text(start + total),
            "total_duration": str(total),
            "holding_duration": str(hold),
            "hangup_by": hangup_by,
            "recording_url": f"{day_path}/{call_id}.mp3" if answered else "",
            "caller_number": ext if outbound else customer,
            "destination_number": customer if outbound else ext,
            "transactionId": (
                _transaction_id(rng, start) if outbound and rng.random() < 0.35 else ""
            ),
            "agent": user,
        }
        rows.append((start, ext, record, talk))
    rows.sort(key=lambda row: row[0], reverse=True)
    return rows


class CallHistory:
    """Immutable seeded history, newest first, with the indexes described above."""

    def __init__(self, rows: Sequence[tuple[int, str, Record, int]]) -> None:
        self.records: list[Record] = [r[2] for r in rows]
        self._epochs: list[int] = [r[0] for r in rows]
        self._neg_epochs: list[int] = [-e for e in self._epochs]  # ascending, for bisect
        self._exts: list[str] = [r[1] for r in rows]
        self.recordings: dict[str, int] = {}
        self._by_call_id: dict[str, int] = {}
        self._by_txn: defaultdict[str, list[int]] = defaultdict(list)
        self._by_customer: defaultdict[str, list[int]] = defaultdict(list)
        self._buckets: defaultdict[BucketKey, list[int]] = defaultdict(list)
        self._ext_buckets: defaultdict[BucketKey, list[int]] = defaultdict(list)
        for pos, (_, ext, rec, talk) in enumerate(rows):
            self._index(pos, ext, rec, talk)

    def _index(self, pos: int, ext: str, rec: Record, talk: int) -> None:
        self._by_call_id[rec["call_id"]] = pos
        if rec["transactionId"]:
            self._by_txn[rec["transactionId"]].append(pos)
        numbers = {phone_key(rec["caller_number"]), phone_key(rec["destination_number"])}
        for number in numbers:
            self._by_customer[number].append(pos)
        direction = rec["direction"].lower()
        for bucket in itertools.product(
            (rec["agent"], None), (direction, None), (rec["call_status"], None)
        ):
            self._buckets[bucket].append(pos)
        for bucket in itertools.product((ext,), (direction, None), (rec["call_status"], None)):
            self._ext_buckets[bucket].append(pos)
        if rec["recording_url"]:
            self.recordings[rec["recording_url"]] = talk

    @classmethod
    def generate(cls, count: int, seed: int, now_epoch: float, tenant: Tenant) -> CallHistory:
        return cls(generate_rows(count, seed, now_epoch, tenant))

    def __len__(self) -> int:
        return len(self.records)

    def _window(self, q: SearchQuery) -> tuple[int, int]:
        """Positions [lo, hi) whose start time lies in the query's window."""
        lo = 0 if q.end is None else bisect_left(self._neg_epochs, -q.end)
        hi = len(self._neg_epochs) if q.start is None else bisect_right(self._neg_epochs, -q.start)
        return lo, max(lo, hi)

    def _selective_candidates(self, q: SearchQuery) -> list[int] | None:
        options: list[list[int]] = []
        if q.call_id:
            pos = self._by_call_id.get(q.call_id)
            options.append([] if pos is None else [pos])
        if q.transaction_id:
            options.append(self._by_txn.get(q.transaction_id, []))
        if q.customer:
            options.append(self._by_customer.get(q.customer, []))
        if q.ip_phone and (options or q.agents):
            options.append(self._ext_buckets.get((q.ip_phone, None, None), []))
        return min(options, key=len) if options else None

    def search(self, q: SearchQuery, offset: int, limit: int) -> tuple[int, list[Record]]:
        """(total matches, up to ``limit`` records from ``offset``), newest first."""
        lo, hi = self._window(q)
        candidates = self._selective_candidates(q)
        if candidates is not None:
            window = candidates[bisect_left(candidates, lo) : bisect_left(candidates, hi)]
            hits = [
                p for p in window if q.matches(self.records[p], self._epochs[p], self._exts[p])
            ]
            return len(hits), [self.records[p] for p in hits[offset : offset + limit]]
        status = None if q.status in ("", HANGUP) else q.status
        direction = q.direction or None
        buckets = self._buckets
        who: Iterable[str | None] = dict.fromkeys(q.agents) if q.agents else (None,)
        if q.ip_phone:  # and no agent filter: see _selective_candidates
            buckets, who = self._ext_buckets, (q.ip_phone,)
        slices = []
        total = 0
        for name in who:
            bucket = buckets.get((name, direction, status), [])
            a, b = bisect_left(bucket, lo), bisect_left(bucket, hi)
            total += b - a
            slices.append((bucket, a, b))
        if len(slices) == 1:
            bucket, a, b = slices[0]
            picked: Iterable[int] = bucket[min(b, a + offset) : min(b, a + offset + limit)]
        else:
            picked = itertools.islice(
                heapq.merge(*(_iter_range(bk, a, b) for bk, a, b in slices)),
                offset,
                offset + limit,
            )
        return total, [self.records[p] for p in picked]


def _iter_range(seq: list[int], a: int, b: int) -> Iterator[int]:
    return (seq[i] for i in range(a, b))
