"""Known state, merges and the updateQueue body as the Agents tab builds it."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from alohub_tui.agents.model import (
    AgentInfo,
    KnownState,
    QueueInfo,
    QueueSet,
    after_apply,
    merge_agents,
    merge_queues,
    request_preview,
    update_queue_url,
)
from alohub_tui.config import CatalogAgent, CatalogQueue
from alohub_tui.vntime import VN_TZ

ids = st.lists(st.integers(min_value=0, max_value=2**31))
callouts = st.none() | st.integers(min_value=0, max_value=2**31)
exts = st.lists(st.from_regex(r"[0-9]{2,8}", fullmatch=True))
WHEN = datetime(2026, 11, 27, 10, 0, tzinfo=VN_TZ)


@given(ids, callouts, exts)
def test_body_has_exactly_the_documented_keys(callin: list[int], callout: int | None,
                                              extensions: list[str]) -> None:
    body = QueueSet.of(callin, callout, extensions).body()
    keys = ["action", "callinId", *(["calloutId"] if callout is not None else []),
            "lstExtension"]
    assert list(body) == keys
    assert body["action"] == "EDIT"
    assert body["callinId"] == sorted(set(callin))
    assert all(type(i) is int for i in body["callinId"])
    assert all(type(e) is str for e in body["lstExtension"])
    assert body["lstExtension"] == list(dict.fromkeys(extensions))


@given(ids, callouts, exts)
def test_body_and_state_round_trip(callin: list[int], callout: int | None,
                                   extensions: list[str]) -> None:
    wanted = QueueSet.of(callin, callout, extensions)
    assert QueueSet.from_body(wanted.body()) == wanted
    state = KnownState(wanted, WHEN)
    assert KnownState.from_dict(state.to_dict()) == state


def test_malformed_state_is_unknown() -> None:
    for bad in ({}, {"callin_ids": "1,2", "applied_at": "2026-11-27T10:00:00"},
                {"callin_ids": [True], "applied_at": "2026-11-27T10:00:00"},
                {"callin_ids": [1], "applied_at": "yesterday"}):
        assert KnownState.from_dict(bad) is None


def test_unsent_callout_keeps_the_known_one() -> None:
    before = KnownState(QueueSet.of([1], 99999, ["6688"]), WHEN)
    after = after_apply(before, QueueSet.of([2], None, ["6688"]), WHEN)
    assert after.queues == QueueSet.of([2], 99999, ["6688"])
    assert after_apply(None, QueueSet.of([2]), WHEN).queues.callout_id is None


def test_merge_agents_catalog_name_wins_and_extensions_union() -> None:
    catalog = [CatalogAgent("b", "Bee", ("1088",)), CatalogAgent("a", "", ())]
    listed = [AgentInfo("b", "Listed B", ("1089", "1088")), AgentInfo("c", "Cee", ("1288",)),
              AgentInfo("a", "Ay", ("1188",))]
    merged = merge_agents(catalog, listed)
    assert [a.user_name for a in merged] == ["a", "b", "c"]
    assert merged[0] == AgentInfo("a", "Ay", ("1188",), listed=True, in_catalog=True)
    assert merged[1].name == "Bee" and merged[1].extensions == ("1088", "1089")
    assert merged[2].in_catalog is False


def test_merge_queues_keeps_catalog_order_then_listed() -> None:
    merged = merge_queues([CatalogQueue(9, "Nine"), CatalogQueue(2, "")],
                          [QueueInfo(2, "Two"), QueueInfo(5, "Five"), QueueInfo(1, "One")])
    assert merged == [QueueInfo(9, "Nine"), QueueInfo(2, "Two"), QueueInfo(1, "One"),
                      QueueInfo(5, "Five")]
    assert merged[0].label == "Nine (9)" and QueueInfo(7).label == "7"


def test_filter_matches_user_name_name_and_extension() -> None:
    agent = AgentInfo("userName66", "Trần Thu Hà", ("6688",))
    assert agent.matches("name66") and agent.matches("thu") and agent.matches("668")
    assert agent.matches("") and not agent.matches("6788")


def test_request_preview_is_the_vendor_example() -> None:
    line, body = request_preview("http://h:9909/api/", "userName66",
                                 QueueSet.of([2, 1], 99999, ["6688"]))
    assert line == "POST http://h:9909/api/setting/agent/updateQueue?userName=userName66"
    assert body == '{"action": "EDIT", "callinId": [1, 2], "calloutId": 99999, ' \
                   '"lstExtension": ["6688"]}'
    assert update_queue_url("http://h/api", "a b&c") == (
        "http://h/api/setting/agent/updateQueue?userName=a+b%26c"
    )
