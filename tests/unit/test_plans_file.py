"""plans.toml: the example loads, and every problem names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from alohub_tui.agents.plans import (
    AgentLayout,
    PlanError,
    PlanRule,
    example_text,
    load_plans,
    parse_plans,
    plans_path,
)

FILE = Path("/cfg/plans.toml")


def problems_of(text: str) -> list[str]:
    return [str(p) for p in parse_plans(text.encode(), FILE).all_problems()]


def test_the_shipped_example_loads_every_plan_without_a_problem() -> None:
    shipped = Path(__file__).parents[2] / "plans.example.toml"
    text = shipped.read_text(encoding="utf-8")
    assert example_text() == text

    def line_of(header: str) -> int:
        return text.splitlines().index(header) + 1

    plans = parse_plans(shipped.read_bytes(), shipped)
    assert plans.all_problems() == []
    assert list(plans.plans) == ["morning", "evening", "lunch", "billing-outage", "vip-swap"]
    morning = plans.plans["morning"]
    assert morning.description.startswith("Morning shift")
    assert morning.layouts[2] == AgentLayout("userName66", (1, 2, 3), 99999, ("6688",),
                                             line=line_of("[plans.morning.agents.userName66]"))
    evening = plans.plans["evening"].layouts
    assert evening[1] == AgentLayout("userName61", (), None, None,
                                     line=line_of("[plans.evening.agents.userName61]"))
    assert plans.plans["lunch"].rule == PlanRule((1,), (), ("userName62", "userName63"))
    assert plans.plans["billing-outage"].rule == PlanRule((), (3,), ())
    assert plans.plans["vip-swap"].kind == "rule"


def test_plans_live_beside_the_config_in_use(tmp_path: Path) -> None:
    assert plans_path(tmp_path / "etc" / "config.toml") == tmp_path / "etc" / "plans.toml"
    assert plans_path(None).name == "plans.toml"


BROKEN = """\
# a comment
[plans.morning]
description = "ok"
[plans.morning.agents.userName60]
callin = [
  1,
  "two",
]
extension = ["6088"]

[plans.morning.agents.userName61]
callout = -5
extensions = ["60a8", "6188", "6188"]

[plans.lunch.rule]
add_callin = [1, 3]
remove_callin = [3]

[plans.good]
agents.userName66 = { callin = [2], extensions = ["6688"] }

[plans.both]
rule.add_callin = [1]
[plans.both.agents.userName62]
callin = [1]

[plans.empty]
description = "nothing here"

[plans."bad name"]
rule = { remove_callin = [true] }
"""


def test_each_problem_says_file_line_key_and_what_is_wrong() -> None:
    assert problems_of(BROKEN) == [
        "/cfg/plans.toml:7: plans.morning.agents.userName60.callin[1]: expected a queue id "
        '(a whole number), got "two"',
        "/cfg/plans.toml:9: plans.morning.agents.userName60.extension: unknown key (did you "
        'mean "extensions"? known: callin, callout, extensions)',
        "/cfg/plans.toml:11: plans.morning.agents.userName61: callin is required: the "
        "complete list of callin queue ids (callin = [] takes the agent out of every queue)",
        "/cfg/plans.toml:12: plans.morning.agents.userName61.callout: a queue id cannot be "
        "negative, got -5",
        "/cfg/plans.toml:13: plans.morning.agents.userName61.extensions[0]: An extension is "
        "2 to 8 digits, got '60a8'.",
        "/cfg/plans.toml:13: plans.morning.agents.userName61.extensions[2]: extension 6188 "
        "is listed twice",
        "/cfg/plans.toml:17: plans.lunch.rule.remove_callin[0]: queue 3 is both added and "
        "removed",
        "/cfg/plans.toml:22: plans.both: has both agents and a rule: a plan is one or the "
        "other",
        "/cfg/plans.toml:27: plans.empty: is empty: add [plans.empty.agents.USERNAME] tables "
        "or a [plans.empty.rule]",
        '/cfg/plans.toml:30: plans."bad name": a plan name is 1 to 40 letters, digits, - or _',
        '/cfg/plans.toml:31: plans."bad name".rule.remove_callin[0]: expected a queue id (a '
        "whole number), got true",
    ]


def test_a_broken_plan_spoils_only_itself() -> None:
    plans = parse_plans(BROKEN.encode(), FILE)
    assert list(plans.plans) == ["good"]
    assert plans.plans["good"].layouts == (AgentLayout("userName66", (2,), None, ("6688",), 20),)
    assert set(plans.broken) == {"morning", "lunch", "both", "empty", "bad name"}
    with pytest.raises(PlanError) as info:
        plans.find("lunch")
    assert info.value.lines == [
        "/cfg/plans.toml:17: plans.lunch.rule.remove_callin[0]: queue 3 is both added and removed"
    ]
    with pytest.raises(PlanError) as info:
        plans.find("godo")
    assert info.value.lines == ['/cfg/plans.toml: no plan named "godo" (did you mean "good"?); '
                                "plans: morning, lunch, good, both, empty, bad name"]


def test_syntax_and_top_level_problems_spoil_the_whole_file() -> None:
    assert problems_of('[plans.a]\ndescription = "x"\ncallin = [1,\n  x]\n') == [
        "/cfg/plans.toml:4: not valid TOML: Invalid value (column 3)"]
    assert problems_of('[plans.a]\ndescription = "x"\ndescription = "y"\n') == [
        "/cfg/plans.toml:3: not valid TOML: Cannot overwrite a value (column 18)"]
    assert problems_of('[plans.a]\ndescription = "x\n') == [
        "/cfg/plans.toml:2: not valid TOML: Illegal character '\\n' (column 17)"]
    assert problems_of('\n[plan.morning]\ndescription = "x"\n') == [
        '/cfg/plans.toml:2: plan: unknown key (did you mean "plans"? known: plans)']
    assert problems_of('x = 1\nplans = [1]\n') == [
        "/cfg/plans.toml:1: x: unknown key (known: plans)",
        "/cfg/plans.toml:2: plans: expected a table like [plans.NAME], got a list",
    ]
    plans = parse_plans('# ok\n[plans.a.rule]\nadd_callin = [1]\n\u00e9'.encode("latin-1"), FILE)
    assert [str(p) for p in plans.problems] == [
        "/cfg/plans.toml:4: not UTF-8 text (save the file as UTF-8)"]
    with pytest.raises(PlanError):
        plans.find("a")


def test_a_missing_file_is_empty_and_an_unreadable_one_says_why(tmp_path: Path) -> None:
    missing = load_plans(tmp_path / "plans.toml")
    assert missing.text is None and missing.names == [] and missing.all_problems() == []
    with pytest.raises(PlanError, match="no plans file yet"):
        missing.find("morning")
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    (problem,) = load_plans(folder).problems
    assert str(problem).startswith(f"{folder}: cannot read it")
