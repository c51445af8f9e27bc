"""The merge rule's examples (events.py's docstring, docs/WEBHOOK.md), field by field."""

from __future__ import annotations

from datetime import datetime, timedelta

from alohub_tui.webhook.events import (
    CallEvent,
    Stage,
    believable_start,
    canonical_json,
    merge,
)
from alohub_tui.webhook.samples import DEFAULT_START, call_event, call_payload


def _merged(*events: CallEvent) -> CallEvent:
    state: CallEvent | None = None
    for event in events:
        state = merge(state, event)
    assert state is not None
    return state


def test_a_second_end_adds_the_recording_and_who_hung_up() -> None:
    bare = CallEvent.parse(call_payload("c1", "ended", recording_url="", hangup_by=""))
    full = call_event("c1", "ended")
    for order in ((bare, full), (full, bare)):
        state = _merged(*order)
        assert state.recording_url == full.recording_url and state.hangup_by == "customer"


def test_a_later_ringing_post_names_the_agent_it_rings_at_now() -> None:
    first = call_event("c1", "ringing", agent="an")
    second = call_event("c1", "ringing", agent="binh")
    assert _merged(first, second).user_name == "binh"
    nameless_answer = CallEvent.parse(call_payload("c1", "answered", userName=""))
    state = _merged(first, second, nameless_answer)
    assert state.stage is Stage.ANSWERED and state.user_name == "binh"


def test_a_late_answer_fills_but_never_renames_an_ended_call() -> None:
    end = CallEvent.parse(call_payload("c1", "ended", agent="binh", answertime=""))
    answer = call_event("c1", "answered", agent="an")
    state = _merged(end, answer)
    assert state.stage is Stage.ENDED and state.user_name == "binh"
    assert state.answertime == answer.answertime


def test_between_answers_the_later_answer_time_wins_in_any_arrival_order() -> None:
    an = call_event("c1", "answered", agent="an", ring=5)
    binh = call_event("c1", "answered", agent="binh", ring=90)  # after a transfer
    assert _merged(an, binh).user_name == "binh" == _merged(binh, an).user_name


def test_between_ends_the_later_end_wins_and_the_earlier_only_fills() -> None:
    late = CallEvent.parse(call_payload("c1", "ended", talk=60, hangup_by=""))
    early = call_event("c1", "ended", talk=59, hangup_by="agent")
    state = _merged(late, early)
    assert state.endtime == late.endtime and state.hangup_by == "agent"


def test_a_post_with_the_stage_time_beats_one_without() -> None:
    timed = call_event("c1", "answered", agent="an")
    untimed = CallEvent.parse(call_payload("c1", "answered", answertime="", userName="binh"))
    assert _merged(timed, untimed).user_name == "an"
    assert _merged(untimed, timed).user_name == "an"


def test_canonical_json_ignores_key_order_only() -> None:
    post = call_payload("c1")
    assert canonical_json(post) == canonical_json(dict(reversed(post.items())))
    assert canonical_json(post) != canonical_json({**post, "hangup_by": "agent"})


def test_a_start_more_than_a_day_ahead_of_arrival_is_not_believed() -> None:
    seen = DEFAULT_START
    assert believable_start(call_event("c1", start=seen + timedelta(hours=23)), seen)
    assert believable_start(call_event("c1", start=seen + timedelta(days=2)), seen) is None
    assert believable_start(call_event("c1", start=datetime(2099, 1, 1)), seen) is None
    unreadable = CallEvent.parse(call_payload("c1", starttime="13/13/2024 99:00"))
    assert believable_start(unreadable, seen) is None
