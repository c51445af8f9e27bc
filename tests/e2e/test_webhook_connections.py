"""The receiver against clients that misbehave and a process out of file descriptors:
idle and slow connections are closed, malformed HTTP is one log line without its bytes,
and running out of descriptors is one line a second at most (real sockets on loopback)."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from webhook_support import AUTH, KEY

from alohub_tui.webhook.receiver import WebhookReceiver
from alohub_tui.webhook.samples import call_payload
from alohub_tui.webhook.serving import BODY_TIMEOUT_S, HTTP_LOGGER, IDLE_TIMEOUT_S
from alohub_tui.webhook.store import EventStore

SHORT = 0.5  # the timeouts under test, instead of the default 10 s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "events.sqlite3") as opened:
        yield opened


@pytest.fixture
async def receiver(store: EventStore) -> AsyncIterator[WebhookReceiver]:
    async with WebhookReceiver(store, KEY, idle_timeout_s=SHORT,
                               body_timeout_s=SHORT) as running:
        yield running


async def _closed_after(receiver: WebhookReceiver, sent: bytes) -> tuple[bytes, float]:
    """What the server answers to ``sent`` before closing, and how long that took."""
    reader, writer = await asyncio.open_connection("127.0.0.1", receiver.port)
    began = time.monotonic()
    try:
        writer.write(sent)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), timeout=5)  # until EOF
        return answer, time.monotonic() - began
    finally:
        writer.close()


def test_the_default_timeouts_are_ten_seconds() -> None:
    assert IDLE_TIMEOUT_S == BODY_TIMEOUT_S == 10.0


@pytest.mark.parametrize("sent", [
    b"",
    b"POST /alohub/webhook HTTP/1.1\r\nHost: x\r\nAuthorization: " + KEY.encode() + b"\r\n",
], ids=["silent", "head never finished"])
async def test_an_idle_or_slow_connection_is_closed(
    receiver: WebhookReceiver, sent: bytes,
) -> None:
    answer, took = await _closed_after(receiver, sent)
    assert answer == b"" and took < SHORT + 2


async def test_a_body_that_stops_arriving_is_dropped_without_an_answer(
    receiver: WebhookReceiver, store: EventStore, caplog: pytest.LogCaptureFixture,
) -> None:
    body = json.dumps(call_payload("slow")).encode()
    head = (f"POST /alohub/webhook HTTP/1.1\r\nHost: x\r\nAuthorization: {KEY}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    answer, took = await _closed_after(receiver, head.encode() + body[:20])
    assert answer == b"" and took < SHORT + 2  # no 4xx: Alohub sees a failed delivery
    assert store.event_count() == 0
    assert "the body did not arrive within 0.5 s" in caplog.text


async def test_a_connection_in_use_is_not_cut(receiver: WebhookReceiver) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        for n in range(3):
            response = await client.post(receiver.url, json=call_payload(f"k{n}"), headers=AUTH)
            assert response.status_code == 200
            await asyncio.sleep(SHORT / 3)


@pytest.mark.parametrize(("sent", "kind", "level"), [
    (b"POST /alohub/webhook HTTP/1.1\r\nHost: x\r\nBad secret-bytes\r\n\r\n",
     "BadHttpMessage", logging.WARNING),
    (b"GARBAGE secret-bytes\r\n\r\n", "BadHttpMethod", logging.DEBUG),
], ids=["bad header", "not HTTP"])
async def test_malformed_http_is_one_line_without_its_bytes(
    receiver: WebhookReceiver, caplog: pytest.LogCaptureFixture, sent: bytes, kind: str,
    level: int,
) -> None:
    caplog.set_level(logging.DEBUG, logger=HTTP_LOGGER)
    for _ in range(3):
        answer, _took = await _closed_after(receiver, sent)
        assert answer.startswith(b"HTTP/1.0 400 ")
    records = [r for r in caplog.records if r.name == HTTP_LOGGER]
    assert records and all(r.exc_info is None and r.levelno == level for r in records)
    assert all(kind in r.getMessage() and "\n" not in r.getMessage() for r in records)
    assert "secret-bytes" not in caplog.text
    if level > logging.DEBUG:  # repeated within a second: one line
        assert len(records) == 1


def _open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir() or not hasattr(resource, "prlimit"),
                    reason="needs Linux /proc and prlimit")
def test_out_of_file_descriptors_is_one_line_a_second(tmp_path: Path) -> None:
    env = {**os.environ, "ALOHUB_WEBHOOK_KEY": KEY}
    process = subprocess.Popen(
        [sys.executable, "-m", "alohub_tui.webhook", "--listen", "127.0.0.1:0",
         "--db", str(tmp_path / "events.sqlite3")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    assert process.stdout is not None
    try:
        banner = process.stdout.readline()
        url = banner.split("listening on ")[1].split()[0]
        port = int(url.split(":")[2].split("/")[0])
        _soft, hard = resource.prlimit(process.pid, resource.RLIMIT_NOFILE)
        resource.prlimit(process.pid, resource.RLIMIT_NOFILE,
                         (_open_fds(process.pid) + 3, hard))
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(8)]
        time.sleep(3.2)  # 3 accepted, then no descriptor left; asyncio retries each second
        for client in clients:
            client.close()
        # The closed clients still queued are accepted (3 a second: the limit) before
        # this post's connection.
        response = httpx.post(url, json=call_payload("after"), headers=AUTH, timeout=15)
        assert response.status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=15)
    lines = [line for line in err.splitlines() if "cannot accept connections" in line]
    assert len(lines) >= 3 and "Too many open files" in lines[0], err
    assert "Traceback" not in err, err
    stamps = [datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f") for line in lines]
    assert all(b - a >= timedelta(seconds=0.9) for a, b in itertools.pairwise(stamps)), err
