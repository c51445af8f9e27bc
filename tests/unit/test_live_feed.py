"""The live feed model, the event inbox and Dial.apply_event (no Textual)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from alohub_tui.dial.record import Dial
from alohub_tui.live.feed import LiveFeed, live_status, matches
from alohub_tui.live.inbox import EventInbox
from alohub_tui.webhook.samples import DEFAULT_START, call_event

NOW = DEFAULT_START + timedelta(minutes=30)


def at(minutes: int) -> datetime:
    return DEFAULT_START + timedelta(minutes=minutes)


def test_events_of_a_call_merge_into_one_entry_that_never_moves_back() -> None:
    feed = LiveFeed()
    change = feed.apply([call_event("c1", "ringing")], NOW)
    assert change.added == ("c1",) and not change.updated
    assert live_status(feed.get("c1")) == "ringing"  # type: ignore[arg-type]
    change = feed.apply([call_event("c1", "ended"), call_event("c1", "answered")], NOW)
    assert change.updated == ("c1",) and not change.added
    assert live_status(feed.get("c1")) == "answered"  # type: ignore[arg-type]
    assert not feed.apply([call_event("c1", "ended")], NOW)  # a duplicate changes nothing


def test_newest_first_by_start_time_and_bounded() -> None:
    feed = LiveFeed(limit=3)
    feed.apply([call_event(f"c{m}", "ended", start=at(m)) for m in (5, 1, 9, 3)], NOW)
    assert [e.call_id for e in feed.newest_first()] == ["c9", "c5", "c3"]
    change = feed.apply([call_event("c7", "ringing", start=at(7))], NOW)
    assert change.added == ("c7",) and change.removed == ("c3",)
    change = feed.apply([call_event("c0", "ringing", start=at(0))], NOW)
    assert not change  # older than everything kept: in and out at once, never shown
    assert len(feed) == 3


def test_filter_matches_every_word_anywhere() -> None:
    event = call_event("c1", "missed", agent="userName61", caller_number="0912345678")
    assert matches(event, "")
    assert matches(event, "missed 0912")
    assert matches(event, "username61")
    assert not matches(event, "answered")


def test_agents_in_progress() -> None:
    feed = LiveFeed()
    feed.apply([call_event("a", "answered", agent="u1"), call_event("b", "ringing", agent="u1"),
                call_event("c", "ringing", agent="u2"), call_event("d", "ended", agent="u3"),
                call_event("old", "answered", agent="u4", start=at(-300))], NOW)
    assert feed.in_progress_by_agent(NOW) == {"u1": "talking", "u2": "ringing"}


def test_inbox_wakes_once_per_batch_and_drops_the_oldest_when_full() -> None:
    inbox = EventInbox(maxlen=3)
    wakes: list[int] = []
    inbox.set_listener(lambda: wakes.append(1))
    for i in range(5):
        inbox.put(call_event(f"c{i}", "ringing"))
    assert len(wakes) == 1
    events, dropped = inbox.drain()
    assert [e.call_id for e in events] == ["c2", "c3", "c4"] and dropped == 2
    inbox.put(call_event("c5", "ringing"))
    assert len(wakes) == 2


def test_inbox_is_thread_safe() -> None:
    inbox = EventInbox()
    threads = [threading.Thread(target=lambda n=n: [inbox.put(call_event(f"{n}-{i}"))
                                                    for i in range(500)]) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    events, dropped = inbox.drain()
    assert len({e.call_id for e in events}) == 2000 and dropped == 0


def test_dial_takes_its_outcome_from_a_webhook_event_and_never_goes_back() -> None:
    dial = Dial(DEFAULT_START, "0912345678", "6688", "TXN", outcome="sent")
    assert dial.apply_event(call_event("c1", "answered", transaction_id="TXN"))
    assert dial.outcome == "in call" and not dial.final
    assert dial.apply_event(call_event("c1", "ended", talk=70, transaction_id="TXN"))
    assert dial.outcome == "answered" and dial.final and dial.duration == 75
    assert dial.recording_url
    assert not dial.apply_event(call_event("c1", "answered", transaction_id="TXN"))
    assert dial.outcome == "answered"
