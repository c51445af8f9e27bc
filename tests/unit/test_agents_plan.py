"""Diff and bulk planning: properties over random states and operations."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from alohub_tui.agents.bulk import Operation, plan_bulk, plan_row
from alohub_tui.agents.diff import diff_queues
from alohub_tui.agents.model import AgentInfo, KnownState, QueueSet
from alohub_tui.vntime import VN_TZ

WHEN = datetime(2026, 11, 27, 10, 0, tzinfo=VN_TZ)
queue_ids = st.frozensets(st.integers(min_value=1, max_value=8), max_size=6)
extensions = st.lists(st.sampled_from(["6088", "6089", "6188", "6688"]), max_size=3)
callouts = st.none() | st.sampled_from([99997, 99998, 99999])
queue_sets = st.builds(QueueSet.of, queue_ids, callouts, extensions)
states = st.none() | st.builds(KnownState, queue_sets, st.just(WHEN))
agents = st.builds(AgentInfo, st.just("userName60"), st.just("An"),
                   st.lists(st.sampled_from(["6088", "6089"]), max_size=2).map(tuple))


@given(queue_sets, queue_sets)
def test_diff_applied_to_before_gives_after(before: QueueSet, after: QueueSet) -> None:
    diff = diff_queues(before, after)
    callin = (set(before.callin_ids) | set(diff.callin_added)) - set(diff.callin_removed)
    assert callin == set(after.callin_ids)
    exts = (set(before.extensions) | set(diff.ext_added)) - set(diff.ext_removed)
    assert exts == set(after.extensions)
    assert not set(diff.callin_added) & set(diff.callin_removed)
    if after == before:
        assert not diff.changed and diff.summary() == "no change"


@given(queue_sets)
def test_unknown_before_shows_everything_added(after: QueueSet) -> None:
    diff = diff_queues(None, after)
    assert diff.changed and not diff.known
    assert diff.callin_added == after.callin_ids and diff.ext_added == after.extensions
    assert diff.lines()[0].startswith("? ")


def test_diff_lines_use_names_and_glyphs() -> None:
    before = KnownState(QueueSet.of([1, 3], 99998, ["6688", "6689"]), WHEN)
    lines = diff_queues(before, QueueSet.of([1, 2], 99999, ["6688"])).lines({2: "Support"})
    assert lines == ["+ callin Support (2)", "- callin 3", "~ callout 99998 -> 99999",
                     "- ext 6689"]


@given(agents, states, st.sampled_from(list(Operation)), queue_ids)
def test_plan_row_invariants(agent: AgentInfo, known: KnownState | None, op: Operation,
                             chosen: frozenset[int]) -> None:
    row = plan_row(agent, known, op, chosen)
    assert (row.wanted is None) == (row.refused is not None)
    if row.wanted is None:
        assert row.refused
        if known is None and op is not Operation.SET and chosen:
            assert "unknown" in row.refused
        return
    wanted = row.wanted
    assert row.diff is not None and row.diff.changed
    base = known.queues if known else None
    if op is Operation.SET:
        assert set(wanted.callin_ids) == chosen
    elif op is Operation.ADD:
        assert base is not None and set(wanted.callin_ids) == set(base.callin_ids) | chosen
    else:
        assert base is not None and set(wanted.callin_ids) == set(base.callin_ids) - chosen
    # Bulk never touches callout or extensions it does not know.
    own = tuple(dict.fromkeys(agent.extensions))
    assert wanted.extensions == (base.extensions if base else own)
    assert wanted.callout_id == (base.callout_id if base else None)
    assert (row.warning is not None) == (not wanted.callin_ids)
    assert wanted.body()["callinId"] == sorted(wanted.callin_ids)


def test_plan_refusals_have_reasons() -> None:
    no_ext = AgentInfo("ghost", "", ())
    known = KnownState(QueueSet.of([1], None, ["6088"]), WHEN)
    rows = plan_bulk([no_ext, AgentInfo("a", "", ("6088",))], {"a": known}, Operation.SET, [1])
    assert "extension" in (rows[0].refused or "")
    assert (rows[1].refused or "").startswith("skipped: already so")
    assert "at least one queue" in (plan_row(no_ext, known, Operation.ADD, frozenset()).refused
                                    or "")
