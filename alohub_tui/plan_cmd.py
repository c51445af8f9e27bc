"""``alohub-tui plan list|show|diff|apply|undo|example``: queue plans from scripts and cron.

Exit codes (:mod:`alohub_tui.exitcodes`): 0 everything applied (or nothing to do), 1 any
agent failed or may be applied (they are listed), 2 a bad plan, bad usage or config, or
read-only mode.
Only ``apply`` and ``undo`` without ``--dry-run`` need the API key and the server;
the rest reads the plans file, the audit log and the last known states.

This module is imported to build the command line: the heavy imports are in the
functions (the TUI's first frame must not wait for them).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from alohub_tui.exitcodes import EXIT_OK, EXIT_USAGE, UsageError

if TYPE_CHECKING:
    from alohub_tui.agents.audit import AuditLog
    from alohub_tui.agents.model import AgentInfo
    from alohub_tui.agents.plans import PlanFile
    from alohub_tui.config import Config
    from alohub_tui.store.agent_state import AgentStates

AddFlags = Callable[[argparse.ArgumentParser], None]


PLAN_NAME_HELP = "a plan of plans.toml (`alohub-tui plan list` lists them)"


def add_parser(sub: Any, add_connection_flags: AddFlags) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        "plan",
        help="queue plans: named layouts of agents' queues (list, show, diff, apply, undo)",
        description="Queue plans live in plans.toml beside the config file "
        "(`alohub-tui config path`). Exit: 0 all applied, 1 any failed, 2 bad plan/usage.",
    )
    actions = parser.add_subparsers(dest="plan_action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = actions.add_parser(name, help=help_text,
                                                        description=help_text)
        add_connection_flags(p)
        p.add_argument("--read-only", action="store_true", default=argparse.SUPPRESS,
                       help="show plans and diffs; refuse to apply")
        return p

    action("list", "every plan in the file, and the file's problems (exit 2 if any)")
    action("show", "what a plan sets").add_argument("name", metavar="NAME",
                                                    help=PLAN_NAME_HELP)
    diff = action("diff", "what a plan would change against the last known state")
    diff.add_argument("name", metavar="NAME", help=PLAN_NAME_HELP)
    diff.add_argument("--agent", action="append", default=[], metavar="USER",
                      help="for a rule: apply it to this agent (repeatable)")
    apply = action("apply", "send one updateQueue EDIT per agent the plan changes")
    apply.add_argument("name", metavar="NAME", help=PLAN_NAME_HELP)
    apply.add_argument("--agent", action="append", default=[], metavar="USER",
                       help="for a rule: apply it to this agent (repeatable)")
    undo = action("undo", "put every agent a plan run changed back as it was before the run")
    undo.add_argument("run_id", metavar="RUN_ID", help="the run id `plan apply` printed")
    for p in (apply, undo):
        p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
        p.add_argument("--dry-run", action="store_true",
                       help="print each request (URL and body) and send nothing")
    action("example", "print the commented example plans file (plans.example.toml)")
    return parser


# ---------------------------------------------------------------- shared pieces


def load_cli_config(args: argparse.Namespace) -> Config:
    from alohub_tui.boot.connect import config_from_args

    return config_from_args(args)


def read_plans(cfg: Config) -> PlanFile:
    """The plans file beside the config file in use."""
    from alohub_tui.agents.plans import load_plans, plans_path

    return load_plans(plans_path(cfg.source))


def catalog_agents(cfg: Config, demo: bool) -> list[AgentInfo]:
    """Agents of the config's catalog (the demo tenant's with --demo), for names."""
    from alohub_tui.agents.model import merge_agents

    if demo:
        from alohub_tui.boot.demo import catalog_from_tenant
        from alohub_tui.sim.tenant import build_tenant

        return merge_agents(catalog_from_tenant(build_tenant()).agents)
    return merge_agents(cfg.catalog.agents)


def queue_names(cfg: Config, demo: bool) -> dict[int, str]:
    if demo:
        from alohub_tui.sim.tenant import build_tenant

        tenant = build_tenant()
        return {**tenant.callin_queues, **tenant.callout_queues}
    queues = (*cfg.catalog.callin_queues, *cfg.catalog.callout_queues)
    return {q.id: q.name for q in queues if q.name}


@contextmanager
def local_store(cfg: Config, demo: bool) -> Iterator[tuple[AgentStates, AuditLog]]:
    """The profile's last known states and audit log (the demo profile's with --demo).

    What a demo run applied stays in the demo profile, so it never becomes the known
    state of a real tenant's agents (nor the other way round).
    """
    from alohub_tui.agents.audit import AuditLog
    from alohub_tui.store import open_local_store, profile_for

    store = open_local_store(profile_for(cfg, demo=demo))
    for warning in store.warnings:
        warn(f"alohub-tui: warning: {warning}")
    try:
        yield store.agents, AuditLog(store)
    finally:
        store.close()


def warn(line: str) -> None:
    print(line, file=sys.stderr)


# ---------------------------------------------------------------- list / show / diff


def _list(args: argparse.Namespace) -> int:
    from alohub_tui.agents.plan_text import describe_plan

    cfg = load_cli_config(args)
    plans = read_plans(cfg)
    if plans.text is None and not plans.problems:
        print(f"no plans yet: {plans.path} does not exist. Start from the example:\n"
              f"  alohub-tui plan example > {plans.path}")
        return EXIT_OK
    rows = [("NAME", "KIND", "AGENTS", "DESCRIPTION")]
    for name in plans.names:
        plan = plans.plans.get(name)
        if plan is None:
            count = len(plans.broken.get(name, ()))
            rows.append((name, "✗ error", "-", f"{count} problem(s), listed below"))
            continue
        agents = str(len(plan.agent_names)) if plan.agent_names else "marked"
        kind = plan.kind + (" (demo)" if plan.demo else "")
        rows.append((name, kind, agents, describe_plan(plan)[1] if plan.description else ""))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[3]])
              .rstrip())
    problems = plans.all_problems()
    for problem in problems:
        warn(str(problem))
    return EXIT_USAGE if problems else EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from alohub_tui.agents.plan_text import describe_plan

    cfg = load_cli_config(args)
    plans = read_plans(cfg)
    plan = plans.find(args.name)
    print(f"{plans.path}:{plan.line}")
    for line in describe_plan(plan, queue_names(cfg, getattr(args, "demo", False))):
        print(line)
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from alohub_tui.agents.model import load_known
    from alohub_tui.agents.plan_diff import diff_lines, diff_plan

    cfg = load_cli_config(args)
    demo = bool(getattr(args, "demo", False))
    plans = read_plans(cfg)
    plan = plans.find(args.name)
    agents = catalog_agents(cfg, demo)
    with local_store(cfg, demo) as (state, _audit):
        result = diff_plan(plan, load_known(state), agents, args.agent)
    print(f"plan {plan.name} ({plans.path}:{plan.line})"
          + (f": {plan.description}" if plan.description else ""))
    print(result.summary())
    for line in diff_lines(result.rows, agents, queue_names(cfg, demo)):
        print(line)
    return EXIT_OK


def _example(args: argparse.Namespace) -> int:
    from alohub_tui.agents.plans import example_text

    print(example_text(), end="")
    return EXIT_OK


def _apply(args: argparse.Namespace) -> int:
    from alohub_tui.plan_apply_cmd import apply_plan

    return apply_plan(args)


def _undo(args: argparse.Namespace) -> int:
    from alohub_tui.plan_apply_cmd import undo_run

    return undo_run(args)


ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": _list, "show": _show, "diff": _diff, "apply": _apply, "undo": _undo,
    "example": _example,
}


def run(args: argparse.Namespace) -> int:
    """Run one ``plan`` action; a bad plan or usage is one line per problem, exit 2."""
    from alohub_tui.agents.plan_diff import NoTargets
    from alohub_tui.agents.plan_undo import NotUndoable
    from alohub_tui.agents.plans import PlanError

    try:
        return ACTIONS[args.plan_action](args)
    except PlanError as exc:
        for line in exc.lines:
            warn(line)
        return EXIT_USAGE
    except (UsageError, NoTargets, NotUndoable) as exc:
        warn(f"alohub-tui plan {args.plan_action}: {exc}")
        return EXIT_USAGE
