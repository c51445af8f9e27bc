"""Call-event webhooks (Alohub -> partner) with bounded retries.

Each event is POSTed as JSON with ``Authorization: <webhook key>``. Anything but HTTP
200 (or a connection error / timeout) is retried after ``backoff * 2**n`` seconds, at
most ``attempts`` tries in all; events are sent concurrently, so a retried "answer"
can arrive after the "end" of the same call, as the contract warns.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp

from .history import Record

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 30.0


def recording_export_url(media_url: str, recording: str) -> str:
    return f"{media_url}/IPCCMedia/MP3Export.do?url={quote(recording, safe='')}&source=ipcc"


def webhook_payload(record: Record, media_url: str) -> dict[str, Any]:
    """A search record in the webhook's shape (lowercase direction, ``transactionID``)."""
    recording = record["recording_url"]
    return {
        "call_id": record["call_id"],
        "call_status": record["call_status"],
        "direction": record["direction"].lower(),
        "caller_number": record["caller_number"],
        "destination_number": record["destination_number"],
        "starttime": record["starttime"],
        "answertime": record["answertime"],
        "endtime": record["endtime"],
        "hangup_by": record["hangup_by"],
        "hotline": record.get("hotline", ""),  # only receive_call's calls carry one
        "total_duration": record["total_duration"],
        "holding_duration": record["holding_duration"],
        "recording_url": recording_export_url(media_url, recording) if recording else "",
        "objectId": 1,
        "transactionID": record["transactionId"],
        "userName": record["agent"],
        "eventType": "call",
    }


@dataclass
class Delivery:
    """What happened to one event: every HTTP status (or error) seen, and the outcome."""

    event: str
    payload: dict[str, Any]
    tries: list[str] = field(default_factory=list)
    delivered: bool = False


class WebhookSender:
    def __init__(
        self,
        url: str,
        key: str,
        *,
        attempts: int = 5,
        backoff: float = 0.5,
        timeout: float = 5.0,
    ) -> None:
        self.url = url
        self._key = key
        self._attempts = max(1, attempts)
        self._backoff = backoff
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.deliveries: list[Delivery] = []

    def send(self, event: str, payload: dict[str, Any]) -> None:
        delivery = Delivery(event, payload)
        self.deliveries.append(delivery)
        task = asyncio.create_task(self._deliver(delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, delivery: Delivery) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        headers = {"Authorization": self._key}
        for attempt in range(self._attempts):
            if attempt:
                await asyncio.sleep(min(MAX_BACKOFF_S, self._backoff * 2 ** (attempt - 1)))
            try:
                async with self._session.post(
                    self.url, json=delivery.payload, headers=headers
                ) as resp:
                    await resp.read()
                    delivery.tries.append(str(resp.status))
                    if resp.status == 200:
                        delivery.delivered = True
                        return
            except (aiohttp.ClientError, TimeoutError) as exc:
                delivery.tries.append(type(exc).__name__)
        log.warning(
            "webhook %s for %s not delivered after %d tries: %s",
            delivery.event, delivery.payload["call_id"], self._attempts, delivery.tries,
        )

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
            self._session = None
