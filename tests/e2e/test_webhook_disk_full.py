"""A full disk: the store still opens, the receiver answers 503 (Alohub retries) with the
cause in one log line, what is stored can still be read, and storing resumes when space
comes back. On a real full filesystem (a tiny tmpfs, where mounting is allowed), and
with SQLite's page limit, which fails the same way, everywhere."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from webhook_support import AUTH, KEY, post, receiving

from alohub_tui.live.stats import read_stats
from alohub_tui.vntime import now_vn
from alohub_tui.webhook.samples import call_event, call_payload
from alohub_tui.webhook.store import EventStore


async def test_a_full_database_answers_503_with_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    with EventStore(tmp_path / "events.sqlite3") as store:
        store.add(call_event("kept"))
        pages = store._writer.execute("PRAGMA page_count").fetchone()[0]
        store._writer.execute(f"PRAGMA max_page_count = {pages}")  # "database or disk is full"
        big = {"pad": "x" * 20_000}  # needs new pages whatever room the last one has
        async with receiving(store) as (receiver, client):
            refused = [await post(client, receiver, call_payload(f"c{n}", **big))
                       for n in range(5)]
            store._writer.execute("PRAGMA max_page_count = 1000000")
            accepted = await post(client, receiver, call_payload("c0", **big))
        assert [r.status_code for r in refused] == [503] * 5
        assert accepted.status_code == 200
        assert store.event_count() == 2
    lines = [r for r in caplog.records if "could not store" in r.getMessage()]
    assert len(lines) == 1  # five failures within a second: one line
    assert lines[0].exc_info is None and "\n" not in lines[0].getMessage()
    assert "database or disk is full" in lines[0].getMessage()


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str = "1m") -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700",
                              "tmpfs", str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass  # ENOSPC: full
    finally:
        os.close(fd)
    return filler


def _post_until(url: str, call_id: str, want: int, seconds: float = 10) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        response = httpx.post(url, json=call_payload(call_id), headers=AUTH, timeout=10)
        if response.status_code == want or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


def test_on_a_full_disk_the_receiver_starts_answers_503_and_recovers(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        db = disk / "store" / "events.sqlite3"
        with EventStore(db) as store:
            for n in range(3):
                store.add(call_event(f"before-{n}"))
        filler = _fill(disk)  # the store's -shm/-wal are gone: even reading needs room
        process = subprocess.Popen(
            [sys.executable, "-m", "alohub_tui.webhook", "--listen", "127.0.0.1:0",
             "--db", str(db)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "ALOHUB_WEBHOOK_KEY": KEY},
        )
        assert process.stdout is not None and process.stderr is not None
        try:
            banner = process.stdout.readline()
            assert "listening on" in banner, banner + process.stderr.read()
            url = banner.split("listening on ")[1].split()[0]
            assert _post_until(url, "while-full", 503, 0).status_code == 503
            assert _post_until(url, "while-full", 503, 0).status_code == 503
            with EventStore(db) as wall_store:  # the wall opens and reads it too
                shown = [c.event.call_id for c in wall_store.recent_calls()]
                assert sorted(shown) == ["before-0", "before-1", "before-2"]
                assert read_stats(wall_store, now_vn()).counters is not None
            filler.unlink()
            assert _post_until(url, "after", 200).status_code == 200
        finally:
            process.send_signal(signal.SIGINT)
            _out, err = process.communicate(timeout=15)
        assert process.returncode == 0, err
        lines = [line for line in err.splitlines() if "could not store" in line]
        assert len(lines) == 1 and "disk full (0 KiB free in" in lines[0], err
        assert "Traceback" not in err, err
        with EventStore(db) as store:
            assert store.call("after") is not None and store.call("while-full") is None


def test_a_new_store_on_a_full_disk_is_refused_with_the_cause(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        _fill(disk)
        done = subprocess.run(
            [sys.executable, "-m", "alohub_tui.webhook", "--listen", "127.0.0.1:0",
             "--db", str(disk / "events.sqlite3")],
            capture_output=True, text=True, timeout=30,
            env={**os.environ, "ALOHUB_WEBHOOK_KEY": KEY},
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].endswith("disk full (0 KiB free in "
                                                         f"{disk})"), done.stderr
    assert "Traceback" not in done.stderr

