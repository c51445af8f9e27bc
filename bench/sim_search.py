"""Simulator searchCallV2 throughput: the sim (100,000 calls) in its own process.

The load generator (:mod:`bench.load`, this process) replays a mix of searches, the
kinds the History tab sends: no filter, direction + status, a time window with two
agents, an extension, a customer number, and a deep page; 50 rows a page. Baseline: the
same client against a trivial aiohttp JSON endpoint, so the ratio says what the
simulator's search costs on top of aiohttp and of the client sharing the two cores.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

import httpx

from bench.common import SIM_KEY, Result, Target, child_server, running_sim, trivial_argv
from bench.load import run_post_all

KEY = SIM_KEY
SEARCH = "/v1.0/base/searchCallV2"
CONCURRENCY = 8


def search_mix(customer: str, now: datetime) -> list[dict[str, Any]]:
    """The request bodies, cycled by the load generator."""
    fmt = "%Y-%m-%dT%H:%M:%S+07:00"
    week = {"starttime": (now - timedelta(days=7)).strftime(fmt), "endtime": now.strftime(fmt)}
    month = {"starttime": (now - timedelta(days=31)).strftime(fmt), "endtime": now.strftime(fmt)}
    return [
        {**month, "page": 1, "limit": 50},
        {**month, "direction": "inbound", "call_status": "missed", "page": 1, "limit": 50},
        {**week, "agent": ["userName61", "userName66"], "page": 2, "limit": 50},
        {**month, "ipPhone": "6688", "page": 1, "limit": 50},
        {**month, "customer_number": customer, "page": 1, "limit": 50},
        {**month, "page": 1000, "limit": 50},
    ]


def _a_customer(base_url: str) -> str:
    """A customer number present in the seeded history (so that filter finds rows)."""
    body = httpx.post(base_url + SEARCH, json={"limit": 1}, headers={"Authorization": KEY},
                      timeout=30).json()
    record = body["data"][0]
    return str(record["caller_number"] if record["direction"] == "INBOUND"
               else record["destination_number"])


def measure_sim(requests: int, calls: int) -> float:
    """Requests per second the simulator answers (mixed searches)."""
    with running_sim(calls) as base:
        bodies = search_mix(_a_customer(base), datetime.now())
        run_post_all(base + SEARCH, itertools.islice(itertools.cycle(bodies), 200),
                     concurrency=CONCURRENCY, headers={"Authorization": KEY})  # warm-up
        work = itertools.islice(itertools.cycle(bodies), requests)
        return run_post_all(base + SEARCH, work, concurrency=CONCURRENCY,
                            headers={"Authorization": KEY}).rate


def measure_trivial(requests: int) -> float:
    """Requests per second of the baseline endpoint with the same client and bodies."""
    with child_server(trivial_argv(), "listening on") as server:
        url = server.field("listening on")
        bodies = search_mix("0900000000", datetime.now())
        run_post_all(url, itertools.islice(itertools.cycle(bodies), 200),
                     concurrency=CONCURRENCY)
        work = itertools.islice(itertools.cycle(bodies), requests)
        return run_post_all(url, work, concurrency=CONCURRENCY).rate


def run(quick: bool = False, *, calls: int = 100_000) -> list[Result]:
    requests = 1500 if quick else 6000
    baseline = measure_trivial(requests)
    figure = measure_sim(requests, calls)
    return [Result(
        f"simulator searchCallV2 ({calls:,} calls, {CONCURRENCY} conns, mixed)",
        figure, "req/s", Target(500, at_most=False), baseline, "trivial aiohttp endpoint",
    )]
