"""The webhook receiver over real loopback sockets."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.receiver import MAX_BODY, WebhookReceiver
from alohub_tui.webhook.samples import call_payload
from alohub_tui.webhook.store import EventStore

KEY = "hook-key-5f3a9c"
AUTH = {"Authorization": KEY}


class Recorder:
    """An on_event callback that remembers what it saw (and can be told to fail)."""

    def __init__(self, fail: bool = False) -> None:
        self.seen: list[tuple[CallEvent, bool]] = []
        self.fail = fail

    def __call__(self, event: CallEvent, is_new: bool) -> None:
        self.seen.append((event, is_new))
        if self.fail:
            raise RuntimeError("callback broke")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite3"


@pytest.fixture
def store(db: Path) -> Iterator[EventStore]:
    with EventStore(db) as opened:
        yield opened


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def receiver(store: EventStore, recorder: Recorder) -> AsyncIterator[WebhookReceiver]:
    async with WebhookReceiver(store, KEY, "127.0.0.1", 0, on_event=recorder) as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=50)
    async with httpx.AsyncClient(timeout=10, limits=limits) as http:
        yield http


async def test_accepts_an_event_at_both_paths(
    receiver: WebhookReceiver, client: httpx.AsyncClient, store: EventStore, recorder: Recorder
) -> None:
    assert receiver.url == f"http://127.0.0.1:{receiver.port}/alohub/webhook"
    answered = await client.post(receiver.url, json=call_payload("c1", "answered"), headers=AUTH)
    root = receiver.url.removesuffix("/alohub/webhook") + "/"
    ended = await client.post(root, json=call_payload("c1", "ended"), headers=AUTH)
    again = await client.post(root, json=call_payload("c1", "ended"), headers=AUTH)
    assert [r.status_code for r in (answered, ended, again)] == [200, 200, 200]
    assert answered.json() == {"success": "1"}
    assert store.event_count() == 2
    assert [(e.call_status, new) for e, new in recorder.seen] == [
        ("answered", True), ("answered", True), ("answered", False)
    ]
    health = await client.get(root + "health")
    assert health.status_code == 200 and health.json() == {"ok": True, "events": 2}


async def _chunks(size: int) -> AsyncIterator[bytes]:
    yield b'{"call_id": "big", "pad": "'
    for _ in range(size // 65536 + 1):
        yield b"x" * 65536
    yield b'"}'


def _body(**overrides: Any) -> bytes:
    return json.dumps(call_payload("c1", **overrides)).encode()


# What can never be stored (broken text, or a JSON event labelled text/plain, is stored:
# test_webhook_later_posts.py). (case, request keyword arguments, expected status);
# built per test (a stream is one-shot)
REFUSALS: list[tuple[str, Callable[[], dict[str, Any]], int]] = [
    ("wrong key", lambda: {"content": _body(), "headers": {"Authorization": "nope"}}, 401),
    ("missing key", lambda: {"content": _body()}, 401),
    ("Bearer key", lambda: {"content": _body(), "headers": {"Authorization": f"Bearer {KEY}"}},
     401),
    ("malformed JSON", lambda: {"content": b'{"call_id": "c1",', "headers": AUTH}, 400),
    ("no call_id", lambda: {"content": b'{"call_status": "answered"}', "headers": AUTH}, 400),
    ("a list", lambda: {"content": b'[{"call_id": "c1"}]', "headers": AUTH}, 400),
    ("form body", lambda: {"data": {"call_id": "c1"}, "headers": AUTH}, 415),
    ("text/plain, not JSON", lambda: {"content": b"call_id=c1",
                                      "headers": {**AUTH, "Content-Type": "text/plain"}}, 415),
    ("oversize", lambda: {"content": _body(pad="x" * MAX_BODY), "headers": AUTH}, 413),
    ("oversize chunked", lambda: {"content": _chunks(MAX_BODY), "headers": AUTH}, 413),
    ("deeply nested", lambda: {"content": b"[" * 100_000 + b"]" * 100_000, "headers": AUTH}, 400),
]


@pytest.mark.parametrize(("case", "make_request", "status"), REFUSALS, ids=[r[0] for r in REFUSALS])
async def test_refusals_store_nothing(
    receiver: WebhookReceiver,
    client: httpx.AsyncClient,
    store: EventStore,
    recorder: Recorder,
    case: str,
    make_request: Callable[[], dict[str, Any]],
    status: int,
) -> None:
    request_kw = make_request()
    headers = {"Content-Type": "application/json", **request_kw.pop("headers", {})}
    if "data" in request_kw:
        headers.pop("Content-Type")
    response = await client.post(receiver.url, headers=headers, **request_kw)
    assert response.status_code == status, response.text
    reason = response.json()["error"]
    assert reason and len(reason) < 80 and KEY not in response.text
    assert store.event_count() == 0 and recorder.seen == []


@pytest.mark.parametrize("recorder", [Recorder(fail=True)])
async def test_failing_callback_does_not_break_the_receiver(
    receiver: WebhookReceiver,
    client: httpx.AsyncClient,
    store: EventStore,
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    for call_id in ("c1", "c2"):
        response = await client.post(receiver.url, json=call_payload(call_id), headers=AUTH)
        assert response.status_code == 200
    assert store.event_count() == 2 and len(recorder.seen) == 2
    assert "on_event callback failed" in caplog.text
    await client.post(receiver.url, json=call_payload("c3"), headers={"Authorization": "bad"})
    assert KEY not in caplog.text


async def test_events_survive_a_restart(db: Path, client: httpx.AsyncClient) -> None:
    with EventStore(db) as first_store:
        async with WebhookReceiver(first_store, KEY) as first:
            response = await client.post(first.url, json=call_payload("c1", "ended"), headers=AUTH)
            assert response.status_code == 200
    with EventStore(db) as second_store:
        async with WebhookReceiver(second_store, KEY) as second:
            late_answer = call_payload("c1", "answered")
            again = call_payload("c1", "ended")
            for body in (late_answer, again):
                response = await client.post(second.url, json=body, headers=AUTH)
                assert response.status_code == 200
            health = (await client.get(second.url.replace("alohub/webhook", "health"))).json()
        assert health["events"] == 2
        found = second_store.call("c1")
        assert found is not None and found.event.is_final and found.event_count == 2


async def test_refuses_an_empty_key(store: EventStore) -> None:
    with pytest.raises(ValueError):
        WebhookReceiver(store, "  ")


@pytest.mark.parametrize("odd", [
    {"objectId": "¹"}, {"objectId": [1]}, {"call_id": 20240113150030},
    {"total_duration": "N/A"}, {"starttime": 1705132830}, {"userName": {"a": 1}},
])
async def test_odd_field_types_are_stored_not_a_server_error(
    receiver: WebhookReceiver, client: httpx.AsyncClient, store: EventStore,
    odd: dict[str, Any],
) -> None:
    """A scalar of an unexpected type is coerced or ignored field by field: a 200."""
    body = {**call_payload("c-odd", "ended"), **odd}
    response = await client.post(receiver.url, json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    assert store.event_count() == 1
