"""The local store: its file (WAL, version, damage, newer files), records, watcher, leases."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from _local_store import local_store, make_profile, no_legacy

from alohub_tui.store import dials as dials_module
from alohub_tui.store.db import SCHEMA_VERSION, NewerStore, StoreError
from alohub_tui.store.elsewhere import recorded_under
from alohub_tui.store.lease import KEPT, claim
from alohub_tui.store.local import LocalStore, open_local_store
from alohub_tui.store.watch import StoreWatcher


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    with local_store(tmp_path) as opened:
        yield opened


def dial(txn: str, placed_at: str, outcome: str = "sent", final: bool = False) -> dict[str, object]:
    return {"transaction_id": txn, "placed_at": placed_at, "number": "0912345678",
            "extension": "6688", "outcome": outcome, "final": final}


# ---------------------------------------------------------------- the file


def test_a_new_store_is_private_versioned_and_in_wal_mode(store: LocalStore) -> None:
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert store.warnings == []


def test_a_store_of_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    profile = make_profile(tmp_path)
    local_store(tmp_path).close()
    conn = sqlite3.connect(profile.local_db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")  # as a newer version might keep it
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("CREATE TABLE from_the_future (x)")
    conn.close()
    before = hashlib.sha256(profile.local_db.read_bytes()).hexdigest()
    with pytest.raises(NewerStore, match=f"newer alohub-tui .*version {SCHEMA_VERSION + 1}"):
        open_local_store(profile, no_legacy(tmp_path))
    assert hashlib.sha256(profile.local_db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in profile.folder.iterdir()
                  if not p.name.endswith(".open-lock")) == ["local.sqlite3"]  # no WAL files


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b""], ids=["garbage", "empty"])
def test_a_damaged_store_is_set_aside_and_a_fresh_one_made(tmp_path: Path,
                                                           content: bytes) -> None:
    profile = make_profile(tmp_path)
    profile.folder.mkdir(parents=True)
    profile.local_db.write_bytes(content)
    with open_local_store(profile, no_legacy(tmp_path)) as store:
        if content:
            (aside,) = profile.folder.glob("local.sqlite3.corrupt-*")
            assert aside.read_bytes() == content
            assert store.warnings and "damaged" in store.warnings[0]
            assert aside.name in store.warnings[0]
        else:  # an empty file is a new database, not damage
            assert store.warnings == []
        store.dials.save(dial("T1", "2026-11-27T10:00:00"))
        assert [d["transaction_id"] for d in store.dials.recent()] == ["T1"]


def test_a_sqlite_file_that_is_not_ours_is_set_aside(tmp_path: Path) -> None:
    profile = make_profile(tmp_path)
    profile.folder.mkdir(parents=True)
    conn = sqlite3.connect(profile.local_db)
    conn.execute("CREATE TABLE someone_elses (x)")
    conn.close()
    with open_local_store(profile, no_legacy(tmp_path)) as store:
        assert "not an alohub-tui local store" in store.warnings[0]
        assert len(list(profile.folder.glob("local.sqlite3.corrupt-*"))) == 1


def test_a_folder_that_cannot_hold_the_store_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    profile = make_profile(tmp_path)
    profile = type(profile)(profile.name, profile.origin, blocker / "profile")
    with pytest.raises(StoreError, match="cannot open the local store"):
        open_local_store(profile, no_legacy(tmp_path))


def test_two_processes_creating_the_store_at_once_make_one_schema(tmp_path: Path) -> None:
    """Each open is its own connection, as in two processes; the migration runs once."""
    opened: list[LocalStore] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            opened.append(local_store(tmp_path))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(opened) == 4
    for store in opened:
        store.close()


# ---------------------------------------------------------------- records


def test_dials_newest_first_one_row_per_transaction(store: LocalStore) -> None:
    store.dials.save(dial("T1", "2026-11-27T10:00:00"))
    store.dials.save(dial("T2", "2026-11-27T10:05:00"))
    store.dials.save(dial("T1", "2026-11-27T10:00:00", "answered"))
    assert [(d["transaction_id"], d["outcome"]) for d in store.dials.recent()] == [
        ("T2", "sent"), ("T1", "answered")]
    assert [d["transaction_id"] for d in store.dials.recent(limit=1)] == ["T2"]


def test_a_final_dial_is_never_moved_back(store: LocalStore) -> None:
    store.dials.save(dial("T1", "2026-11-27T10:00:00", "busy", final=True))
    store.dials.save(dial("T1", "2026-11-27T10:00:00", "ringing"))  # older news
    assert store.dials.recent()[0]["outcome"] == "busy"
    store.dials.save(dial("T1", "2026-11-27T10:00:00", "busy", final=True) | {"detail": "x"})
    assert store.dials.recent()[0]["detail"] == "x"


def test_old_dials_are_dropped_beyond_the_limit(store: LocalStore,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dials_module, "MAX_KEPT", 3)
    for minute in range(5):
        store.dials.save(dial(f"T{minute}", f"2026-11-27T10:0{minute}:00"))
    assert [d["transaction_id"] for d in store.dials.recent()] == ["T4", "T3", "T2"]


def test_each_process_settles_only_the_dials_it_placed(tmp_path: Path) -> None:
    with local_store(tmp_path) as mine, local_store(tmp_path) as theirs:
        mine.dials.save(dial("MINE", "2026-11-27T10:00:00", "sending"))
        theirs.dials.save(dial("THEIRS", "2026-11-27T10:01:00", "sending"))
        theirs.dials.save(dial("MINE", "2026-11-27T10:00:00", "sent"))  # theirs follows mine
        assert [d["transaction_id"] for d in mine.dials.placed_here()] == ["MINE"]
        assert [d["transaction_id"] for d in theirs.dials.placed_here()] == ["THEIRS"]


def test_agent_states_one_row_each(store: LocalStore) -> None:
    store.agents.set_agent_state("a", {"callin_ids": [1], "applied_at": "x", "callout_id": None})
    store.agents.set_agent_state("b", {"callin_ids": [2], "applied_at": "y"})
    store.agents.set_agent_state("a", {"callin_ids": [3], "applied_at": "z"})
    assert store.agents.agent_states() == {"a": {"callin_ids": [3], "applied_at": "z"},
                                           "b": {"callin_ids": [2], "applied_at": "y"}}
    assert store.agents.agent_state("b") == {"callin_ids": [2], "applied_at": "y"}
    assert store.agents.agent_state("c") is None


def test_a_closed_store_fails_with_a_store_error(store: LocalStore) -> None:
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.dials.recent()
    with pytest.raises(OSError):  # what the callers of the old files caught
        store.agents.set_agent_state("a", {})


# ---------------------------------------------------------------- other processes


def test_the_watcher_sees_another_connections_writes_not_its_own(tmp_path: Path) -> None:
    with local_store(tmp_path) as mine, local_store(tmp_path) as theirs:
        watcher = StoreWatcher(mine, lambda: None)
        assert watcher.check() is False  # the first look sets the baseline
        mine.dials.save(dial("MINE", "2026-11-27T10:00:00"))
        assert watcher.check() is False
        theirs.dials.save(dial("THEIRS", "2026-11-27T10:01:00"))
        assert watcher.check() is True
        assert watcher.check() is False


def test_the_watcher_thread_calls_back_then_stops(tmp_path: Path) -> None:
    with local_store(tmp_path) as mine, local_store(tmp_path) as theirs:
        told = threading.Event()
        watcher = StoreWatcher(mine, told.set, interval=0.05)
        watcher.start()
        try:
            theirs.agents.set_agent_state("a", {"applied_at": "x"})
            assert told.wait(5)
        finally:
            watcher.stop()
        assert watcher._thread is None


def test_a_demo_start_empties_the_profile_unless_another_process_uses_it(
    tmp_path: Path
) -> None:
    profile = make_profile(tmp_path, demo=True)
    with open_local_store(profile, no_legacy(tmp_path)) as store:
        store.dials.save(dial("OLD", "2026-11-27T10:00:00"))
    (profile.folder / "events.sqlite3").write_bytes(b"")
    first, note = claim(profile, reset=True)
    assert note is None
    assert sorted(p.name for p in profile.folder.iterdir()) == [".in-use"]
    with open_local_store(profile, no_legacy(tmp_path)) as store:
        store.dials.save(dial("NEW", "2026-11-27T10:05:00"))
    second, note = claim(profile, reset=True)  # the first still holds it
    assert note == KEPT
    with open_local_store(profile, no_legacy(tmp_path)) as store:
        assert [d["transaction_id"] for d in store.dials.recent()] == ["NEW"]
    first.release()
    second.release()
    third, note = claim(profile, reset=False)  # --keep-demo-data
    third.release()
    assert (profile.folder / "local.sqlite3").exists()


def test_which_other_profile_recorded_an_entry(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from alohub_tui.agents.audit import AuditLog

    monkeypatch.setenv("ALOHUB_TUI_DATA_DIR", str(tmp_path))  # profiles/ under tmp_path
    with local_store(tmp_path, demo=True) as demo, local_store(tmp_path, "hcm") as real:
        entry = AuditLog(demo).record_sent("u", {"callinId": [1]}, None)
        assert recorded_under(entry.id, real.path) == "demo"
        assert recorded_under(entry.id, demo.path) is None
        assert recorded_under("nope", real.path) is None
