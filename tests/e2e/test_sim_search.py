"""searchCallV2: every criterion against a brute-force oracle, paging, validation, seeding."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sim_support import assert_failure, post, running, search

from alohub_tui.sim import Simulator
from alohub_tui.vntime import VN_TZ

NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=VN_TZ)
CALLS = 450
SEARCH = "/v1.0/base/searchCallV2"
Rec = dict[str, Any]


@pytest.fixture
async def env() -> AsyncIterator[tuple[Simulator, httpx.AsyncClient, list[Rec]]]:
    async with running(calls=CALLS, now=NOW, seed=3) as (sim, client):
        everything = (await search(client, limit=500))["data"]
        yield sim, client, everything


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=VN_TZ)


def _criteria(sample: Rec, ext_of: Callable[[str], str]) -> list[tuple[dict[str, Any], Any]]:
    """(criteria, oracle predicate) pairs built from one sample record."""
    customer = sample["destination_number"] if sample["direction"] == "OUTBOUND" else sample[
        "caller_number"]
    start, end = NOW - timedelta(days=9), NOW - timedelta(days=2)
    intl = "+84 " + customer[1:] if customer.startswith("0") else customer
    return [
        ({"call_id": sample["call_id"]}, lambda r: r["call_id"] == sample["call_id"]),
        ({"customer_number": intl},
         lambda r: _digits(customer) in (_digits(r["caller_number"]),
                                          _digits(r["destination_number"]))),
        ({"direction": "inbound"}, lambda r: r["direction"] == "INBOUND"),
        ({"direction": "OutBound"}, lambda r: r["direction"] == "OUTBOUND"),
        ({"call_status": "missed"}, lambda r: r["call_status"] == "missed"),
        ({"call_status": "hangup"}, lambda r: r["endtime"] != ""),
        ({"agent": ["userName66", "userName61"]},
         lambda r: r["agent"] in ("userName66", "userName61")),
        ({"ipPhone": ext_of(sample["agent"])},
         lambda r: ext_of(sample["agent"]) in (r["caller_number"], r["destination_number"])),
        ({"starttime": start.isoformat(), "endtime": end.isoformat()},
         lambda r: start <= _local(r["starttime"]) <= end),
        ({"starttime": "2026-11-20T00:00:00Z"},
         lambda r: _local(r["starttime"]) >= datetime(2026, 11, 20, 7, 0, tzinfo=VN_TZ)),
        ({"direction": "outbound", "call_status": "answered", "agent": ["userName66"],
          "endtime": (NOW - timedelta(days=3)).isoformat()},
         lambda r: r["direction"] == "OUTBOUND" and r["call_status"] == "answered"
         and r["agent"] == "userName66" and _local(r["starttime"]) <= NOW - timedelta(days=3)),
        ({"ipPhone": "6688", "call_status": "answered", "agent": ["userName66"]},
         lambda r: "6688" in (r["caller_number"], r["destination_number"])
         and r["call_status"] == "answered"),
        ({"call_id": "", "customer_number": "", "direction": "", "call_status": "", "agent": [],
          "ipPhone": "", "transactionId": "", "callType": "", "starttime": "", "endtime": ""},
         lambda r: True),
        ({"agent": [""]}, lambda r: True),
        ({"direction": "sideways"}, lambda r: False),
    ]


async def test_every_criterion_matches_the_oracle(
    env: tuple[Simulator, httpx.AsyncClient, list[Rec]],
) -> None:
    sim, client, everything = env
    assert len(everything) == CALLS
    sample = next(r for r in everything if r["agent"] == "userName66")

    def ext_of(agent: str) -> str:
        return sim.tenant.agents[agent].extensions[0]

    for criteria, predicate in _criteria(sample, ext_of):
        got = await search(client, limit=500, **criteria)
        expected = [r["call_id"] for r in everything if predicate(r)]
        assert [r["call_id"] for r in got["data"]] == expected, criteria
        assert got["totalRecord"] == len(expected), criteria
    assert len(expected) == 0  # the last case really filtered something out


async def test_transaction_id_criterion(
    env: tuple[Simulator, httpx.AsyncClient, list[Rec]],
) -> None:
    _, client, everything = env
    with_txn = [r for r in everything if r["transactionId"]]
    assert with_txn and all(r["direction"] == "OUTBOUND" for r in with_txn)
    got = await search(client, transactionId=with_txn[0]["transactionId"])
    assert [r["call_id"] for r in got["data"]] == [with_txn[0]["call_id"]]
    assert (await search(client, transactionId="NOPE"))["totalRecord"] == 0


async def test_paging_newest_first(env: tuple[Simulator, httpx.AsyncClient, list[Rec]]) -> None:
    _, client, everything = env
    starts = [r["starttime"] for r in everything]
    assert starts == sorted(starts, reverse=True)
    pages = []
    for page in range(1, 12):
        body = await search(client, page=page, limit=45)
        assert body["totalRecord"] == CALLS and body["page"] == page and body["limit"] == 45
        pages.extend(body["data"])
    assert [r["call_id"] for r in pages] == [r["call_id"] for r in everything]
    beyond = await search(client, page=99, limit=45)
    assert beyond["data"] == [] and beyond["totalRecord"] == CALLS
    filtered = await search(client, agent=["userName66", "userName70"], page=2, limit=7)
    oracle = [r for r in everything if r["agent"] in ("userName66", "userName70")]
    assert [r["call_id"] for r in filtered["data"]] == [r["call_id"] for r in oracle[7:14]]
    capped = await search(client, limit=100_000)
    assert capped["limit"] == 500 and len(capped["data"]) == CALLS
    default = await search(client)
    assert default["limit"] == 50 and len(default["data"]) == 50


@pytest.mark.parametrize(
    ("criteria", "needle"),
    [
        ({"starttime": 1700000000}, "starttime"),
        ({"endtime": "yesterday"}, "endtime"),
        ({"agent": "userName66"}, "agent"),
        ({"agent": [66]}, "agent"),
        ({"call_id": 5}, "call_id"),
        ({"customer_number": 912345678}, "customer_number"),
        ({"direction": ["inbound"]}, "direction"),
        ({"call_status": True}, "call_status"),
        ({"ipPhone": 6688}, "ipPhone"),
        ({"transactionId": {"id": 1}}, "transactionId"),
        ({"callType": 1}, "callType"),
        ({"page": "1"}, "page"),
        ({"page": 0}, "page"),
        ({"limit": 2.5}, "limit"),
        ({"limit": 0}, "limit"),
        ({"page": True}, "page"),
    ],
)
async def test_bad_criteria_give_failure_envelopes(criteria: dict[str, Any], needle: str) -> None:
    async with running(calls=10) as (_, client):
        body = assert_failure(await post(client, SEARCH, criteria), "INVALID_PARAM")
        assert needle in body["error_message"]


async def test_records_look_like_the_vendors(
    env: tuple[Simulator, httpx.AsyncClient, list[Rec]],
) -> None:
    sim, _, everything = env
    time_re = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
    mobile = re.compile(r"^0(3[2-9]|5[2689]|7[06-9]|8[1-9]|9\d)\d{7}$")
    landline = re.compile(r"^02\d{9}$")
    extensions = set(sim.tenant.all_extensions())
    statuses = set()
    for r in everything:
        statuses.add(r["call_status"])
        assert re.match(r"^\d{14}-[A-Z]{8}-\d{5}$", r["call_id"])
        assert r["call_id"][:8] == r["starttime"][:10].replace("-", "")
        assert r["source"] == "ipcc" and r["direction"] in ("INBOUND", "OUTBOUND")
        assert time_re.match(r["starttime"]) and time_re.match(r["endtime"])
        assert r["total_duration"].isdigit() and r["holding_duration"].isdigit()
        assert r["hangup_by"] in ("customer", "agent", "system")
        assert _local(r["endtime"]) <= NOW
        assert NOW - timedelta(days=31) <= _local(r["starttime"])
        answered = r["call_status"] == "answered"
        assert bool(r["answertime"]) == answered == bool(r["recording_url"])
        if answered:
            assert r["recording_url"] == f"{r['starttime'][:10].replace('-', '/')}/" \
                f"{r['call_id']}.mp3"
        inbound = r["direction"] == "INBOUND"
        ext, customer = (
            (r["destination_number"], r["caller_number"]) if inbound
            else (r["caller_number"], r["destination_number"])
        )
        assert ext in extensions
        assert mobile.match(customer) or landline.match(customer), customer
    assert statuses == {"answered", "missed", "busy", "noanswer", "failed"}


async def test_same_seed_same_data_other_seed_other_data() -> None:
    pages = []
    for seed in (7, 7, 8):
        async with running(calls=300, seed=seed, now=NOW) as (sim, client):
            pages.append((await search(client, limit=500))["data"])
            pages.append([a.to_listing() for a in sim.tenant.agents.values()])
    assert pages[0] == pages[2] and pages[1] == pages[3]
    assert pages[0] != pages[4] and pages[1] != pages[5]
    assert all(a["userName"] != "userName66" or a["extensions"] == ["6688"] for a in pages[5])
