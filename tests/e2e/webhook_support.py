"""Shared helpers for the webhook receiver's end-to-end tests (real sockets on loopback)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.receiver import WebhookReceiver
from alohub_tui.webhook.store import EventStore

KEY = "hook-key-5f3a9c"
AUTH = {"Authorization": KEY}


class Recorder:
    """An on_event callback that remembers what it saw."""

    def __init__(self) -> None:
        self.seen: list[tuple[CallEvent, bool]] = []

    def __call__(self, event: CallEvent, is_new: bool) -> None:
        self.seen.append((event, is_new))


@asynccontextmanager
async def receiving(store: EventStore, recorder: Recorder | None = None,
                    ) -> AsyncIterator[tuple[WebhookReceiver, httpx.AsyncClient]]:
    """A receiver on a free loopback port writing to ``store``, and a client."""
    async with (WebhookReceiver(store, KEY, "127.0.0.1", 0, on_event=recorder) as receiver,
                httpx.AsyncClient(timeout=10) as client):
        yield receiver, client


async def post(client: httpx.AsyncClient, receiver: WebhookReceiver, body: Any = None, *,
               content: bytes | None = None, content_type: str = "application/json",
               ) -> httpx.Response:
    """One post with the key: a JSON ``body``, or raw ``content`` bytes."""
    headers = {**AUTH, "Content-Type": content_type}
    if content is None:
        return await client.post(receiver.url, json=body, headers=headers)
    return await client.post(receiver.url, content=content, headers=headers)
