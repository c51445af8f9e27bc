"""The append-only audit log and apply_queues (audit before and after, state on success)."""

from __future__ import annotations

import json
import stat
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from alohub_tui.agents.apply import apply_queues
from alohub_tui.agents.audit import FAILED, OK, SENT, AuditLog
from alohub_tui.agents.model import KnownState, QueueSet, load_known
from alohub_tui.api.errors import VendorError
from alohub_tui.state import StateStore
from alohub_tui.vntime import VN_TZ

WHEN = datetime(2026, 11, 27, 10, 0, tzinfo=VN_TZ)


class FakeClient:
    def __init__(self, fail: bool = False, audit: AuditLog | None = None) -> None:
        self.fail = fail
        self.audit = audit
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.lines_seen: list[str] = []

    async def update_queue(self, user_name: str, body: Mapping[str, Any]) -> None:
        if self.audit is not None:  # what a crash right now would leave behind
            self.lines_seen = self.audit.path.read_text().splitlines()
        self.sent.append((user_name, dict(body)))
        if self.fail:
            raise VendorError("AGENT_NOT_FOUND", "Không tìm thấy nhân viên")


async def test_success_writes_two_lines_and_the_known_state(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "data" / "audit.jsonl")
    store = StateStore(tmp_path / "state.toml")
    client = FakeClient(audit=audit)
    previous = KnownState(QueueSet.of([3], 99998, ["6688"]), WHEN)
    outcome = await apply_queues(client, audit, store, "userName66",
                                 QueueSet.of([1, 2], None, ["6688"]), previous)
    assert outcome.ok and client.sent == [("userName66", outcome.body)]
    assert [json.loads(x)["result"] for x in client.lines_seen] == [SENT]
    lines = [json.loads(x) for x in audit.path.read_text().splitlines()]
    assert [x["result"] for x in lines] == [SENT, OK]
    assert lines[0]["previous"] == previous.to_dict() and lines[0]["agent"] == "userName66"
    assert stat.S_IMODE(audit.path.stat().st_mode) == 0o600
    known = load_known(store)["userName66"]
    assert known.queues == QueueSet.of([1, 2], 99998, ["6688"])  # callout not sent: kept


async def test_failure_keeps_state_and_logs_the_vendor_message(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit.jsonl")
    store = StateStore(tmp_path / "state.toml")
    outcome = await apply_queues(FakeClient(fail=True), audit, store, "ghost",
                                 QueueSet.of([1]), None)
    assert not outcome.ok and outcome.error and "Không tìm thấy" in outcome.error
    (entry,) = audit.entries()
    assert entry.result == FAILED and entry.error == outcome.error
    assert entry.undo_refusal() is not None
    assert store.agent_states() == {}


async def test_unwritable_audit_log_sends_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    client = FakeClient()
    outcome = await apply_queues(client, AuditLog(blocker / "audit.jsonl"),
                                 StateStore(tmp_path / "s.toml"), "a", QueueSet.of([1]), None)
    assert not outcome.ok and "nothing was sent" in (outcome.error or "")
    assert client.sent == []


def test_entries_newest_first_merged_and_tolerant(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit.jsonl")
    known = KnownState(QueueSet.of([1]), WHEN)
    first = audit.record_sent("a", QueueSet.of([2]).body(), known)
    audit.record_result(first, None)
    crashed = audit.record_sent("b", QueueSet.of([3]).body(), None)
    with audit.path.open("a") as handle:
        handle.write("{not json\n")
    entries = audit.entries()
    assert [e.id for e in entries] == [crashed.id, first.id]
    assert entries[0].result == SENT and "no answer" in entries[0].result_label
    assert entries[1].result == OK and entries[1].previous_state == known
    assert entries[1].undo_refusal() is None
    assert entries[0].undo_refusal() is not None  # previous unknown
    assert audit.skipped_lines == 1


def test_existing_file_is_tightened_to_0600(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_text("")
    path.chmod(0o644)
    AuditLog(path).record_sent("a", QueueSet.of([1]).body(), None)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
