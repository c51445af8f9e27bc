"""What a plan would change, agent by agent, against the last known state.

Each agent gets one :class:`PlanRow`: a change to send, "unchanged", "state unknown"
(still sendable: EDIT sets the whole state) or refused with the reason. Nothing is
sent from here; the rows are what the TUI and ``plan diff`` show and what a run sends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .bulk import NO_CALLIN_WARNING, NO_EXTENSIONS
from .diff import QueueDiff, diff_queues
from .model import AgentInfo, KnownState, QueueSet
from .plans import AgentLayout, Plan, PlanRule

CLEARS_EXTENSIONS = "clears the agent's extensions (extensions = [])"
NOT_LISTED = "not in the catalog or the agent listing: check the user name"
RULE_ON_UNKNOWN = ("last known queues unknown, so the rule cannot be computed (EDIT replaces "
                   "the lists): apply a layout plan or use the editor first")


class RowKind(StrEnum):
    CHANGE = "change"
    UNKNOWN = "unknown"
    SAME = "unchanged"
    REFUSED = "refused"

    @property
    def glyph(self) -> str:
        return {"change": "~", "unknown": "?", "unchanged": "=", "refused": "–"}[self.value]


@dataclass(frozen=True)
class PlanRow:
    """One agent's part of a plan: what would be sent, against what, or why not.

    ``undo_of`` is set on the rows of an undo run: the audit entry they reverse.
    """

    user_name: str
    kind: RowKind
    wanted: QueueSet | None = None
    previous: KnownState | None = None
    diff: QueueDiff | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()
    undo_of: str | None = None

    @property
    def sendable(self) -> bool:
        return self.wanted is not None and self.kind in (RowKind.CHANGE, RowKind.UNKNOWN)

    def headline(self, display_name: str = "") -> str:
        """``~ userName60 (An) · will change``: the glyph says it without colour."""
        who = f"{self.user_name} ({display_name})" if display_name else self.user_name
        status = {
            RowKind.CHANGE: "will change",
            RowKind.UNKNOWN: "state unknown: lists replaced",
            RowKind.SAME: "unchanged (already so)",
            RowKind.REFUSED: f"not sent: {self.reason}",
        }[self.kind]
        return f"{self.kind.glyph} {who} · {status}"

    def detail_lines(self, names: Mapping[int, str] | None = None) -> list[str]:
        """The diff (``+ callin Sales (1)``...) then warnings (``⚠ ...``)."""
        lines: list[str] = []
        if self.diff is not None and self.kind in (RowKind.CHANGE, RowKind.UNKNOWN):
            lines += [line for line in self.diff.lines(names) if not line.startswith("?")]
        lines += [f"⚠ {warning}" for warning in self.warnings]
        return lines


def classify(
    user_name: str, previous: KnownState | None, wanted: QueueSet,
    warnings: Sequence[str] = (), undo_of: str | None = None,
) -> PlanRow:
    """The row for sending ``wanted`` to an agent whose known state is ``previous``."""
    diff = diff_queues(previous, wanted)
    kind = RowKind.CHANGE if diff.changed else RowKind.SAME
    if previous is None:
        kind = RowKind.UNKNOWN
    found = list(warnings)
    if kind is not RowKind.SAME and not wanted.callin_ids:
        found.append(NO_CALLIN_WARNING)
    return PlanRow(user_name, kind, wanted, previous, diff, warnings=tuple(found),
                   undo_of=undo_of)


def layout_row(
    layout: AgentLayout, previous: KnownState | None, agent: AgentInfo | None
) -> PlanRow:
    """A full layout: extensions left out of the plan keep the known ones (or catalog's)."""
    warnings: list[str] = [NOT_LISTED] if agent is None else []
    extensions = layout.extensions
    if extensions is None:
        if previous is not None:
            extensions = previous.queues.extensions
        elif agent is not None and agent.extensions:
            extensions = agent.extensions
        else:
            return PlanRow(layout.user_name, RowKind.REFUSED, previous=previous,
                           reason=NO_EXTENSIONS.removeprefix("refused: ")
                           + " (or list extensions in the plan)", warnings=tuple(warnings))
    elif not extensions:
        warnings.append(CLEARS_EXTENSIONS)
    wanted = QueueSet.of(layout.callin, layout.callout, extensions)
    return classify(layout.user_name, previous, wanted, warnings)


def rule_row(rule: PlanRule, user_name: str, previous: KnownState | None,
             agent: AgentInfo | None) -> PlanRow:
    """Add/remove over the known callin queues; known callout and extensions kept."""
    warnings = () if agent is not None else (NOT_LISTED,)
    if previous is None:
        return PlanRow(user_name, RowKind.REFUSED, reason=RULE_ON_UNKNOWN, warnings=warnings)
    queues = previous.queues
    if not queues.extensions:  # EDIT would clear them: a rule never does
        return PlanRow(user_name, RowKind.REFUSED, previous=previous,
                       reason=NO_EXTENSIONS.removeprefix("refused: "), warnings=warnings)
    callin = (set(queues.callin_ids) | set(rule.add_callin)) - set(rule.remove_callin)
    wanted = QueueSet.of(callin, queues.callout_id, queues.extensions)
    return classify(user_name, previous, wanted, warnings)


@dataclass(frozen=True)
class PlanDiff:
    """Every row of one plan, in the plan's order, and the counts of each kind."""

    plan: Plan
    rows: tuple[PlanRow, ...]

    def count(self, kind: RowKind) -> int:
        return sum(1 for row in self.rows if row.kind is kind)

    @property
    def sendable(self) -> list[PlanRow]:
        return [row for row in self.rows if row.sendable]

    def summary(self) -> str:
        return summarize(self.rows)


def summarize(rows: Sequence[PlanRow]) -> str:
    """``4 agents: 2 to change, 1 unknown, 1 unchanged``."""
    counts = {kind: sum(1 for row in rows if row.kind is kind) for kind in RowKind}
    parts = [f"{counts[RowKind.CHANGE]} to change"]
    parts += [f"{counts[kind]} {kind.value}"
              for kind in (RowKind.UNKNOWN, RowKind.SAME, RowKind.REFUSED) if counts[kind]]
    return f"{len(rows)} agent{'s' if len(rows) != 1 else ''}: " + ", ".join(parts)


class NoTargets(ValueError):
    """A rule plan with no agent to apply it to."""


def rule_targets(plan: Plan, chosen: Sequence[str] = ()) -> tuple[str, ...]:
    """The agents a rule plan applies to: ``chosen`` (marked / --agent), else its own list."""
    if plan.rule is None:
        return plan.agent_names
    targets = tuple(dict.fromkeys(chosen)) or plan.rule.agents
    if not targets:
        raise NoTargets(f"plan {plan.name} is a rule with no agents = [...]: mark agents "
                        "(TUI) or name them with --agent USER")
    return targets


def diff_plan(
    plan: Plan, known: Mapping[str, KnownState], agents: Sequence[AgentInfo],
    chosen: Sequence[str] = (),
) -> PlanDiff:
    """The rows of ``plan``; a rule applies to ``chosen`` agents if any (see rule_targets).

    ``agents`` (catalog and listing) give display names and catch mistyped user names;
    when there are none at all (no catalog configured) no agent is flagged as unlisted.
    """
    by_name = {agent.user_name: agent for agent in agents}

    def info(user: str) -> AgentInfo | None:
        return by_name.get(user) if by_name else AgentInfo(user)

    if plan.rule is None:
        rows = [layout_row(layout, known.get(layout.user_name), info(layout.user_name))
                for layout in plan.layouts]
    else:
        rows = [rule_row(plan.rule, user, known.get(user), info(user))
                for user in rule_targets(plan, chosen)]
    return PlanDiff(plan, tuple(rows))


def diff_lines(rows: Sequence[PlanRow], agents: Sequence[AgentInfo],
               names: Mapping[int, str] | None = None) -> list[str]:
    """The whole diff as text: a headline per agent and its changes indented below."""
    display = {agent.user_name: agent.name for agent in agents}
    lines: list[str] = []
    for row in rows:
        lines.append(row.headline(display.get(row.user_name, "")))
        lines += [f"    {line}" for line in row.detail_lines(names)]
    return lines
