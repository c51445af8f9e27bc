"""The callback worklist: grouping, clearing rules, claims and manual outcomes (issue 19)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from alohub_tui.callbacks.calls import CallFact, customer_key, fact_from_event
from alohub_tui.callbacks.text import item_json, state_text, summary_text
from alohub_tui.callbacks.worklist import (
    ANSWERED,
    CALLED_BACK,
    build_worklist,
    effective_outcomes,
)
from alohub_tui.store.callbacks import DONE, NOT_NEEDED, REOPENED, Claim, Outcome
from alohub_tui.vntime import VN_TZ
from alohub_tui.webhook.events import CallEvent

DAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 11, 0, tzinfo=VN_TZ)


def at(hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(2026, 11, 27, hour, minute)


def call(call_id: str, direction: str, number: str, start: str, *, answered: str = "",
         ended: bool = True, agent: str = "userName60", hotline: str = "",
         status: str = "") -> CallFact:
    answered_at = at(answered) if answered else None
    return CallFact(call_id, direction, customer_key(number), at(start), answered_at, ended,
                    agent, hotline, status or ("answered" if answered else "missed"))


def missed(call_id: str, number: str, start: str, **kw: object) -> CallFact:
    return call(call_id, "inbound", number, start, **kw)  # type: ignore[arg-type]


def claim(number: str, operator: str, claimed: str, minutes: int = 15) -> Claim:
    start = at(claimed).replace(tzinfo=VN_TZ)
    return Claim(number, operator, "s1", start, start + timedelta(minutes=minutes))


def outcome(number: str, kind: str, when: str, operator: str = "An", note: str = "") -> Outcome:
    return Outcome(number, kind, operator, at(when).replace(tzinfo=VN_TZ), note)


def test_numbers_in_every_format_are_one_customer() -> None:
    assert {customer_key(n) for n in ("+84912345678", "84912345678", "0912 345 678",
                                      "0912.345.678", "+84 0912345678")} == {"0912345678"}
    assert customer_key("anonymous") == ""


def test_repeat_missed_calls_group_per_number_oldest_first() -> None:
    calls = [missed("c1", "0912345678", "09:10", hotline="19006688"),
             missed("c2", "+84912345678", "10:20"),
             missed("c3", "0987654321", "09:40")]
    worklist = build_worklist(DAY, calls, {}, [], NOW)
    assert [(i.number, i.count, i.first, i.last, i.hotline) for i in worklist.open] == [
        ("0912345678", 2, at("09:10"), at("10:20"), "19006688"),
        ("0987654321", 1, at("09:40"), at("09:40"), ""),
    ]
    assert worklist.oldest is not None and worklist.oldest.waiting(NOW) == timedelta(
        minutes=110)
    assert summary_text(worklist, NOW) == "2 open · oldest 110 min"


def test_an_answered_outbound_call_in_another_format_clears_it_and_says_who() -> None:
    calls = [missed("c1", "+84912345678", "09:10"),
             call("o1", "outbound", "0912345678", "09:30", answered="09:31", agent="binh")]
    worklist = build_worklist(DAY, calls, {}, [], NOW)
    assert worklist.open == ()
    (item,) = worklist.closed
    assert item.closing is not None
    assert (item.closing.how, item.closing.by, item.closing.at) == (CALLED_BACK, "binh",
                                                                    at("09:31"))
    assert state_text(item, NOW) == "✓ called back by binh 09:31"
    assert item.waiting(NOW) == timedelta(minutes=21)


def test_a_call_answered_before_the_missed_call_does_not_clear_it() -> None:
    calls = [call("o1", "outbound", "0912345678", "08:00", answered="08:01"),
             missed("c1", "0912345678", "09:10")]
    assert [i.number for i in build_worklist(DAY, calls, {}, [], NOW).open] == ["0912345678"]


def test_an_answered_inbound_call_from_the_number_clears_it() -> None:
    calls = [missed("c1", "0912345678", "09:10"),
             call("c2", "inbound", "0912345678", "09:50", answered="09:50", agent="chi")]
    (item,) = build_worklist(DAY, calls, {}, [], NOW).closed
    assert item.closing is not None and (item.closing.how, item.closing.by) == (ANSWERED,
                                                                              "chi")


def test_unanswered_calls_back_are_shown_as_tries_and_leave_it_open() -> None:
    calls = [missed("c1", "0912345678", "09:10"),
             call("o1", "outbound", "0912345678", "09:20", status="busy"),
             call("o2", "outbound", "0912345678", "09:40", status="noanswer")]
    (item,) = build_worklist(DAY, calls, {}, [], NOW).open
    assert state_text(item, NOW) == "● open · tried 2× (noanswer 09:40)"


def test_a_missed_call_after_a_call_back_opens_a_new_item() -> None:
    calls = [missed("c1", "0912345678", "09:10"),
             call("o1", "outbound", "0912345678", "09:30", answered="09:31"),
             missed("c2", "0912345678", "10:40")]
    (item,) = build_worklist(DAY, calls, {}, [], NOW).open
    assert (item.count, item.first) == (1, at("10:40"))


def test_manual_outcomes_clear_and_reopen_takes_the_latest_back() -> None:
    calls = [missed("c1", "0912345678", "09:10"), missed("c2", "0987654321", "09:20")]
    outcomes = [outcome("0912345678", DONE, "09:30", note="sent SMS"),
                outcome("0987654321", NOT_NEEDED, "09:35", operator="Binh")]
    worklist = build_worklist(DAY, calls, {}, outcomes, NOW)
    assert worklist.open == ()
    assert [state_text(i, NOW) for i in worklist.closed] == [
        "– not needed by Binh 09:35", "✓ done by An 09:30: sent SMS"]
    reopened = [*outcomes, outcome("0912345678", REOPENED, "09:40")]
    assert len(effective_outcomes(reopened)) == 1
    worklist = build_worklist(DAY, calls, {}, reopened, NOW)
    assert [i.number for i in worklist.open] == ["0912345678"]


def test_an_active_claim_shows_who_has_it_and_an_expired_one_is_gone() -> None:
    calls = [missed("c1", "0912345678", "09:10"), missed("c2", "0987654321", "09:20")]
    claims = {"0912345678": claim("0912345678", "An", "10:50"),
              "0987654321": claim("0987654321", "Binh", "10:30")}  # ended 10:45
    worklist = build_worklist(DAY, calls, claims, [], NOW)
    first, second = worklist.open
    assert first.claim is not None and first.claim.operator == "An"
    assert state_text(first, NOW, me="Binh") == "☎ An · 5 min left"
    assert state_text(first, NOW, me="An") == "☎ you · 5 min left"
    assert second.claim is None and state_text(second, NOW) == "● open"


def test_other_days_ringing_calls_and_callers_without_a_number() -> None:
    yesterday = CallFact("y1", "inbound", "0912345678", at("09:00") - timedelta(days=1), None,
                         True)
    ringing = call("r1", "inbound", "0987654321", "10:59", ended=False, status="ringing")
    anonymous = missed("a1", "anonymous", "10:00")
    worklist = build_worklist(DAY, [yesterday, ringing, anonymous], {}, [], NOW)
    assert (worklist.open, worklist.closed, worklist.no_number) == ((), (), 1)


def test_an_item_as_json() -> None:
    calls = [missed("c1", "0912345678", "09:10", hotline="19006688")]
    claims = {"0912345678": claim("0912345678", "An", "10:50")}
    (item,) = build_worklist(DAY, calls, claims, [], NOW).open
    assert item_json(item, NOW) == {
        "number": "0912345678", "state": "claimed", "count": 1,
        "first": "2026-11-27 09:10:00", "last": "2026-11-27 09:10:00",
        "hotline": "19006688", "waiting_s": 6600, "claimed_by": "An",
        "claimed_until": "2026-11-27 11:05:00", "attempts": 0, "closed_by": None,
        "closed_at": None, "note": None,
    }


@pytest.mark.parametrize(("payload", "customer", "missed_inbound"), [
    ({"direction": "inbound", "caller_number": "+84912345678", "call_status": "missed",
      "endtime": "2026-11-27 09:10:40"}, "0912345678", True),
    ({"direction": "outbound", "caller_number": "6688", "destination_number": "0912345678",
      "call_status": "answered"}, "0912345678", False),
    ({"direction": "inbound", "caller_number": "0912345678", "call_status": "ringing"},
     "0912345678", False),
])
def test_a_webhook_event_as_a_fact(payload: dict[str, str], customer: str,
                                   missed_inbound: bool) -> None:
    event = CallEvent.parse({"call_id": "x", "starttime": "2026-11-27 09:10:00", **payload})
    fact = fact_from_event(event)
    assert fact is not None
    assert (fact.customer, fact.missed_inbound) == (customer, missed_inbound)
    assert fact_from_event(CallEvent.parse({"call_id": "y"})) is None
