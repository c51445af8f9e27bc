"""A plan against the last known states: changed, unchanged, unknown, refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from alohub_tui.agents.bulk import NO_CALLIN_WARNING
from alohub_tui.agents.model import AgentInfo, KnownState, QueueSet
from alohub_tui.agents.plan_diff import (
    CLEARS_EXTENSIONS,
    NOT_LISTED,
    NoTargets,
    RowKind,
    diff_lines,
    diff_plan,
)
from alohub_tui.agents.plans import AgentLayout, Plan, PlanRule
from alohub_tui.vntime import VN_TZ

WHEN = datetime(2026, 11, 27, 7, 0, tzinfo=VN_TZ)
AGENTS = [AgentInfo("userName60", "An", ("6088",)), AgentInfo("userName61", "Bình", ("6188",)),
          AgentInfo("userName62", "Chi", ()), AgentInfo("userName66", "Dũng", ("6688",))]
NAMES = {1: "Sales", 2: "Support", 3: "Billing", 99999: "Outbound", 99998: "Telesales"}


def known(callin: list[int], callout: int | None, exts: list[str]) -> KnownState:
    return KnownState(QueueSet.of(callin, callout, exts), WHEN)


KNOWN = {
    "userName60": known([1, 2], 99999, ["6088"]),
    "userName61": known([2], 99998, ["6188"]),
}
MORNING = Plan("morning", "Morning", (
    AgentLayout("userName60", (2, 1), 99999, ("6088",)),  # already so
    AgentLayout("userName61", (1, 2), 99999, None),  # changes; extensions kept
    AgentLayout("userName66", (1, 2, 3), None, ("6688",)),  # never applied here
    AgentLayout("userName62", (1,), None, None),  # unknown, no extension anywhere
))


def test_layouts_against_known_and_unknown_states() -> None:
    same, change, unknown, refused = diff_plan(MORNING, KNOWN, AGENTS).rows
    assert same.kind is RowKind.SAME and not same.sendable
    assert change.kind is RowKind.CHANGE and change.sendable
    assert change.wanted == QueueSet.of([1, 2], 99999, ["6188"])
    assert change.previous == KNOWN["userName61"]
    assert unknown.kind is RowKind.UNKNOWN and unknown.sendable  # EDIT sets the whole state
    assert unknown.wanted == QueueSet.of([1, 2, 3], None, ["6688"])
    assert refused.kind is RowKind.REFUSED and not refused.sendable
    assert refused.reason is not None and "no known extension" in refused.reason
    assert diff_plan(MORNING, KNOWN, AGENTS).summary() == (
        "4 agents: 1 to change, 1 unknown, 1 unchanged, 1 refused")


def test_the_diff_in_words_names_queues_and_flags_unknown_state() -> None:
    rows = diff_plan(MORNING, KNOWN, AGENTS).rows
    assert diff_lines(rows, AGENTS, NAMES) == [
        "= userName60 (An) · unchanged (already so)",
        "~ userName61 (Bình) · will change",
        "    + callin Sales (1)",
        "    ~ callout Telesales (99998) -> Outbound (99999)",
        "? userName66 (Dũng) · state unknown: lists replaced",
        "    + callin Sales (1)",
        "    + callin Support (2)",
        "    + callin Billing (3)",
        "    + ext 6688",
        "– userName62 (Chi) · not sent: no known extension, and EDIT would clear the agent's "
        "extensions; use the editor first (or list extensions in the plan)",
    ]


def test_callout_left_out_keeps_the_known_one() -> None:
    plan = Plan("p", layouts=(AgentLayout("userName61", (2,), None, ("6188",)),))
    (row,) = diff_plan(plan, KNOWN, AGENTS).rows
    assert row.kind is RowKind.SAME  # calloutId not sent: the server keeps 99998


def test_warnings_no_callin_cleared_extensions_and_unlisted_agent() -> None:
    plan = Plan("p", layouts=(AgentLayout("userName60", (), None, ()),
                              AgentLayout("ghost99", (1,), None, ("9988",))))
    empty, ghost = diff_plan(plan, KNOWN, AGENTS).rows
    assert empty.kind is RowKind.CHANGE
    assert empty.warnings == (CLEARS_EXTENSIONS, NO_CALLIN_WARNING)
    assert empty.wanted == QueueSet.of([], None, [])
    assert ghost.kind is RowKind.UNKNOWN and ghost.warnings == (NOT_LISTED,)
    # With no catalog at all (a bare config), no agent is flagged as unlisted.
    (bare,) = diff_plan(Plan("q", layouts=(AgentLayout("ghost99", (1,), None, ("99",)),)),
                        {}, []).rows
    assert bare.warnings == ()


RULE = Plan("lunch", rule=PlanRule(add_callin=(3,), remove_callin=(2,),
                                   agents=("userName60", "userName62")))


def test_a_rule_changes_known_callin_and_keeps_the_rest() -> None:
    changed, refused = diff_plan(RULE, KNOWN, AGENTS).rows
    assert changed.wanted == QueueSet.of([1, 3], 99999, ["6088"])
    assert changed.diff is not None
    assert (changed.diff.callin_added, changed.diff.callin_removed) == ((3,), (2,))
    assert refused.kind is RowKind.REFUSED  # a delta cannot be computed from nothing
    assert refused.reason is not None and "unknown" in refused.reason


def test_a_rule_applies_to_the_chosen_agents_else_its_own_list() -> None:
    (row,) = diff_plan(RULE, KNOWN, AGENTS, ["userName61"]).rows
    assert row.user_name == "userName61"
    assert row.wanted == QueueSet.of([3], 99998, ["6188"])
    assert row.warnings == ()
    bare = Plan("outage", rule=PlanRule(remove_callin=(3,)))
    with pytest.raises(NoTargets, match="--agent"):
        diff_plan(bare, KNOWN, AGENTS)
    (same,) = diff_plan(bare, KNOWN, AGENTS, ["userName60"]).rows
    assert same.kind is RowKind.SAME


def test_a_rule_never_sends_an_agent_without_extensions() -> None:
    """EDIT replaces the lists it is sent: a state with no extension (read from Alohub
    for an agent listed without one) would have its extensions cleared."""
    bare = {"userName62": known([1], None, [])}
    (row,) = diff_plan(RULE, bare, AGENTS, ["userName62"]).rows
    assert row.kind is RowKind.REFUSED
    assert row.reason is not None and "extension" in row.reason
