"""Calls found by searchCallV2 beside the events; merged so that an event never loses."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

from alohub_tui.api.models import CallRecord
from alohub_tui.wallboard.calls import CallFacts
from alohub_tui.webhook.events import Stage
from alohub_tui.webhook.samples import call_event, call_payload
from alohub_tui.webhook.searched import BackfillRun, SearchedCalls, event_from_record, with_search

START = datetime(2026, 11, 27, 9, 0, 0)


def record(call_id: str, step: str = "missed", **kw: object) -> CallRecord:
    payload = call_payload(call_id, step, start=START, direction="inbound", **kw)
    payload["direction"] = "INBOUND"  # as the search API writes it
    payload["agent"] = payload.pop("userName")
    payload["transactionId"] = payload.pop("transactionID")
    payload["source"] = "ipcc"
    return CallRecord.from_api(payload)


def test_a_search_record_becomes_the_event_it_would_have_been() -> None:
    event = event_from_record(record("c1", "ended", ring=7, agent="userName66"))
    assert event.direction == "inbound" and event.user_name == "userName66"
    assert event.stage is Stage.ENDED and event.answered and event.hotline == ""


def test_the_kpis_take_a_search_record_as_backfilled() -> None:
    facts = CallFacts.from_record(record("c1", "missed", ring=40), hotline="19006688")
    assert facts.from_search and facts.inbound and facts.hotline == "19006688"
    assert facts.ended and not facts.answered and facts.wait_s == 40


def test_an_event_never_loses_a_field_to_the_search() -> None:
    ringing = call_event("c1", "ringing", start=START, direction="inbound",
                         hotline="19006688", agent="userName61")
    found = event_from_record(record("c1", "missed", ring=40, agent="someone-else"))
    merged = with_search(ringing, found)
    assert merged is not None
    assert merged.hotline == "19006688" and merged.user_name == "userName61"  # the event's
    assert merged.endtime == found.endtime and merged.stage is Stage.ENDED  # the search's
    assert merged.call_status == "missed"  # the events never saw this stage
    ended = call_event("c1", "missed", start=START, direction="inbound", ring=30)
    other_end = dataclasses.replace(found, endtime=datetime(2026, 11, 27, 9, 5))
    assert with_search(ended, other_end).endtime == ended.endtime  # type: ignore[union-attr]
    assert with_search(None, found) is found and with_search(ended, None) is ended


def test_stored_by_cursor_and_rewritten_only_when_they_change(tmp_path: Path) -> None:
    searched = SearchedCalls(tmp_path / "events.sqlite3")
    assert searched.last_seq() == 0 and searched.changed_after(0) == (0, [])
    assert searched.put([record("c1"), record("c2")], 1000.0) == 2
    cursor, calls = searched.changed_after(0)
    assert [c.event.call_id for c in calls] == ["c1", "c2"] and cursor == searched.last_seq()
    assert searched.put([record("c1"), record("c2")], 2000.0) == 0  # same: no new seq
    assert searched.changed_after(cursor) == (cursor, [])
    assert searched.put([record("c2", "ended")], 3000.0) == 1
    later, calls = searched.changed_after(cursor)
    assert later > cursor and [c.event.call_id for c in calls] == ["c2"]
    assert set(searched.by_ids(["c1", "c2", "nope"])) == {"c1", "c2"}
    assert [c.event.call_id for c in searched.started_between(
        START, START.replace(hour=10))] == ["c1", "c2"]
    searched.close()


def test_backfill_runs_are_kept_with_their_outcome(tmp_path: Path) -> None:
    searched = SearchedCalls(tmp_path / "events.sqlite3")
    searched.record_run(BackfillRun(10.0, 20.0, 30.0, 31.0, False, 0,
                                    "not backfilled: no API key"))
    searched.record_run(BackfillRun(10.0, 20.0, 90.0, 92.0, True, 12, ""))
    assert [(r.ok, r.calls, r.message) for r in searched.runs(0.0)] == [
        (False, 0, "not backfilled: no API key"), (True, 12, "")]
    assert searched.runs(21.0) == []
    searched.close()
