"""The wall's numbers with backfilled calls: merged with the events, counted, marked."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from alohub_tui.api.models import CallRecord
from alohub_tui.vntime import VN_TZ
from alohub_tui.wallboard.missed import MissedList
from alohub_tui.wallboard.settings import WallConfig
from alohub_tui.wallboard.source import StoreWall, day_aggregate
from alohub_tui.webhook.samples import call_event, call_payload
from alohub_tui.webhook.searched import SearchedCalls
from alohub_tui.webhook.store import EventStore

T0 = datetime(2026, 11, 27, 9, 0, 0)
NOW = datetime(2026, 11, 27, 10, 0, 0, tzinfo=VN_TZ)
WALL = WallConfig(small_sample_calls=0)


def record(call_id: str, step: str, start: datetime, **kw: object) -> CallRecord:
    payload = call_payload(call_id, step, start=start, direction="INBOUND", **kw)
    payload["agent"] = payload.pop("userName")
    payload["transactionId"] = payload.pop("transactionID")
    return CallRecord.from_api(payload)


def test_backfilled_calls_count_once_and_are_marked(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite3"
    with EventStore(db) as store:
        store.add(call_event("seen", "ended", start=T0, direction="inbound", ring=5))
        # the receiver saw this one ring, then went down before its end
        store.add(call_event("cut", "ringing", start=T0 + timedelta(minutes=1),
                             direction="inbound", hotline="19006688"))
        wall = StoreWall(store, WALL)
        first = wall.read(NOW)
        assert first.overall.offered == 1 and first.overall.from_search == 0
        searched = SearchedCalls(db)  # the backfill, in the receiver's process
        searched.put([
            record("seen", "ended", T0, ring=5),  # known from events: changes nothing
            record("cut", "missed", T0 + timedelta(minutes=1), ring=50),
            record("lost", "missed", T0 + timedelta(minutes=2), ring=2,
                   caller_number="0977000555"),
        ], NOW.timestamp())
        followed = wall.follow(NOW)
        overall = followed.snapshot.overall
        assert (overall.offered, overall.answered, overall.abandoned,
                overall.short_abandoned) == (3, 1, 1, 1)
        assert overall.from_search == 2  # "cut" got its end from the search, "lost" whole
        assert "calls backfilled from call history (searchCallV2): 2" in overall.notes
        assert followed.snapshot.by_hotline["19006688"].abandoned == 1  # the event's hotline
        missed = MissedList(followed.snapshot.day, WALL.short_abandon_s)
        missed.update(followed.changed)
        rows = {row.call_id: row for row in missed.newest_first()}
        assert rows["lost"].from_search and rows["lost"].short
        assert rows["lost"].customer == "0977000555"
        assert not rows["cut"].short and rows["cut"].status == "missed"
        # the same numbers from scratch (alohub-tui stats)
        again = day_aggregate(store, WALL, NOW.date(), NOW).snapshot(NOW).overall
        assert (again.offered, again.from_search) == (3, 2)
        searched.close()
        wall.close()
