"""Dial outcome tracking: record -> outcome, give-up rule, duplicate guard, backoff."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

from alohub_tui.api.errors import InvalidInput
from alohub_tui.api.models import CallRecord
from alohub_tui.api.txn import check_transaction_id
from alohub_tui.dial.guard import recent_duplicate
from alohub_tui.dial.record import NOT_FOUND, REFUSED, SENT, Dial
from alohub_tui.dial.tracker import poll_delays

T0 = datetime(2026, 11, 27, 9, 0, 0)


def record(**fields: object) -> CallRecord:
    base = {"call_id": "20261127090000-ABCDEFGH-1", "call_status": "", "starttime":
            "2026-11-27 09:00:00", "transactionId": "TX"}
    base.update(fields)
    return CallRecord.from_api(base)


def test_state_round_trip() -> None:
    dial = Dial(T0, "0912345678", "6688", "TX", outcome=SENT)
    assert Dial.from_state(dial.to_state()) == dial
    assert Dial.from_state({"number": "x"}) is None


def test_a_call_in_progress_counts_its_duration_from_the_answer() -> None:
    dial = Dial(T0, "0912345678", "6688", "TX", outcome=SENT)
    dial.apply_record(record(call_status="answered", answertime="2026-11-27 09:00:09",
                             total_duration="9"))
    assert dial.answered_at == T0 + timedelta(seconds=9)
    assert dial.live_duration(T0 + timedelta(seconds=99)) == 90  # not the 9 s looked up
    assert Dial.from_state(dial.to_state()) == dial  # the answer time is kept
    dial.apply_record(record(call_status="answered", answertime="2026-11-27 09:00:09",
                             endtime="2026-11-27 09:02:00", total_duration="120"))
    assert dial.live_duration(T0 + timedelta(seconds=500)) is None  # ended: its duration
    ringing = record(call_status="ringing")
    assert not ringing.final and ringing.seconds_so_far(T0 + timedelta(seconds=7)) == 7
    assert record(call_status="busy").final  # unanswered statuses end without an end time


def test_apply_record_ringing_then_final() -> None:
    dial = Dial(T0, "0912345678", "6688", "TX", outcome=SENT)
    dial.apply_record(record(call_status="ringing"))
    assert (dial.outcome, dial.final) == ("ringing", False)
    dial.apply_record(record(call_status="answered", answertime="2026-11-27 09:00:09"))
    assert (dial.outcome, dial.final) == ("in call", False)
    dial.apply_record(record(call_status="answered", endtime="2026-11-27 09:03:00",
                             total_duration="180", recording_url="a.mp3"))
    assert (dial.outcome, dial.final, dial.duration) == ("answered", True, 180)
    assert dial.label == "✓ answered"


def test_give_up_after_stale_window() -> None:
    dial = Dial(T0, "0912345678", "6688", "TX", outcome=SENT)
    assert not dial.give_up(T0 + timedelta(minutes=5))
    assert dial.give_up(T0 + timedelta(minutes=16))
    assert dial.outcome == NOT_FOUND and dial.final


def test_duplicate_guard_ignores_refused_and_old() -> None:
    dials = [
        Dial(T0, "0911111111", "6688", "A", outcome=REFUSED),
        Dial(T0 - timedelta(minutes=10), "0922222222", "6688", "B", outcome=SENT),
        Dial(T0, "0922222222", "6688", "C", outcome=SENT),
    ]
    now = T0 + timedelta(seconds=30)
    assert recent_duplicate(dials, "0911111111", now, 120) is None
    assert recent_duplicate(dials, "0922222222", now, 120) is dials[2]
    assert recent_duplicate(dials, "0922222222", now, 0) is None


def test_backoff_grows_and_caps() -> None:
    delays = list(itertools.islice(poll_delays(), 10))
    assert delays[0] == 2.0 and delays[1] == 3.0
    assert max(delays) == 15.0 and delays == sorted(delays)


@pytest.mark.parametrize("text", ["", "   ", "has space", "x" * 65, "semi;colon"])
def test_bad_transaction_ids(text: str) -> None:
    with pytest.raises(InvalidInput):
        check_transaction_id(text)


def test_good_transaction_id_is_trimmed() -> None:
    assert check_transaction_id(" ALOHUB_3432323435545 ") == "ALOHUB_3432323435545"


def test_unanswered_statuses_are_final_without_end_time() -> None:
    dial = Dial(T0, "0912345670", "6688", "TX", outcome=SENT)
    dial.apply_record(record(call_status="busy"))
    assert (dial.outcome, dial.final, dial.label) == ("busy", True, "✗ busy")
