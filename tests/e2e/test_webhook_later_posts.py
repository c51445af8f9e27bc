"""A later post with more information is never dropped, broken text is stored repaired,
and today's counters count what started today (the receiver on loopback)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from webhook_support import Recorder, post, receiving

from alohub_tui.live.stats import counter_values, read_stats
from alohub_tui.vntime import local_midnight, now_vn
from alohub_tui.webhook.samples import call_payload
from alohub_tui.webhook.store import EventStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "events.sqlite3") as opened:
        yield opened


async def test_a_second_end_that_adds_the_recording_is_stored_and_merged(
    store: EventStore,
) -> None:
    bare = call_payload("c1", "ended", recording_url="", hangup_by="")
    full = call_payload("c1", "ended")
    recorder = Recorder()
    async with receiving(store, recorder) as (receiver, client):
        statuses = [(await post(client, receiver, body)).status_code
                    for body in (bare, full, dict(reversed(full.items())))]
    assert statuses == [200, 200, 200]
    assert [is_new for _event, is_new in recorder.seen] == [True, True, False]
    assert store.event_count() == 2  # the exact duplicate (key order aside) once
    found = store.call("c1")
    assert found is not None and found.event_count == 2
    assert found.event.recording_url == full["recording_url"]
    assert found.event.hangup_by == "customer"


async def test_ringing_posts_naming_other_agents_are_all_kept(store: EventStore) -> None:
    async with receiving(store) as (receiver, client):
        for agent in ("an", "binh"):
            response = await post(client, receiver, call_payload("r1", "ringing", agent=agent))
            assert response.status_code == 200
    found = store.call("r1")
    assert found is not None and found.event_count == 2 and found.event.user_name == "binh"


def _body(user_name: str) -> str:
    return json.dumps(call_payload("t1", "ended", userName="NAME-HERE")).replace(
        '"NAME-HERE"', f'"{user_name}"')


@pytest.mark.parametrize(("content", "content_type", "stored"), [
    (_body("Nguy\\ud800n").encode(), "application/json", "Nguy\ufffdn"),  # lone surrogate
    (_body("Nguy\xe9n").encode("latin-1"), "application/json", "Nguy\ufffdn"),  # Latin-1
    (_body("Nguy\xe9n").encode("latin-1"), "application/json; charset=iso-8859-1",
     "Nguy\xe9n"),  # declared: read as such
    (_body("Nguyen").encode(), "text/plain", "Nguyen"),  # mislabelled, but a call event
], ids=["lone surrogate", "latin-1 bytes", "declared latin-1", "labelled text/plain"])
async def test_broken_text_is_stored_with_the_bad_characters_replaced(
    store: EventStore, caplog: pytest.LogCaptureFixture, content: bytes, content_type: str,
    stored: str,
) -> None:
    async with receiving(store) as (receiver, client):
        response = await post(client, receiver, content=content, content_type=content_type)
    assert response.status_code == 200, response.text
    found = store.call("t1")
    assert found is not None and found.event.user_name == stored
    replaced = [r for r in caplog.records if "U+FFFD" in r.getMessage()]
    assert len(replaced) == ("\ufffd" in stored)


def _today(call_id: str, step: str, start: datetime | str, **fields: str) -> dict[str, str]:
    if isinstance(start, str):
        return call_payload(call_id, step, starttime=start, **fields)
    return call_payload(call_id, step, start=start, **fields)


async def test_todays_counters_count_the_calls_that_start_today(store: EventStore) -> None:
    now = now_vn()
    today = local_midnight(now) + timedelta(seconds=1)
    posts = [
        _today("today", "ended", today),
        _today("in-two-days", "ended", local_midnight(now) + timedelta(days=2, hours=1)),
        _today("year-2099", "ended", datetime(2099, 1, 1, 9)),
        _today("unreadable", "ended", "not a time", answertime="", endtime=""),
        _today("missing", "missed", ""),
    ]
    async with receiving(store) as (receiver, client):
        for body in posts:
            assert (await post(client, receiver, body)).status_code == 200
    stats = read_stats(store, now, recent=10)
    assert stats.counters.calls == 1 and stats.counters.answered == 1
    assert stats.recent is not None and len(stats.recent) == len(posts)  # nothing lost
    assert stats.recent[-1].event.call_id == "today"  # the others: by when first seen


async def test_in_progress_counts_ringing_and_talking_calls(store: EventStore) -> None:
    start = local_midnight(now_vn()) + timedelta(seconds=1)
    async with receiving(store) as (receiver, client):
        for call_id, step in (("ringing", "ringing"), ("talking", "answered"),
                              ("done", "ended"), ("gone", "missed")):
            response = await post(client, receiver, call_payload(call_id, step, start=start))
            assert response.status_code == 200
    counters = read_stats(store, now_vn()).counters
    assert (counters.calls, counters.in_progress) == (4, 2)
    assert counter_values(counters)["live"] == "2"

