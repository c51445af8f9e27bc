"""Deliveries: a file pulled from an app chunk by chunk, what the page is told, failures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from alohub_tui.serve import deliveries as deliveries_module
from alohub_tui.serve.deliveries import Deliveries, DeliveryFailed, safe_file_name

KEY = "0123456789abcdef"


@pytest.fixture
def store() -> Iterator[Deliveries]:
    found = Deliveries()
    yield found
    found.close()


def app_sending(store: Deliveries, chunks: list[Any]) -> Any:
    """A fake app: each chunk request is answered with the next chunk."""
    asked: list[dict[str, Any]] = []

    async def request(meta: dict[str, Any]) -> bool:
        asked.append(meta)
        if not chunks:
            return False
        store.chunk_arrived(("deliver_chunk", meta["key"], chunks.pop(0)))
        return True

    request.asked = asked  # type: ignore[attr-defined]
    return request


async def test_a_file_is_pulled_then_described(store: Deliveries) -> None:
    request = app_sending(store, [b"abc", b"def", b""])
    meta = {"key": KEY, "path": "/srv/x/rec 1.mp3", "open_method": "browser",
            "mime_type": "audio/mpeg", "name": None}
    delivery = await store.fetch(7, meta, request)
    assert delivery.path.read_bytes() == b"abcdef" and delivery.size == 6
    assert delivery.describe("download/" + KEY) == {
        "url": "download/" + KEY, "name": "rec 1.mp3", "mime_type": "audio/mpeg",
        "open_method": "browser", "size": 6}
    assert [a["type"] for a in request.asked] == ["deliver_chunk_request"] * 3
    assert store.ready(KEY) is delivery
    store.end_session(7)
    assert store.ready(KEY) is None and not delivery.path.exists()


async def test_text_chunks_odd_types_and_names_are_made_safe(store: Deliveries) -> None:
    request = app_sending(store, ["héllo", ""])
    meta = {"key": KEY, "path": '../../etc/"pass\r\nwd', "open_method": "?",
            "mime_type": "text/html\r\nX-Evil: 1", "encoding": "no-such-codec"}
    delivery = await store.fetch(1, meta, request)
    assert delivery.path.read_bytes() == "héllo".encode()
    assert delivery.file_name == "_pass__wd"
    assert delivery.mime_type == "application/octet-stream"
    assert delivery.open_method == "download"


@pytest.mark.parametrize(("name", "safe"), [
    ("call.mp3", "call.mp3"), ("Gọi khách.mp3", "Gọi khách.mp3"), ("", "download"),
    ("...", "download"), ("a/b/c.csv", "c.csv"), ("x" * 300, "x" * 120),
])
def test_safe_file_names(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


async def test_an_app_that_stops_answering_fails_the_delivery(
        store: Deliveries, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deliveries_module, "CHUNK_TIMEOUT_S", 0.1)

    async def silent(meta: dict[str, Any]) -> bool:
        return True

    with pytest.raises(DeliveryFailed, match="stopped sending"):
        await store.fetch(1, {"key": KEY, "path": "f"}, silent)
    assert store.ready(KEY) is None and not any(store.folder.iterdir())


async def test_bad_keys_gone_apps_and_oversized_files_fail(
        store: Deliveries, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DeliveryFailed, match="bad delivery key"):
        await store.fetch(1, {"key": "../x", "path": "f"}, app_sending(store, []))
    with pytest.raises(DeliveryFailed, match="ended during"):
        await store.fetch(1, {"key": KEY, "path": "f"}, app_sending(store, []))
    monkeypatch.setattr(deliveries_module, "MAX_BYTES", 4)
    with pytest.raises(DeliveryFailed, match="larger than"):
        await store.fetch(1, {"key": KEY, "path": "f"}, app_sending(store, [b"abc", b"de"]))
    store.chunk_arrived("not a chunk")  # logged, ignored
    store.chunk_arrived(("deliver_chunk", "unknown-key-123", b"x"))
    assert not any(store.folder.iterdir())
