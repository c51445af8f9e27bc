"""Queue plans: named target layouts, kept in ``plans.toml`` beside the config file.

A plan is either a set of full EDIT layouts (one table per agent) or a rule over
agents (add/remove callin queues). The file is the user's: written by hand or
appended to by the TUI (see :mod:`.plan_save`), never rewritten. Every problem names
its file and line (``plans.toml:12: plans.morning.agents.x.callin[1]: ...``).
A problem inside one plan spoils that plan only; the others stay usable, so a typo
in the lunch plan does not stop the morning cron job.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from alohub_tui import paths
from alohub_tui.api.errors import InvalidInput
from alohub_tui.api.phone import validate_extension

from .toml_lines import KeyLines, KeyPath, dotted, key_lines, toml_key, toml_string

PLANS_FILE_NAME = "plans.toml"
PLAN_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")
PLAN_NAME_RULE = "a plan name is 1 to 40 letters, digits, - or _"
T = TypeVar("T")
_SYNTAX_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")

PLAN_KEYS = ("description", "demo", "agents", "rule")
LAYOUT_KEYS = ("callin", "callout", "extensions")
RULE_KEYS = ("add_callin", "remove_callin", "agents")


def plans_path(config_source: Path | None) -> Path:
    """``plans.toml`` in the folder of the config file in use (or of the default one)."""
    folder = config_source.parent if config_source else paths.default_config_path().parent
    return folder / PLANS_FILE_NAME


@dataclass(frozen=True)
class PlanProblem:
    """One thing wrong in the plans file, with its place."""

    file: Path
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@dataclass(frozen=True)
class AgentLayout:
    """One agent's target state. ``extensions`` None: not in the plan (kept)."""

    user_name: str
    callin: tuple[int, ...]
    callout: int | None = None
    extensions: tuple[str, ...] | None = None
    line: int = 0


@dataclass(frozen=True)
class PlanRule:
    """Add/remove callin queues; ``agents`` are the default targets (else: the marked)."""

    add_callin: tuple[int, ...] = ()
    remove_callin: tuple[int, ...] = ()
    agents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    name: str
    description: str = ""
    layouts: tuple[AgentLayout, ...] = ()
    rule: PlanRule | None = None
    demo: bool = False  # saved from the demo: applied only to the demo
    line: int = 0

    @property
    def kind(self) -> str:
        return "rule" if self.rule is not None else "layout"

    @property
    def agent_names(self) -> tuple[str, ...]:
        if self.rule is not None:
            return self.rule.agents
        return tuple(layout.user_name for layout in self.layouts)


def demo_refusal(plan: Plan, file: Path, demo: bool) -> str | None:
    """Why ``plan`` must not be applied here: saved from the demo, used on a tenant."""
    if not plan.demo or demo:
        return None
    return (f"plan {plan.name} was saved from the demo (demo = true, {file}:{plan.line}): "
            "it is applied only with --demo; delete that line to use it on your tenant")


class PlanError(Exception):
    """A plan that cannot be used: one line per problem, already phrased for the user."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


@dataclass(frozen=True)
class PlanFile:
    """The plans file as read: usable plans, broken ones with their problems."""

    path: Path
    plans: Mapping[str, Plan]
    broken: Mapping[str, tuple[PlanProblem, ...]]
    problems: tuple[PlanProblem, ...] = ()  # spoil the whole file (syntax, top level)
    text: bytes | None = None  # as read, to notice a change on disk before appending
    order: tuple[str, ...] = ()  # every plan name, usable or not, in file order

    @property
    def names(self) -> list[str]:
        """Every plan name, usable or not, in file order."""
        return list(self.order)

    def all_problems(self) -> list[PlanProblem]:
        found = list(self.problems)
        for problems in self.broken.values():
            found.extend(problems)
        return sorted(found, key=lambda p: p.line or 0)

    def find(self, name: str) -> Plan:
        """The plan called ``name``, or :class:`PlanError` saying why it cannot be used."""
        if self.problems:
            raise PlanError([str(p) for p in self.problems])
        if name in self.broken:
            raise PlanError([str(p) for p in self.broken[name]])
        plan = self.plans.get(name)
        if plan is None:
            if self.text is None:
                raise PlanError([f"{self.path}: no plans file yet (see plans.example.toml)"])
            known = ", ".join(self.names) or "none"
            close = difflib.get_close_matches(name, self.names, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise PlanError([f'{self.path}: no plan named "{name}"{hint}; plans: {known}'])
        return plan


# ---------------------------------------------------------------- reading


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


class _Reader:
    """Checks the data of one plan, collecting problems with their lines."""

    def __init__(self, file: Path, lines: KeyLines) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[PlanProblem] = []

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append(PlanProblem(self.file, self.lines.line(path), dotted(path), message))

    def unknown_keys(self, data: Mapping[str, Any], path: KeyPath, known: Sequence[str]) -> None:
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f'did you mean "{close[0]}"? ' if close else ""
                self.problem((*path, key), f"unknown key ({hint}known: {', '.join(known)})")

    def table(self, value: Any, path: KeyPath, example: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(path, f"expected a table like {example}, got {_describe(value)}")
        return None

    def queue_id(self, value: Any, path: KeyPath) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"expected a queue id (a whole number), got {_describe(value)}")
            return None
        if value < 0:
            self.problem(path, f"a queue id cannot be negative, got {value}")
            return None
        return value

    def items(
        self, value: Any, path: KeyPath, what: str,
        check: Callable[[Any, KeyPath], T | None], twice: Callable[[T], str],
    ) -> tuple[T, ...] | None:
        """A list whose every item passes ``check`` once (None: a problem was noted)."""
        if not isinstance(value, list):
            self.problem(path, f"expected a list of {what}, got {_describe(value)}")
            return None
        found: list[T] = []
        for index, item in enumerate(value):
            checked = check(item, (*path, index))
            if checked is not None and checked in found:
                self.problem((*path, index), twice(checked))
            elif checked is not None:
                found.append(checked)
        return tuple(found) if len(found) == len(value) else None

    def queue_ids(self, value: Any, path: KeyPath) -> tuple[int, ...] | None:
        return self.items(value, path, "queue ids like [1, 2]", self.queue_id,
                          lambda queue: f"queue {queue} is listed twice")

    def user_name(self, value: Any, path: KeyPath) -> str | None:
        if isinstance(value, str) and value.strip() and value.isprintable():
            return value
        self.problem(path, f"expected an agent user name, got {_describe(value)}")
        return None

    def names(self, value: Any, path: KeyPath) -> tuple[str, ...] | None:
        return self.items(value, path, 'user names like ["userName66"]', self.user_name,
                          lambda name: f"{name} is listed twice")

    def extension(self, value: Any, path: KeyPath) -> str | None:
        if not isinstance(value, str):
            self.problem(path, f'expected an extension in quotes like "6688", '
                         f"got {_describe(value)}")
            return None
        try:
            return validate_extension(value)
        except InvalidInput as exc:
            self.problem(path, exc.message)
            return None

    def extensions(self, value: Any, path: KeyPath) -> tuple[str, ...] | None:
        return self.items(value, path, 'extensions like ["6688"]', self.extension,
                          lambda ext: f"extension {ext} is listed twice")

    # ---------------------------------------------------------------- plan parts

    def layout(self, user: str, value: Any, path: KeyPath) -> AgentLayout | None:
        data = self.table(value, path, f"[{dotted(path)}]")
        if data is None:
            return None
        start = len(self.problems)
        if not user.strip() or not user.isprintable():
            self.problem(path, "the agent's user name must not be empty")
        self.unknown_keys(data, path, LAYOUT_KEYS)
        callin: tuple[int, ...] | None = None
        if "callin" not in data:
            self.problem(path, "callin is required: the complete list of callin queue ids "
                         "(callin = [] takes the agent out of every queue)")
        else:
            callin = self.queue_ids(data["callin"], (*path, "callin"))
        callout = self.queue_id(data["callout"], (*path, "callout")) if "callout" in data else None
        exts = (self.extensions(data["extensions"], (*path, "extensions"))
                if "extensions" in data else None)
        if len(self.problems) > start or callin is None:
            return None
        return AgentLayout(user, callin, callout, exts, self.lines.line(path))

    def rule(self, value: Any, path: KeyPath) -> PlanRule | None:
        data = self.table(value, path, f"[{dotted(path)}]")
        if data is None:
            return None
        start = len(self.problems)
        self.unknown_keys(data, path, RULE_KEYS)
        add = self.queue_ids(data.get("add_callin", []), (*path, "add_callin"))
        remove = self.queue_ids(data.get("remove_callin", []), (*path, "remove_callin"))
        agents = self.names(data.get("agents", []), (*path, "agents"))
        if add is not None and remove is not None:
            if not add and not remove:
                self.problem(path, "a rule needs add_callin or remove_callin (a list of ids)")
            for queue in sorted(set(add) & set(remove)):
                self.problem((*path, "remove_callin", remove.index(queue)),
                             f"queue {queue} is both added and removed")
        if len(self.problems) > start or add is None or remove is None or agents is None:
            return None
        return PlanRule(add, remove, agents)

    def plan(self, name: str, value: Any) -> Plan | None:
        path: KeyPath = ("plans", name)
        start = len(self.problems)
        if not PLAN_NAME.fullmatch(name):
            self.problem(path, PLAN_NAME_RULE)
        data = self.table(value, path, f"[plans.{toml_key(name)}]")
        if data is None:
            return None
        self.unknown_keys(data, path, PLAN_KEYS)
        description = data.get("description", "")
        if not isinstance(description, str):
            self.problem((*path, "description"), f"expected text, got {_describe(description)}")
        demo = data.get("demo", False)
        if not isinstance(demo, bool):
            self.problem((*path, "demo"), f"expected true or false, got {_describe(demo)}")
        layouts: list[AgentLayout] = []
        agents = data.get("agents")
        if agents is not None:
            table = self.table(agents, (*path, "agents"),
                               f"[plans.{toml_key(name)}.agents.USERNAME]")
            for user, layout_data in (table or {}).items():
                layout = self.layout(user, layout_data, (*path, "agents", user))
                if layout is not None:
                    layouts.append(layout)
        rule = self.rule(data["rule"], (*path, "rule")) if "rule" in data else None
        if "agents" in data and "rule" in data:
            self.problem(path, "has both agents and a rule: a plan is one or the other")
        elif "agents" not in data and "rule" not in data:
            self.problem(path, f"is empty: add [plans.{toml_key(name)}.agents.USERNAME] tables "
                         f"or a [plans.{toml_key(name)}.rule]")
        elif agents is not None and not agents:
            self.problem((*path, "agents"), "lists no agent")
        if len(self.problems) > start:
            return None
        return Plan(name, str(description), tuple(layouts), rule, bool(demo),
                    self.lines.line(path))


def _syntax_problem(file: Path, text: str, exc: tomllib.TOMLDecodeError) -> PlanProblem:
    message = str(exc)
    match = _SYNTAX_POSITION.search(message)
    if match:
        return PlanProblem(file, int(match[1]), "", f"not valid TOML: {message[:match.start()]}"
                           f" (column {match[2]})")
    last = text.count("\n") + (0 if text.endswith("\n") else 1)
    return PlanProblem(file, max(last, 1), "", f"not valid TOML: {message}")


def parse_plans(raw: bytes, file: Path) -> PlanFile:
    """Read the plans file's bytes: every plan checked, each problem with its line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = PlanProblem(file, line, "", "not UTF-8 text (save the file as UTF-8)")
        return PlanFile(file, {}, {}, (problem,), raw)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return PlanFile(file, {}, {}, (_syntax_problem(file, text, exc),), raw)
    reader = _Reader(file, key_lines(text))
    reader.unknown_keys(data, (), ("plans",))
    file_problems = list(reader.problems)
    plans: dict[str, Plan] = {}
    broken: dict[str, tuple[PlanProblem, ...]] = {}
    table = reader.table(data.get("plans", {}), ("plans",), "[plans.NAME]")
    if table is None:
        file_problems.extend(reader.problems[len(file_problems):])
    for name, value in (table or {}).items():
        reader.problems = []
        plan = reader.plan(name, value)
        if plan is not None:
            plans[name] = plan
        else:
            broken[name] = tuple(reader.problems)
    return PlanFile(file, plans, broken, tuple(file_problems), raw, tuple(table or {}))


def example_text() -> str:
    """The commented example file (plans.example.toml, shipped in the package)."""
    packaged = Path(__file__).parent.parent / "plans.example.toml"
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).parents[2] / "plans.example.toml").read_text(encoding="utf-8")


def load_plans(file: Path) -> PlanFile:
    """The plans file at ``file``; a missing file is an empty one (``text`` None)."""
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return PlanFile(file, {}, {})
    except OSError as exc:
        problem = PlanProblem(file, None, "", f"cannot read it ({exc.strerror or exc})")
        return PlanFile(file, {}, {}, (problem,))
    return parse_plans(raw, file)
