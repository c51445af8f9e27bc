"""The append-only audit log and apply_queues (audit before and after, state on success)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from _local_store import local_store

from alohub_tui.agents.apply import apply_queues
from alohub_tui.agents.audit import (
    BEFORE_PROFILES,
    FAILED,
    OK,
    SENT,
    AuditEntry,
    AuditLog,
    ForeignChange,
)
from alohub_tui.agents.model import KnownState, QueueSet, last_known, load_known
from alohub_tui.api.errors import VendorError
from alohub_tui.store.audit import AuditLine
from alohub_tui.store.local import LocalStore
from alohub_tui.vntime import VN_TZ

WHEN = datetime(2026, 11, 27, 10, 0, tzinfo=VN_TZ)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    with local_store(tmp_path) as opened:
        yield opened


class FakeClient:
    def __init__(self, fail: bool = False, audit: AuditLog | None = None) -> None:
        self.fail = fail
        self.audit = audit
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.seen: list[AuditEntry] = []

    async def update_queue(self, user_name: str, body: Mapping[str, Any]) -> None:
        if self.audit is not None:  # what a crash right now would leave behind
            self.seen = self.audit.entries()
        self.sent.append((user_name, dict(body)))
        if self.fail:
            raise VendorError("AGENT_NOT_FOUND", "Không tìm thấy nhân viên")


def lines(store: LocalStore) -> list[tuple[str, str]]:
    """(entry id, result) of every stored line, in order, read by another connection."""
    with sqlite3.connect(store.path) as conn:
        return conn.execute("SELECT entry_id, result FROM audit ORDER BY seq").fetchall()


async def test_success_writes_two_lines_and_the_known_state(store: LocalStore) -> None:
    audit = AuditLog(store)
    client = FakeClient(audit=audit)
    previous = KnownState(QueueSet.of([3], 99998, ["6688"]), WHEN)
    outcome = await apply_queues(client, audit, store.agents, "userName66",
                                 QueueSet.of([1, 2], None, ["6688"]), previous)
    assert outcome.ok and client.sent == [("userName66", outcome.body)]
    assert [e.result for e in client.seen] == [SENT]  # committed before the request
    assert outcome.entry is not None
    assert lines(store) == [(outcome.entry.id, SENT), (outcome.entry.id, OK)]
    (entry,) = audit.entries()
    assert entry.previous == previous.to_dict() and entry.agent == "userName66"
    assert entry.profile == "hcm"
    known = load_known(store.agents)["userName66"]
    assert known.queues == QueueSet.of([1, 2], 99998, ["6688"])  # callout not sent: kept
    assert last_known(store.agents, "userName66") == known
    assert last_known(store.agents, "nobody") is None


async def test_failure_keeps_state_and_logs_the_vendor_message(store: LocalStore) -> None:
    audit = AuditLog(store)
    outcome = await apply_queues(FakeClient(fail=True), audit, store.agents, "ghost",
                                 QueueSet.of([1]), None)
    assert not outcome.ok and outcome.error and "Không tìm thấy" in outcome.error
    (entry,) = audit.entries()
    assert entry.result == FAILED and entry.error == outcome.error
    assert entry.undo_refusal("hcm") is not None
    assert store.agents.agent_states() == {}


async def test_unwritable_audit_log_sends_nothing(store: LocalStore) -> None:
    client = FakeClient()
    store.close()  # any write now fails, as on a full disk or a read-only folder
    outcome = await apply_queues(client, AuditLog(store), store.agents, "a",
                                 QueueSet.of([1]), None)
    assert not outcome.ok and "nothing was sent" in (outcome.error or "")
    assert client.sent == []


def test_entries_newest_first_merged_and_filtered(store: LocalStore) -> None:
    audit = AuditLog(store)
    known = KnownState(QueueSet.of([1]), WHEN)
    first = audit.record_sent("a", QueueSet.of([2]).body(), known)
    audit.record_result(first, None)
    crashed = audit.record_sent("b", QueueSet.of([3]).body(), None)
    entries = audit.entries()
    assert [e.id for e in entries] == [crashed.id, first.id]
    assert entries[0].result == SENT and "no answer" in entries[0].result_label
    assert entries[1].result == OK and entries[1].previous_state == known
    assert entries[1].undo_refusal("hcm") is None
    assert entries[0].undo_refusal("hcm") is not None  # previous unknown
    assert [e.id for e in audit.entries(agent="a")] == [first.id]
    assert audit.entries(since=datetime.now(VN_TZ).replace(year=2100)) == []
    assert [e.id for e in audit.entries(limit=1)] == [crashed.id]
    assert audit.find(first.id) == entries[1] and audit.find("nope") is None


def test_the_log_is_append_only(store: LocalStore) -> None:
    AuditLog(store).record_sent("a", QueueSet.of([1]).body(), None)
    with sqlite3.connect(store.path) as conn, pytest.raises(sqlite3.DatabaseError,
                                                              match="append-only"):
        conn.execute("UPDATE audit SET result = 'ok'")
    with sqlite3.connect(store.path) as conn, pytest.raises(sqlite3.DatabaseError,
                                                              match="append-only"):
        conn.execute("DELETE FROM audit")


def test_undo_or_retry_of_another_profiles_change_is_refused(tmp_path: Path) -> None:
    with local_store(tmp_path, demo=True) as demo, local_store(tmp_path, "hcm") as real:
        demo_change = AuditLog(demo).record_sent("userName60", QueueSet.of([1]).body(), None)
        real_log = AuditLog(real)
        with pytest.raises(ForeignChange, match="profile hcm's audit log"):
            real_log.record_sent("userName60", QueueSet.of([2]).body(), None,
                                 kind="undo", undo_of=demo_change.id)
        with pytest.raises(ForeignChange):
            real_log.record_sent("userName60", QueueSet.of([2]).body(), None,
                                 kind="plan", run=demo_change.id)
        assert real_log.entries() == []  # nothing logged, so nothing was sent
        # A line of another profile in this file (a copied store): refused, and said why.
        real.audit.append(AuditLine("x1", WHEN, "userName60", "edit", OK, "demo",
                                    demo_change.to_json()))
        with pytest.raises(ForeignChange, match="recorded under profile demo, not hcm"):
            real_log.record_sent("userName60", QueueSet.of([2]).body(), None,
                                 kind="undo", undo_of="x1")
        assert real_log.find("x1") is not None
        assert "profile demo" in (real_log.find("x1").undo_refusal("hcm") or "")  # type: ignore[union-attr]


async def test_apply_refuses_an_undo_of_a_change_from_before_profiles(store: LocalStore) -> None:
    store.audit.append(AuditLine("old1", WHEN, "userName60", "edit", OK, None, "{}"))
    client = FakeClient()
    outcome = await apply_queues(client, AuditLog(store), store.agents, "userName60",
                                 QueueSet.of([1]), None, kind="undo", undo_of="old1")
    assert not outcome.ok and outcome.error == BEFORE_PROFILES
    assert outcome.title == "Another profile" and client.sent == []
