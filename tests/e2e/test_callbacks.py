"""Missed calls get called back, once (issue 19), over real sockets and real processes.

- Through the simulator and the real webhook receiver: a missed inbound call from
  ``+84912345678`` appears; an answered makeCall to ``0912345678`` clears it.
- The same with searchCallV2 as the source (no webhook).
- Two processes claiming the same items at once: exactly one wins each, the other is
  told who has it.
- A claim that expires returns the item to the list, and another operator takes it.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cli_support import cli_env, run_cli
from webhook_support import KEY as HOOK_KEY
from webhook_support import receiving

from alohub_tui.api.client import AlohubClient
from alohub_tui.api.secret import Secret
from alohub_tui.callbacks.desk import CallbackDesk, SourceChoice
from alohub_tui.callbacks.sources import SEARCH, WEBHOOK
from alohub_tui.callbacks.worklist import CALLED_BACK, Worklist
from alohub_tui.config import CallbacksConfig, load_config
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.store.local import LocalStore, open_local_store
from alohub_tui.store.profile import Profile, profile_for
from alohub_tui.vntime import VN_TZ, now_vn, wire_text
from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.store import EventStore

KEY = "callbacks-key-7c21"
CLAIMER = Path(__file__).with_name("_claim_callbacks.py")
SPEED = 40.0  # a 20 s ring takes 0.5 s


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    config = SimConfig(port=0, api_key=KEY, seed=3, calls=0, speed=SPEED, webhook_backoff=0.05)
    async with Simulator(config) as simulator:
        yield simulator


@pytest.fixture
def local(tmp_path: Path) -> Iterator[LocalStore]:
    with open_local_store(Profile("hcm", "[profile] name", tmp_path / "profile")) as store:
        yield store


def sim_clock(sim: Simulator) -> Callable[[], datetime]:
    return lambda: datetime.fromtimestamp(sim.clock.now(), VN_TZ)


async def until(desk: CallbackDesk, holds: Callable[[Worklist], bool],
                client: AlohubClient | None = None, timeout: float = 15) -> Worklist:
    deadline = time.monotonic() + timeout
    while True:
        worklist = await desk.refresh(client)
        if holds(worklist):
            return worklist
        assert time.monotonic() < deadline, f"never held; last worklist: {worklist}"
        await asyncio.sleep(0.05)


async def test_through_the_receiver_a_missed_call_appears_and_a_call_back_clears_it(
        sim: Simulator, local: LocalStore, tmp_path: Path) -> None:
    with EventStore(tmp_path / "events.sqlite3") as events:
        async with receiving(events) as (receiver, _http), \
                AlohubClient(sim.base_url, Secret(KEY)) as client:
            await sim.set_webhook(receiver.url, HOOK_KEY)
            desk = CallbackDesk(local.callbacks, CallbacksConfig(operator="An"),
                                sim_clock(sim), SourceChoice(WEBHOOK, "test"), events=events)
            sim.receive_call("+84912345678", ring_s=20, hotline="19006688")

            worklist = await until(desk, lambda w: bool(w.open))
            (item,) = worklist.open
            assert (item.number, item.count, item.hotline) == ("0912345678", 1, "19006688")

            await client.make_call("0912345678", "6688", "CALLBACK_E2E_1")
            worklist = await until(desk, lambda w: not w.open)
            (item,) = worklist.closed
            assert item.closing is not None
            assert (item.closing.how, item.closing.by) == (CALLED_BACK, "userName66")


async def test_with_search_as_the_source_the_same_happens(sim: Simulator,
                                                          local: LocalStore) -> None:
    async with AlohubClient(sim.base_url, Secret(KEY)) as client:
        desk = CallbackDesk(local.callbacks, CallbacksConfig(operator="An"), sim_clock(sim),
                            SourceChoice(SEARCH, "test"))
        sim.receive_call("84912345678", ring_s=20)
        (item,) = (await until(desk, lambda w: bool(w.open), client)).open
        assert item.number == "0912345678"
        await client.make_call("+84 912 345 678", "6688", "CALLBACK_E2E_2")
        (item,) = (await until(desk, lambda w: not w.open, client)).closed
        assert item.closing is not None and item.closing.how == CALLED_BACK
        searches = [r for r in sim.requests if r["path"].endswith("searchCallV2")]
        assert searches and all(r["body"]["direction"] == "" for r in searches)


async def test_an_expired_claim_returns_to_the_list_for_another_operator(
        sim: Simulator, tmp_path: Path) -> None:
    profile = Profile("hcm", "[profile] name", tmp_path / "profile")
    with EventStore(tmp_path / "events.sqlite3") as events, \
            open_local_store(profile) as mine, open_local_store(profile) as theirs:
        async with receiving(events) as (receiver, _http):
            await sim.set_webhook(receiver.url, HOOK_KEY)
            settings = CallbacksConfig(operator="An", claim_minutes=1)
            an = CallbackDesk(mine.callbacks, settings, sim_clock(sim),
                              SourceChoice(WEBHOOK, "test"), events=events)
            binh = CallbackDesk(theirs.callbacks, CallbacksConfig(operator="Binh"),
                                sim_clock(sim), SourceChoice(WEBHOOK, "test"), events=events)
            sim.receive_call("0987654321", ring_s=10)
            await until(an, lambda w: bool(w.open))
            assert an.claim("0987654321").won
            lost = binh.claim("0987654321")
            assert not lost.won and lost.claim.operator == "An"
            (held,) = (await until(binh, lambda w: bool(w.open))).open
            assert held.claim is not None and held.claim.operator == "An"
            # One simulated minute later (1.5 s here) nobody has called: it is free again.
            (free,) = (await until(binh, lambda w: w.open[0].claim is None)).open
            assert free.number == "0987654321"
            taken = binh.claim("0987654321")
            assert taken.won and taken.claim.operator == "Binh"


async def test_two_processes_claiming_the_same_items_exactly_one_wins_each(
        tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    with open_local_store(Profile("hcm", "[profile] name", folder)):
        pass  # the file exists before the race: the race is about claims, not creation
    start = time.time() + 1.5
    count = 40
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, str(CLAIMER), str(folder), who, str(start), str(count),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        for who in ("An", "Binh")]
    outputs = [await proc.communicate() for proc in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()
    an, binh = (json.loads(out) for out, _err in outputs)
    assert an["finished"] > start and binh["finished"] > start
    for number, mine in an["results"].items():
        theirs = binh["results"][number]
        assert mine["won"] != theirs["won"], number  # exactly one of the two
        winner = "An" if mine["won"] else "Binh"
        assert mine["holder"] == theirs["holder"] == winner, number


# ---------------------------------------------------------------- alohub-tui callbacks


@pytest.fixture
async def realtime_sim() -> AsyncIterator[Simulator]:
    """The simulator on the real clock (the CLI reads "today" from it)."""
    async with Simulator(SimConfig(port=0, api_key=KEY, seed=3, calls=0)) as simulator:
        yield simulator


async def test_the_cli_lists_open_callbacks_from_search_and_from_the_event_store(
        realtime_sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sim = realtime_sim
    env = cli_env(tmp_path, key=KEY, base_url=sim.base_url, media_url=sim.media_url)
    sim.receive_call("+84912345678", ring_s=1)
    await asyncio.sleep(1.5)
    monkeypatch.setenv("ALOHUB_TUI_DATA_DIR", env["ALOHUB_TUI_DATA_DIR"])
    profile = profile_for(load_config(None, env), demo=False)
    with open_local_store(profile) as store:  # another window claimed it
        CallbackDesk(store.callbacks, CallbacksConfig(operator="An"), now_vn,
                     SourceChoice(SEARCH, "test")).claim("0912345678")

    found = await run_cli(env, "callbacks", "--json", secret=KEY)
    assert found.code == 0, found.err
    (item,) = [json.loads(line) for line in found.out.splitlines()]
    assert (item["number"], item["state"], item["claimed_by"]) == ("0912345678", "claimed",
                                                                   "An")
    assert "from searchCallV2 (no webhook events today): 1 open" in found.err
    text = await run_cli(env, "callbacks", secret=KEY)
    assert text.out.splitlines()[0].split() == ["NUMBER", "CALLS", "FIRST", "LAST", "HOTLINE",
                                                "WAITING", "STATE"]
    assert "☎ An ·" in text.out

    # With today's events in the profile's store, that is where the calls come from.
    with EventStore(profile.events_db) as events:
        now = now_vn().replace(microsecond=0, tzinfo=None)
        start = max(now - timedelta(minutes=5), datetime.combine(now.date(), datetime.min.time()))
        events.add(CallEvent.parse({
            "call_id": "hook-1", "direction": "inbound", "call_status": "missed",
            "caller_number": "0987654321", "destination_number": "6688",
            "hotline": "19006688", "starttime": wire_text(start),
            "endtime": wire_text(start + timedelta(seconds=30))}))
    hooked = await run_cli(env, "callbacks", "--json", secret=KEY)
    (item,) = [json.loads(line) for line in hooked.out.splitlines()]
    assert (item["number"], item["hotline"], item["state"]) == ("0987654321", "19006688",
                                                                "open")
    assert "from webhook events (stored today)" in hooked.err

    no_key = {k: v for k, v in env.items() if k != "ALOHUB_API_KEY"}
    refused = await run_cli(no_key, "callbacks", "--source", "search", secret=KEY)
    no_url = {k: v for k, v in env.items() if k != "ALOHUB_BASE_URL"}  # the key is set
    assert (await run_cli(no_url, "callbacks", "--source", "search", secret=KEY)).err \
        .endswith('needs the base URL and API key\n')
    assert refused.code == 2
    assert refused.err.strip() == ('alohub-tui callbacks: nothing to read: calls_from = '
                                   '"search" needs the base URL and API key')
