"""Several processes opening a profile's stores for the first time at once (a TUI and a
wall started together): each store is made once, nobody sees it as damaged or locked.

Before, one of four processes in about half the tries took the other's half-made local
store for damaged ("database is locked") and renamed it away with what was written in
it, and the event store refused one of them.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from alohub_tui.store.db import open_database
from alohub_tui.webhook.store_schema import prepare

PROCESSES = 4
TRIES = 8


def _open_local(path: str, start: float, results: multiprocessing.Queue[str]) -> None:
    while time.time() < start:
        pass
    try:
        conn, warning = open_database(Path(path))
        conn.execute("SELECT COUNT(*) FROM agent_state").fetchone()
        results.put(warning or "ok")
    except Exception as exc:  # reported to the test, which names it
        results.put(f"{type(exc).__name__}: {exc}")


def _open_events(path: str, start: float, results: multiprocessing.Queue[str]) -> None:
    while time.time() < start:
        pass
    try:
        prepare(Path(path))
        results.put("ok")
    except Exception as exc:  # reported to the test, which names it
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("opener", [_open_local, _open_events], ids=["local", "events"])
def test_processes_making_a_store_at_once(opener: object, tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    for attempt in range(TRIES):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        path = folder / "store.sqlite3"
        results: multiprocessing.Queue[str] = context.Queue()
        start = time.time() + 0.3  # every process spins up to the same instant
        procs = [context.Process(target=opener, args=(str(path), start, results))
                 for _ in range(PROCESSES)]
        for proc in procs:
            proc.start()
        said = [results.get(timeout=60) for _ in procs]
        for proc in procs:
            proc.join(timeout=60)
        assert said == ["ok"] * PROCESSES, f"try {attempt}: {said}"
        assert not [p.name for p in folder.iterdir() if ".corrupt" in p.name]
