"""The running aggregate: honest n/a, waits and agent states now, exclusions, updates."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from alohub_tui.wallboard.aggregate import WallAggregate
from alohub_tui.wallboard.calls import CallFacts
from alohub_tui.wallboard.settings import WallConfig
from alohub_tui.webhook.events import merge
from alohub_tui.webhook.samples import call_event

DAY = date(2026, 11, 27)
T0 = datetime(2026, 11, 27, 9, 0, 0)
NOW = datetime(2026, 11, 27, 10, 0, 0)
WALL = WallConfig(small_sample_calls=0)

POSTS = {"ringing": 1, "answered": 2}


def live(call_id: str, step: str = "ended", *, start: datetime = T0, **kw: Any) -> CallFacts:
    """A call as a live-posting Alohub leaves it: the first post came as it started."""
    event = call_event(call_id, step, start=start, direction=kw.pop("direction", "inbound"),
                       **kw)
    return CallFacts.from_event(event, start + timedelta(seconds=1), POSTS.get(step, 3))


def end_only(call_id: str, step: str = "ended", *, start: datetime = T0,
             **kw: Any) -> CallFacts:
    """A call as an end-only Alohub leaves it: one post, after the end."""
    event = call_event(call_id, step, start=start, direction=kw.pop("direction", "inbound"),
                       **kw)
    assert event.endtime is not None
    return CallFacts.from_event(event, event.endtime + timedelta(seconds=2), 1)


def snap(*calls: CallFacts, now: datetime = NOW, wall: WallConfig = WALL,
         day: date = DAY) -> Any:
    aggregate = WallAggregate(wall, day)
    aggregate.update(calls, now)
    return aggregate.snapshot(now)


def test_end_only_posts_make_waits_and_states_not_known() -> None:
    s = snap(end_only("a", ring=10), end_only("m", "missed", ring=40))
    assert (s.overall.offered, s.overall.answered, s.overall.abandoned) == (2, 1, 1)
    reason = "events arrive only when calls end"
    assert s.overall.longest_wait_s.value is None and s.overall.longest_wait_s.reason == reason
    assert s.overall.waiting.value is None
    assert f"longest_wait_s: n/a ({reason})" in s.overall.notes
    agent = s.by_agent["agent1"]
    assert agent.state.state == "n/a" and agent.state.reason == reason
    assert (agent.calls, agent.answered, agent.missed, agent.talk_s) == (2, 1, 1, 60)


def test_an_empty_day_says_so_and_counts_are_true_zeros() -> None:
    s = snap()
    assert (s.overall.offered, s.overall.answered, s.overall.abandoned) == (0, 0, 0)
    assert s.overall.longest_wait_s.reason == "no call events yet today"
    assert s.overall.service_level.value is None and s.overall.asa_s.value is None
    assert s.by_hotline == {} and s.by_agent == {}


def test_calls_ringing_now_give_the_longest_wait_per_hotline() -> None:
    s = snap(
        live("r1", "ringing", start=NOW - timedelta(seconds=95), hotline="1900", agent="x"),
        live("r2", "ringing", start=NOW - timedelta(seconds=30), hotline="1800", agent="y"),
        live("r3", "ringing", start=NOW - timedelta(seconds=10), hotline="1800"),
        live("o1", "ringing", start=NOW - timedelta(seconds=500), direction="outbound"),
        live("done", start=T0, hotline="1900"),
    )
    assert s.overall.longest_wait_s.value == 95
    assert s.overall.waiting.value == 3
    assert s.by_hotline["1800"].longest_wait_s.value == 30
    assert s.by_hotline["1800"].waiting.value == 2
    assert s.by_hotline["1900"].longest_wait_s.value == 95
    assert s.by_hotline["1900"].offered == 1
    assert s.by_agent["x"].state.state == "ringing"
    assert s.by_agent["x"].state.since == NOW - timedelta(seconds=95)


def test_nobody_waiting_is_a_known_zero_when_events_are_live() -> None:
    s = snap(live("a"))
    assert s.overall.longest_wait_s.value == 0 and s.overall.waiting.value == 0


def test_posts_from_the_answer_on_say_nothing_about_ringing() -> None:
    start = T0
    answered = call_event("a", "ended", start=start, ring=10, direction="inbound")
    first_post = start + timedelta(seconds=12)  # after the answer (start + 10), before the end
    s = snap(CallFacts.from_event(answered, first_post, 2))
    assert s.overall.longest_wait_s.reason == "no event today arrived while a call was ringing"
    assert s.by_agent["agent1"].state.state == "idle"
    assert s.by_agent["agent1"].state.since == answered.endtime


def test_agent_states_are_inferred_from_calls_of_every_direction() -> None:
    talking_since = NOW - timedelta(minutes=3)
    s = snap(
        live("t", "answered", start=talking_since - timedelta(seconds=5), ring=5, agent="ann"),
        live("r", "ringing", start=NOW - timedelta(seconds=8), agent="ann"),
        live("o", "answered", start=NOW - timedelta(minutes=1), agent="bob",
             direction="outbound"),
        live("e1", start=T0, agent="cat", talk=60),
        live("e2", start=T0 + timedelta(minutes=30), agent="cat", ring=5, talk=60),
    )
    ann, bob, cat = s.by_agent["ann"], s.by_agent["bob"], s.by_agent["cat"]
    assert (ann.state.state, ann.state.since) == ("talking", talking_since)  # talking wins
    assert ann.state.seconds(NOW) == 180
    assert bob.state.state == "talking" and bob.calls == 0  # outbound: state, not counts
    assert cat.state.state == "idle"
    assert cat.state.since == T0 + timedelta(minutes=30, seconds=65)
    assert cat.state.text(NOW) == "idle since 09:31 (28:55)"
    assert (cat.calls, cat.answered, cat.talk_s) == (2, 2, 120)


def test_calls_whose_end_never_came_stop_counting() -> None:
    wall = dataclasses.replace(WALL, ringing_stale_s=600, talking_stale_s=3600)
    s = snap(
        live("lost", "ringing", start=NOW - timedelta(seconds=601), agent="x"),
        live("long", "answered", start=NOW - timedelta(seconds=3000), agent="y"),
        live("fresh", "ringing", start=NOW - timedelta(seconds=20)),
        wall=wall,
    )
    assert s.overall.longest_wait_s.value == 20
    assert s.by_agent["y"].state.state == "talking"
    assert "x" not in s.by_agent  # nothing known about x now
    assert any(n.startswith("calls in progress past ringing_stale_s") and n.endswith(": 1")
               for n in s.overall.notes)


def test_small_sample_marks_ratios_not_counts() -> None:
    wall = dataclasses.replace(WALL, small_sample_calls=3)
    small = snap(live("a"), live("b"), wall=wall).overall
    assert small.small_sample and small.service_level.small_sample
    assert small.asa_s.small_sample and small.abandon_rate.small_sample
    assert not small.longest_wait_s.small_sample
    assert any(n.startswith("small sample: 2 calls, fewer than 3") for n in small.notes)
    enough = snap(live("a"), live("b"), live("c"), wall=wall).overall
    assert not enough.small_sample and not enough.service_level.small_sample


def test_unreadable_and_far_future_starts_do_not_count() -> None:
    unreadable = call_event("bad", start=T0, direction="inbound", starttime="13/01/2024 15:00")
    assert unreadable.starttime is None
    future = end_only("future", start=NOW + timedelta(days=1, seconds=1))
    future = dataclasses.replace(future, end=T0 + timedelta(minutes=5))  # ends "today"
    tomorrow_ok = end_only("soon", start=NOW + timedelta(hours=23))
    s = snap(CallFacts.from_event(unreadable, T0, 1), future, tomorrow_ok, end_only("good"))
    assert s.overall.offered == 1
    assert "inbound calls with an unreadable start time (not counted): 1" in s.overall.notes
    assert "inbound calls starting more than a day ahead (not counted): 1" in s.overall.notes


def test_missing_times_are_left_out_or_counted_against_and_said() -> None:
    no_answer_time = CallFacts("a", "inbound", start=T0, end=T0 + timedelta(minutes=2),
                               answered=True, ended=True)
    no_end_time = CallFacts("m", "inbound", start=T0, ended=True)  # "missed", no endtime
    s = snap(no_answer_time, no_end_time, live("ok", ring=4)).overall
    assert (s.offered, s.answered, s.abandoned) == (3, 2, 1)
    assert s.service_level.value == 1 / 2  # the timed answered call (4 s) / (1 + 1 abandoned)
    assert s.asa_s.value == 4
    assert any("without a usable answer time" in n for n in s.notes)
    assert any("without a usable end time (counted as abandoned" in n for n in s.notes)


def test_backfilled_calls_count_and_are_said() -> None:
    searched = dataclasses.replace(live("s"), from_search=True)
    s = snap(searched, live("e")).overall
    assert s.offered == 2 and s.from_search == 1
    assert "calls backfilled from call history (searchCallV2): 1" in s.notes


def test_a_later_post_moves_the_call_between_agents_and_hotlines() -> None:
    aggregate = WallAggregate(WALL, DAY)
    aggregate.update([live("c", agent="ann", hotline="1900")], NOW)
    aggregate.update([live("c", agent="bob", hotline="1800")], NOW)  # e.g. a transfer
    s = aggregate.snapshot(NOW)
    assert set(s.by_agent) == {"bob"} and set(s.by_hotline) == {"1800"}
    assert s.overall.offered == 1


def test_a_changed_end_time_recomputes_idle_since() -> None:
    aggregate = WallAggregate(WALL, DAY)
    early, late = live("a", talk=60), live("b", start=T0 + timedelta(minutes=10), talk=60)
    aggregate.update([early, late], NOW)
    assert late.end is not None and early.end is not None
    assert aggregate.snapshot(NOW).by_agent["agent1"].state.since == late.end
    aggregate.update([dataclasses.replace(late, end=late.end - timedelta(minutes=20))], NOW)
    assert aggregate.snapshot(NOW).by_agent["agent1"].state.since == early.end


def test_the_day_rolls_over_keeping_calls_in_progress() -> None:
    evening = datetime(2026, 11, 27, 23, 59, 0)
    aggregate = WallAggregate(WALL, DAY)
    crossing = live("x", "answered", start=evening)
    aggregate.update([live("y", start=evening - timedelta(hours=1)), crossing], evening)
    assert aggregate.snapshot(evening).overall.offered == 1
    after = datetime(2026, 11, 28, 0, 5, 0)
    aggregate.update([live("x", start=evening, talk=120)], after)  # ends 00:01:05
    aggregate.roll_to(date(2026, 11, 28), after)
    s = aggregate.snapshot(after)
    assert s.day == date(2026, 11, 28) and s.today
    assert s.overall.offered == 1 and len(aggregate) == 1


def test_a_past_day_has_no_current_values() -> None:
    s = snap(live("a"), live("r", "ringing"), now=NOW + timedelta(days=1))
    assert not s.today
    assert s.overall.offered == 1
    assert s.overall.longest_wait_s.reason == "only known for today"
    assert s.by_agent["agent1"].state.state == "n/a"


# --------------------------------------------------------------- order independence

STEPS = ("ringing", "answered", "ended", "missed")


@st.composite
def post_streams(draw: st.DrawFn) -> list[tuple[str, str, int, str]]:
    """Posts of a few calls (id, step, ring seconds, agent), in any order, repeated."""
    posts = []
    for i in range(draw(st.integers(1, 8))):
        ring = draw(st.integers(0, 40))
        agent = draw(st.sampled_from(["a", "b", ""]))
        final = draw(st.sampled_from(["ended", "missed"]))
        steps = ["ringing", "answered", final] if final == "ended" else ["ringing", final]
        chosen = draw(st.lists(st.sampled_from(steps), min_size=1, max_size=4))
        posts += [(f"c{i}", step, ring, agent) for step in chosen]
    return draw(st.permutations(posts))


@given(post_streams())
def test_updates_in_any_order_give_what_the_final_states_give(
        posts: list[tuple[str, str, int, str]]) -> None:
    incremental = WallAggregate(WALL, DAY)
    merged: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for call_id, step, ring, agent in posts:
        event = call_event(call_id, step, start=T0, ring=ring, agent=agent,
                           direction="inbound", hotline=agent)
        merged[call_id] = merge(merged.get(call_id), event)
        seen[call_id] = seen.get(call_id, 0) + 1
        incremental.update([CallFacts.from_event(merged[call_id], T0, seen[call_id])], NOW)
    at_once = WallAggregate(WALL, DAY)
    at_once.update([CallFacts.from_event(m, T0, seen[i]) for i, m in merged.items()], NOW)
    assert incremental.snapshot(NOW) == at_once.snapshot(NOW)
