"""Callback claims and manual outcomes in the local store (issue 19)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from _local_store import local_store, make_profile, no_legacy

from alohub_tui.store.callbacks import DONE, NOT_NEEDED, Outcome
from alohub_tui.store.db import SCHEMA_VERSION, StoreError
from alohub_tui.store.local import LocalStore, open_local_store
from alohub_tui.store.schema import MIGRATIONS
from alohub_tui.vntime import VN_TZ

DAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 10, 30, tzinfo=VN_TZ)
HOLD = timedelta(minutes=15)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    with local_store(tmp_path) as opened:
        yield opened


def test_a_free_number_is_claimed_and_listed(store: LocalStore) -> None:
    result = store.callbacks.claim(DAY, "0912345678", "an", NOW, HOLD)
    assert result.won and result.claim.operator == "an"
    assert result.claim.expires_at == NOW + HOLD
    (held,) = store.callbacks.claims(DAY).values()
    assert (held.number, held.operator, held.claimed_at) == ("0912345678", "an", NOW)
    assert store.callbacks.claims(DAY + timedelta(days=1)) == {}


def test_another_operator_loses_to_an_active_claim_and_sees_who_has_it(tmp_path: Path) -> None:
    with local_store(tmp_path) as first, local_store(tmp_path) as second:
        assert first.callbacks.claim(DAY, "0912345678", "an", NOW, HOLD).won
        lost = second.callbacks.claim(DAY, "0912345678", "binh", NOW + timedelta(minutes=1),
                                      HOLD)
        assert not lost.won
        assert (lost.claim.operator, lost.claim.session) == ("an", first.session)


def test_an_expired_claim_is_anyones_again(store: LocalStore) -> None:
    store.callbacks.claim(DAY, "0912345678", "an", NOW, HOLD)
    later = NOW + HOLD  # expires_at is not "still active"
    taken = store.callbacks.claim(DAY, "0912345678", "binh", later, HOLD)
    assert taken.won and taken.claim.operator == "binh"


def test_the_same_operator_renews_a_claim(store: LocalStore) -> None:
    store.callbacks.claim(DAY, "0912345678", "an", NOW, HOLD)
    again = store.callbacks.claim(DAY, "0912345678", "an", NOW + timedelta(minutes=5), HOLD)
    assert again.won and again.claim.expires_at == NOW + timedelta(minutes=20)


def test_only_the_holder_releases_a_claim(store: LocalStore) -> None:
    store.callbacks.claim(DAY, "0912345678", "an", NOW, HOLD)
    assert not store.callbacks.release(DAY, "0912345678", "binh")
    assert store.callbacks.release(DAY, "0912345678", "an")
    assert store.callbacks.claims(DAY) == {}


def test_claims_of_earlier_days_are_dropped_on_the_next_claim(store: LocalStore) -> None:
    store.callbacks.claim(DAY - timedelta(days=1), "0912345678", "an", NOW, HOLD)
    store.callbacks.claim(DAY, "0987654321", "an", NOW, HOLD)
    assert store.callbacks.claims(DAY - timedelta(days=1)) == {}


def test_concurrent_claims_on_separate_connections_exactly_one_wins(tmp_path: Path) -> None:
    """Eight connections (as eight processes would have) claim one number at once."""
    stores = [local_store(tmp_path) for _ in range(8)]
    barrier = threading.Barrier(len(stores))
    winners: list[str] = []
    holders: set[str] = set()

    def claim(store: LocalStore, who: str) -> None:
        barrier.wait()
        result = store.callbacks.claim(DAY, "0912345678", who, NOW, HOLD)
        if result.won:
            winners.append(who)
        holders.add(result.claim.operator)

    threads = [threading.Thread(target=claim, args=(s, f"op{i}")) for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    assert len(winners) == 1
    assert holders == set(winners)


def test_outcomes_are_kept_in_order_and_append_only(store: LocalStore) -> None:
    store.callbacks.add_outcome(DAY, Outcome("0912345678", DONE, "an", NOW, "sent SMS"))
    store.callbacks.add_outcome(DAY, Outcome("0987654321", NOT_NEEDED, "binh",
                                             NOW - timedelta(minutes=1)))
    assert [(o.number, o.kind, o.operator, o.note) for o in store.callbacks.outcomes(DAY)] == [
        ("0987654321", NOT_NEEDED, "binh", ""), ("0912345678", DONE, "an", "sent SMS")]
    with store.db.write() as conn, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM callback_outcomes")
    with pytest.raises(ValueError, match="unknown callback outcome"):
        store.callbacks.add_outcome(DAY, Outcome("0912345678", "maybe", "an", NOW))


def test_a_version_1_store_gains_the_callback_tables_and_keeps_its_rows(
        tmp_path: Path) -> None:
    profile = make_profile(tmp_path)
    profile.folder.mkdir(parents=True)
    conn = sqlite3.connect(profile.local_db)
    for statement in MIGRATIONS[1]:
        conn.execute(statement)
    conn.execute("INSERT INTO agent_state VALUES ('userName60', '', '{\"callin_ids\": [1]}')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with open_local_store(profile, no_legacy(tmp_path)) as store:
        assert store.agents.agent_state("userName60") == {"callin_ids": [1]}
        assert store.callbacks.claim(DAY, "0912345678", "an", NOW, HOLD).won
        with store.db.read() as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2


def test_a_closed_store_refuses_a_claim_with_a_store_error(store: LocalStore) -> None:
    store.close()
    with pytest.raises(StoreError):
        store.callbacks.claim(DAY, "0912345678", "an", NOW, HOLD)
