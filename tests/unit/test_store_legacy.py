"""The one-time import of state.toml and the audit file written by the release before
profiles (tests/fixtures/legacy, made by that release's own writers)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import tomllib
from pathlib import Path

import pytest
from _local_store import make_profile

from alohub_tui.agents.audit import BEFORE_PROFILES, MAYBE, AuditLog
from alohub_tui.agents.model import load_known
from alohub_tui.agents.plan_undo import NotUndoable, plan_undo
from alohub_tui.dial.tracker import stored_dials
from alohub_tui.state import StateStore
from alohub_tui.store.legacy import LegacyFiles
from alohub_tui.store.local import LocalStore, open_local_store

FIXTURES = Path(__file__).parent.parent / "fixtures" / "legacy"


@pytest.fixture
def legacy(tmp_path: Path) -> LegacyFiles:
    files = LegacyFiles(tmp_path / "state" / "state.toml", tmp_path / "data" / "queue-audit.jsonl",
                        tmp_path / "data" / "events.sqlite3")
    for source, target in ((FIXTURES / "state.toml", files.state),
                           (FIXTURES / "queue-audit.jsonl", files.audit)):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return files


def old_reading_order(jsonl: str) -> list[tuple[str, str]]:
    """(id, result) as the old reader merged the file: the last line of an id wins, newest
    first by its first line's time, the later first on equal times."""
    first_at: dict[str, str] = {}
    last: dict[str, str] = {}
    for line in jsonl.splitlines():
        data = json.loads(line)
        first_at.setdefault(data["id"], data["time"])
        last[data["id"]] = data["result"]
    order = list(reversed(first_at))
    order.sort(key=lambda i: first_at[i], reverse=True)
    return [(i, last[i]) for i in order]


def open_real(tmp_path: Path, legacy: LegacyFiles, name: str = "hcm") -> LocalStore:
    return open_local_store(make_profile(tmp_path, name), legacy)


def test_the_first_real_profile_takes_everything_once(tmp_path: Path,
                                                      legacy: LegacyFiles) -> None:
    state_before = legacy.state.read_bytes()
    audit_before = legacy.audit.read_text(encoding="utf-8")
    with open_real(tmp_path, legacy) as store:
        (note,) = store.warnings
        assert "profile hcm: 3 dials, 2 agents' queues, 9 audit entries" in note
        assert "never undone" in note
        dials = stored_dials(store.dials)
        assert [(d.transaction_id, d.outcome, d.final) for d in dials] == [
            ("ALOHUB_TUI_20261126022500_ee55ff66", "refused", True),
            ("ALOHUB_TUI_20261126022000_cc33dd44", "unknown", False),
            ("ALOHUB_TUI_20261126021500_aa11bb22", "answered", True),
        ]
        assert dials[2].duration == 187 and dials[2].detail == "call CALL1"
        old_state = tomllib.loads(state_before.decode())
        known = load_known(store.agents)
        assert {user: state.to_dict() for user, state in known.items()} == old_state["agents"]
        log = AuditLog(store)
        entries = log.entries()
        assert [(e.id, e.result) for e in entries] == old_reading_order(audit_before)
        assert all(e.profile is None for e in entries)
        maybe = next(e for e in entries if e.result == MAYBE and e.kind == "plan")
        run = next(e for e in entries if e.kind == "run")
        assert maybe.run == run.id and run.error == "may be applied: userName62"
        # What went where is unknown (maybe the demo): never undone from here.
        undo = next(e for e in entries if e.kind == "undo")
        assert undo.undo_refusal("hcm") == BEFORE_PROFILES
        with pytest.raises(NotUndoable, match="before profiles"):
            plan_undo(log, run.id, known)
    # The originals are kept; state.toml keeps the theme only.
    assert (legacy.state.parent / "state.toml.migrated").read_bytes() == state_before
    assert (legacy.audit.parent / "queue-audit.jsonl.migrated").read_text(
        encoding="utf-8") == audit_before
    assert not legacy.audit.exists()
    assert StateStore(legacy.state).data == {"theme": "nord"}
    # Run once: opening again (or another profile) imports nothing more.
    with open_real(tmp_path, legacy) as again, open_real(tmp_path, legacy, "hcm2") as other:
        assert again.warnings == [] and other.warnings == []
        assert len(AuditLog(again).entries()) == 9
        assert AuditLog(other).entries() == [] and other.dials.recent() == []


def test_the_demo_profile_never_takes_them(tmp_path: Path, legacy: LegacyFiles) -> None:
    with open_local_store(make_profile(tmp_path, demo=True), legacy) as demo:
        assert demo.warnings == [] and demo.dials.recent() == []
    assert legacy.audit.exists() and legacy.state.read_bytes() == (
        FIXTURES / "state.toml").read_bytes()


def test_a_crash_before_the_files_were_renamed_imports_nothing_twice(
    tmp_path: Path, legacy: LegacyFiles
) -> None:
    open_real(tmp_path, legacy).close()
    shutil.copyfile(FIXTURES / "state.toml", legacy.state)  # as if never renamed
    shutil.copyfile(FIXTURES / "queue-audit.jsonl", legacy.audit)
    with open_real(tmp_path, legacy) as store:
        assert len(AuditLog(store).entries()) == 9
        assert store.audit.line_count() == 17
    assert (legacy.audit.parent / "queue-audit.jsonl.migrated-2").exists()


def test_two_processes_at_once_import_once(tmp_path: Path, legacy: LegacyFiles) -> None:
    stores: list[LocalStore] = []
    threads = [threading.Thread(target=lambda: stores.append(open_real(tmp_path, legacy)))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(stores) == 3
    assert stores[0].audit.line_count() == 17
    assert sum(bool(s.warnings) for s in stores) == 1
    for store in stores:
        store.close()


def test_unreadable_audit_lines_are_skipped_and_counted(tmp_path: Path,
                                                        legacy: LegacyFiles) -> None:
    with legacy.audit.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "cut-off-by-a-crash", "time": "2026-11-\n')
    with open_real(tmp_path, legacy) as store:
        assert "1 unreadable line(s)" in store.warnings[0]
        assert len(AuditLog(store).entries()) == 9


def test_the_old_event_store_moves_into_the_profile(tmp_path: Path,
                                                    legacy: LegacyFiles) -> None:
    conn = sqlite3.connect(legacy.events)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE events (x)")
    conn.execute("INSERT INTO events VALUES (1)")
    conn.commit()
    holder = sqlite3.connect(legacy.events)  # a receiver of the old release still running
    holder.execute("SELECT * FROM events").fetchall()
    with open_real(tmp_path, legacy) as store:
        assert "stay in" in store.warnings[0]
    assert legacy.events.exists()
    holder.close()
    conn.close()
    with open_real(tmp_path, legacy) as store:
        assert "moved to" in store.warnings[0]
        moved = store.profile.events_db
    assert not legacy.events.exists()
    check = sqlite3.connect(moved)
    assert check.execute("SELECT x FROM events").fetchall() == [(1,)]
    check.close()
