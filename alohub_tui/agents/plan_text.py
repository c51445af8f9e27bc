"""A plan in words, for ``plan show`` and the TUI's plan list (no diff, no state)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .plans import AgentLayout, Plan, PlanRule


def _queues(ids: Iterable[int], names: Mapping[int, str]) -> str:
    labels = [f"{names[i]} ({i})" if names.get(i) else str(i) for i in ids]
    return ", ".join(labels) or "none"


def layout_text(layout: AgentLayout, names: Mapping[int, str]) -> str:
    """``userName60: callin Sales (1), Support (2) · callout Outbound (99999) · ext 6088``."""
    callout = (_queues([layout.callout], names) if layout.callout is not None
               else "kept (not sent)")
    if layout.extensions is None:
        exts = "kept (last known, else the catalog's)"
    else:
        exts = ", ".join(layout.extensions) or "none (cleared)"
    return (f"{layout.user_name}: callin {_queues(layout.callin, names)} · callout {callout}"
            f" · ext {exts}")


def rule_text(rule: PlanRule, names: Mapping[int, str]) -> list[str]:
    changes = []
    if rule.add_callin:
        changes.append(f"join callin {_queues(rule.add_callin, names)}")
    if rule.remove_callin:
        changes.append(f"leave callin {_queues(rule.remove_callin, names)}")
    who = (", ".join(rule.agents) + " (unless agents are marked / named with --agent)"
           if rule.agents else "the marked agents (TUI) or those named with --agent")
    return ["; ".join(changes) + " · other queues, callout and extensions kept",
            f"applies to: {who}"]


def describe_plan(plan: Plan, names: Mapping[int, str] | None = None) -> list[str]:
    """Title line, description, then one line per agent (or the rule)."""
    names = names or {}
    kind = "rule" if plan.rule is not None else f"{len(plan.layouts)} agent layouts"
    lines = [f"plan {plan.name} · {kind}" + (" · saved from the demo" if plan.demo else "")]
    if plan.description:
        lines.append(plan.description)
    if plan.rule is not None:
        lines += rule_text(plan.rule, names)
    else:
        lines += [layout_text(layout, names) for layout in plan.layouts]
    return lines
