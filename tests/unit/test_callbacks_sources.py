"""Where the callbacks' calls come from: the event store by cursor, searchCallV2 with an
overlap, and which of the two a run uses (issue 19)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from alohub_tui.api.errors import ServerError
from alohub_tui.api.models import CallRecord, SearchCriteria
from alohub_tui.callbacks.desk import choose_source
from alohub_tui.callbacks.sources import OVERLAP, SEARCH, WEBHOOK, EventSource, SearchSource
from alohub_tui.vntime import VN_TZ
from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.store import EventStore

NOW = datetime(2026, 11, 27, 10, 30, tzinfo=VN_TZ)


def payload(call_id: str, start: str, number: str = "0912345678",
            status: str = "missed") -> dict[str, Any]:
    return {"call_id": call_id, "direction": "inbound", "call_status": status,
            "caller_number": number, "destination_number": "6688",
            "starttime": start, "endtime": start}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "events.sqlite3") as opened:
        yield opened


def test_the_event_source_reads_today_then_only_what_is_new(store: EventStore) -> None:
    store.add(CallEvent.parse(payload("y", "2026-11-26 23:59:00")))
    store.add(CallEvent.parse(payload("a", "2026-11-27 08:00:00")))
    source = EventSource(store)
    assert [f.call_id for f in source.read(NOW)] == ["a"]
    store.add(CallEvent.parse(payload("b", "2026-11-27 09:00:00", "0987654321")))
    store.add(CallEvent.parse({**payload("a", "2026-11-27 08:00:00"),
                               "call_status": "answered", "answertime": "2026-11-27 08:00:05"}))
    facts = {f.call_id: f for f in source.read(NOW)}
    assert sorted(facts) == ["a", "b"] and facts["a"].answered
    assert source.read(NOW + timedelta(days=1)) == []  # a new day starts empty


class FakeClient:
    """Answers searches from a list of records, or fails; remembers the criteria."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.criteria: list[SearchCriteria] = []
        self.fail = False

    async def iter_calls(self, criteria: SearchCriteria) -> AsyncIterator[CallRecord]:
        self.criteria.append(criteria)
        for record in self.records:
            yield CallRecord.from_api(record)
        if self.fail:
            raise ServerError(503)


async def test_the_search_source_reads_today_then_from_before_its_last_search() -> None:
    client = FakeClient([payload("a", "2026-11-27 08:00:00"),
                         payload("old", "2026-11-26 08:00:00")])
    source = SearchSource(60, 50)
    assert source.due(NOW)
    facts = await source.read(client, NOW)  # type: ignore[arg-type]
    assert [f.call_id for f in facts] == ["a"]
    first = client.criteria[0]
    assert (first.start, first.end, first.direction, first.call_status) == (
        datetime(2026, 11, 27, tzinfo=VN_TZ), NOW, "", "")
    assert not source.due(NOW + timedelta(seconds=59))
    assert source.due(NOW + timedelta(seconds=60))
    later = NOW + timedelta(minutes=5)
    client.records = [payload("b", "2026-11-27 10:33:00", "0987654321")]
    facts = await source.read(client, later)  # type: ignore[arg-type]
    assert sorted(f.call_id for f in facts) == ["a", "b"]  # what was read before is kept
    assert client.criteria[1].start == NOW - OVERLAP


async def test_a_failed_search_keeps_what_was_read_and_waits_its_interval() -> None:
    client = FakeClient([payload("a", "2026-11-27 08:00:00")])
    source = SearchSource(60, 50)
    await source.read(client, NOW)  # type: ignore[arg-type]
    client.fail, client.records = True, [payload("b", "2026-11-27 10:31:00", "0987654321")]
    later = NOW + timedelta(minutes=2)
    with pytest.raises(ServerError):
        await source.read(client, later)  # type: ignore[arg-type]
    assert not source.due(later + timedelta(seconds=30))  # no retry every tick
    client.fail = False
    facts = await source.read(client, later + timedelta(minutes=1))  # type: ignore[arg-type]
    assert sorted(f.call_id for f in facts) == ["a", "b"]
    assert client.criteria[-1].start == NOW - OVERLAP  # from before the last good search


def test_which_source(store: EventStore) -> None:
    def choose(setting: str, *, events: EventStore | None = store, receives: bool = False,
               has_key: bool = True) -> tuple[str, str]:
        choice = choose_source(setting, events=events, receives=receives, has_key=has_key,
                               now=NOW)
        return choice.name, choice.why

    assert choose("auto", receives=True) == (WEBHOOK, "received here")
    assert choose("auto") == (SEARCH, "no webhook events today")
    assert choose("auto", has_key=False) == (WEBHOOK, "searching needs the base URL and API key")
    assert choose("auto", events=None, has_key=False)[0] == ""
    assert choose("search", has_key=False) == (
        "", 'calls_from = "search" needs the base URL and API key')
    assert choose("webhook", events=None)[0] == ""
    assert choose("webhook") == (WEBHOOK, 'calls_from = "webhook"')
    store.add(CallEvent.parse(payload("a", "2026-11-27 08:00:00")))  # received "now"
    today = choose_source("auto", events=store, receives=False, has_key=True,
                          now=datetime.now(VN_TZ))
    assert (today.name, today.why) == (WEBHOOK, "stored today")
