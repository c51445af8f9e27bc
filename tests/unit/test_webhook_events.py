"""CallEvent parsing and the never-backwards merge rule."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from alohub_tui.webhook.events import CallEvent, Stage, WebhookPayloadError, merge
from alohub_tui.webhook.samples import call_event, call_payload

DOC_EXAMPLE = json.loads(
    """{"call_id": "20240113150030xxxxxx", "call_status": "answered", "direction":
    "outbound", "caller_number": "03899xxx", "destination_number": "888", "starttime":
    "2024-01-13 15:00:30", "answertime": "2024-01-13 15:00:35", "endtime": "2024-01-13
    15:05:30", "hangup_by": "customer", "hotline": "", "total_duration": "300",
    "holding_duration": "0", "recording_url":
    "https://domain:port/IPCCMedia/MP3Export.do?url=file.mp3&source=ipcc",
    "objectId": 1, "transactionID": "TRANSID_1111", "userName": "adminxxx",
    "eventType": "call"}""".replace("\n    15:05", " 15:05")
)


def test_parses_the_documented_example() -> None:
    event = CallEvent.parse(DOC_EXAMPLE)
    assert event.call_id == "20240113150030xxxxxx"
    assert event.call_status == "answered"
    assert event.direction == "outbound"
    assert event.starttime == datetime(2024, 1, 13, 15, 0, 30)
    assert event.answertime == datetime(2024, 1, 13, 15, 0, 35)
    assert event.endtime == datetime(2024, 1, 13, 15, 5, 30)
    assert (event.total_duration, event.holding_duration) == (300, 0)
    assert event.transaction_id == "TRANSID_1111"
    assert event.user_name == "adminxxx"
    assert (event.object_id, event.event_type, event.hangup_by) == (1, "call", "customer")
    assert event.raw == DOC_EXAMPLE
    assert event.is_final and event.answered and not event.missed
    assert event.stage is Stage.ENDED
    assert event.talk_seconds == 295


def test_tolerates_variants_and_bad_optional_fields() -> None:
    event = CallEvent.parse(
        {
            "call_id": " c1 ",
            "call_status": "MISSED",
            "direction": "INBOUND",
            "starttime": "not a time",
            "answertime": "",
            "endtime": None,
            "total_duration": 42,
            "holding_duration": "x",
            "transactionId": "T-1",
            "objectId": "7",
            "userName": ["not", "text"],
            "unknown": {"kept": True},
        }
    )
    assert event.call_id == "c1"
    assert (event.call_status, event.direction) == ("missed", "inbound")
    assert event.starttime is None and event.answertime is None and event.endtime is None
    assert (event.total_duration, event.holding_duration) == (42, 0)
    assert (event.transaction_id, event.object_id, event.user_name) == ("T-1", 7, "")
    assert event.raw["unknown"] == {"kept": True}
    assert event.is_final and event.missed  # a final status without an endtime


@pytest.mark.parametrize(
    "body",
    [None, [], "text", 1, {}, {"call_id": ""}, {"call_id": "  "}, {"call_id": True},
     {"call_id": [5]}, {"call_id": {"id": 5}}],
)
def test_refuses_bodies_without_a_call_id(body: Any) -> None:
    with pytest.raises(WebhookPayloadError) as caught:
        CallEvent.parse(body)
    assert caught.value.message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
field_values = st.one_of(
    json_values,
    st.sampled_from(["", "2024-01-13 15:00:30", "2024-13-45 99:99:99", "300", "-1", "1e400"]),
)
payload_like = st.fixed_dictionaries(
    {"call_id": st.one_of(st.text(), json_values)},
    optional={
        name: field_values
        for name in (
            "call_status", "direction", "starttime", "answertime", "endtime",
            "total_duration", "holding_duration", "objectId", "transactionID", "userName",
        )
    },
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, payload_like))
@example({"call_id": "c1", "objectId": "¹"})  # isdigit() is True, int() refused it
@example({"call_id": 20240113150030, "objectId": "٣"})
@example({"call_id": True})
def test_any_json_value_gives_an_event_or_a_payload_error(value: Any) -> None:
    try:
        event = CallEvent.parse(value)
    except WebhookPayloadError:
        return
    assert isinstance(event, CallEvent) and event.call_id
    json.dumps(event.to_payload())  # what the store writes is always serialisable


def test_to_payload_round_trips() -> None:
    event = call_event("c1", "ended", transaction_id="T1", hold=4)
    assert CallEvent.parse(event.to_payload()) == event


def test_end_before_answer_never_moves_the_call_backwards() -> None:
    answer, end = call_event("c1", "answered"), call_event("c1", "ended")
    state = merge(merge(None, end), answer)
    assert state.stage is Stage.ENDED
    assert state == merge(merge(None, answer), end)


def test_late_answer_event_fills_what_the_end_lacks() -> None:
    end = CallEvent.parse(call_payload("c1", "ended", answertime="", userName=""))
    answer = call_event("c1", "answered", agent="agent7")
    state = merge(end, answer)
    assert state.endtime == end.endtime and state.is_final
    assert state.answertime == answer.answertime and state.user_name == "agent7"


def test_later_end_wins_among_ends() -> None:
    first = call_event("c1", "ended", talk=10)
    second = call_event("c1", "ended", talk=20)
    assert merge(second, first) == second == merge(first, second)
    status_only = CallEvent.parse(call_payload("c1", "ringing", call_status="hangup"))
    assert merge(first, status_only).endtime == first.endtime


def test_merge_refuses_another_call() -> None:
    with pytest.raises(ValueError):
        merge(call_event("a"), call_event("b"))


STEPS = ["ringing", "answered", "ended", "missed", "busy"]


@given(st.lists(st.sampled_from(STEPS), min_size=1, max_size=6), st.randoms())
def test_merged_stage_is_the_highest_stage_in_any_order(steps: list[str], rnd: Any) -> None:
    events = [call_event("c1", step, talk=10 * i) for i, step in enumerate(steps)]
    rnd.shuffle(events)
    state: CallEvent | None = None
    stages = []
    for event in events:
        state = merge(state, event)
        stages.append(state.stage)
    assert stages == sorted(stages)  # never backwards, at any point
    assert stages[-1] == max(e.stage for e in events)


@pytest.mark.parametrize(("object_id", "expected"), [
    ("¹", None), ("٣", None), ("12", 12), (" 7 ", 7), (3, 3), (True, None), (1.5, None),
    ("9" * 18, None),
])
def test_odd_object_ids_are_ignored_not_fatal(object_id: object, expected: int | None) -> None:
    event = CallEvent.parse({"call_id": "c1", "objectId": object_id})
    assert event.object_id == expected


def test_a_numeric_call_id_is_taken_as_its_text() -> None:
    assert CallEvent.parse({"call_id": 20240113150030}).call_id == "20240113150030"
    with pytest.raises(WebhookPayloadError):
        CallEvent.parse({"call_id": False})
