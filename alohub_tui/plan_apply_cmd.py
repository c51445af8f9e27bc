"""``plan apply`` and ``plan undo``: show the diff, confirm, send one EDIT per agent.

Nothing is sent for an unchanged agent; ``--dry-run`` prints the requests and opens
no connection (so it needs neither the key nor the server); read-only mode refuses.
Each agent's result is printed as it comes; the exit code is 0 only when every
request was applied.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Mapping, Sequence

from alohub_tui.agents.apply import ApplyOutcome
from alohub_tui.agents.audit import AuditLog
from alohub_tui.agents.model import (
    AgentInfo,
    AgentStateStore,
    KnownState,
    dry_run_url,
    load_known,
)
from alohub_tui.agents.plan_diff import PlanRow, diff_lines, diff_plan, summarize
from alohub_tui.agents.plan_run import PlanRun, Status, finish_run, send_rows, start_run
from alohub_tui.agents.plan_undo import NotUndoable, RunUndo, plan_undo
from alohub_tui.agents.plans import demo_refusal
from alohub_tui.boot.connect import Resolved, client_for, resolve
from alohub_tui.cli_common import ask
from alohub_tui.config import Config
from alohub_tui.exitcodes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE, UsageError
from alohub_tui.plan_cmd import (
    catalog_agents,
    load_cli_config,
    local_store,
    queue_names,
    read_plans,
    warn,
)
from alohub_tui.read_only import refuse_in_read_only
from alohub_tui.store.elsewhere import recorded_under
from alohub_tui.vntime import VN_TZ, WIRE_MINUTE_FORMAT


def _print_diff(title: str, rows: Sequence[PlanRow], agents: Sequence[AgentInfo],
                names: Mapping[int, str]) -> None:
    print(title)
    print(summarize(rows))
    for line in diff_lines(rows, agents, names):
        print(line)


def _confirm(count: int, what: str, assume_yes: bool) -> bool:
    """The number of requests typed back, as in the TUI (``--yes`` skips it)."""
    if assume_yes:
        return True
    answer = ask(f"Send {count} updateQueue request(s) for {what}? Type {count} to confirm: ")
    return (answer or "").strip() == str(count)


def _dry_run(cfg: Config, demo: bool, run: PlanRun) -> int:
    """Each request as it would be sent; a placeholder where the base URL is not known."""
    for row in run.rows:
        if row.wanted is not None:
            print(f"POST {dry_run_url(cfg.api.base_url, row.user_name, demo=demo)}")
            print(json.dumps(row.wanted.body(), ensure_ascii=False))
    print(f"dry run: {len(run.rows)} request(s) shown, nothing was sent.", file=sys.stderr)
    return EXIT_OK


def _report(row: PlanRow, outcome: ApplyOutcome) -> None:
    if outcome.ok:
        print(f"✓ {row.user_name}: applied" + (f" ({outcome.warning})" if outcome.warning else ""))
    elif outcome.maybe_applied:
        print(f"? {row.user_name}: may be applied: {outcome.error} (not re-sent: run the "
              "same command again to make sure)")
    else:
        print(f"✗ {row.user_name}: failed: {outcome.error}")


async def _send(resolved: Resolved, run: PlanRun, state: AgentStateStore, audit: AuditLog,
                known: Mapping[str, KnownState]) -> str | None:
    async with client_for(resolved) as client:
        try:
            start_run(audit, run)
        except OSError as exc:
            return f"could not write the audit log {audit.path} ({exc.strerror}); nothing sent"
        await send_rows(client, audit, state, run, run.rows, known, _report)
        warning = finish_run(audit, run)
        if warning:
            warn(f"warning: {warning}")
    return None


def send_run(args: argparse.Namespace, cfg: Config, run: PlanRun, state: AgentStateStore,
             audit: AuditLog, known: Mapping[str, KnownState], what: str) -> int:
    """Confirm, send and report a run whose diff was printed; the exit code."""
    demo = bool(getattr(args, "demo", False))
    if not run.rows:
        print(f"nothing to send: {what} changes no agent.")
        return EXIT_OK
    if args.dry_run:
        return _dry_run(cfg, demo, run)
    resolved = resolve(args)  # a missing key or base URL stops here, before asking
    try:
        if not _confirm(len(run.rows), what, args.yes):
            warn("cancelled; nothing was sent.")
            return EXIT_USAGE
        problem = asyncio.run(_send(resolved, run, state, audit, known))
    finally:
        if resolved.demo is not None:
            resolved.demo.stop()
    if problem:
        warn(f"alohub-tui plan {args.plan_action}: {problem}")
        return EXIT_API_ERROR
    changed = run.with_status(Status.OK) or run.with_status(Status.MAYBE)
    if not changed:  # every request refused: nothing to undo, the same command retries
        after = " Nothing was changed: run the same command again to retry."
    elif run.id and run.mode == "apply":
        after = f" Run {run.id}: undo it with `alohub-tui plan undo {run.id}`."
    else:
        after = ""
    print(f"{what}: {run.summary()}.{after}")
    failed = [r.user_name for r in run.with_status(Status.FAILED)]
    maybe = [r.user_name for r in run.with_status(Status.MAYBE)]
    if failed:
        warn(f"failed: {' '.join(failed)}")
    if maybe:
        warn(f"may be applied (answer lost after sending): {' '.join(maybe)}")
    return EXIT_OK if run.all_applied else EXIT_API_ERROR


def apply_plan(args: argparse.Namespace) -> int:
    cfg = load_cli_config(args)
    demo = bool(getattr(args, "demo", False))
    refuse_in_read_only(cfg, f"applying plan {args.name}", dry_run=args.dry_run)
    plans = read_plans(cfg)
    plan = plans.find(args.name)
    for problem in plans.all_problems():
        warn(f"note, another plan: {problem}")
    refusal = demo_refusal(plan, plans.path, demo)
    if refusal:
        raise UsageError(refusal)
    agents = catalog_agents(cfg, demo)
    with local_store(cfg, demo) as (state, audit):
        known = load_known(state)
        result = diff_plan(plan, known, agents, args.agent)
        title = f"plan {plan.name}" + (f": {plan.description}" if plan.description else "")
        _print_diff(title, result.rows, agents, queue_names(cfg, demo))
        run = PlanRun(plan.name, list(result.rows))
        return send_run(args, cfg, run, state, audit, known, f"plan {plan.name}")


def _undo_of(audit: AuditLog, run_id: str, known: Mapping[str, KnownState]) -> RunUndo:
    """The undo of ``run_id``; a run of another profile is refused, naming that profile."""
    try:
        return plan_undo(audit, run_id, known)
    except NotUndoable:
        other = recorded_under(run_id, audit.path) if audit.find(run_id) is None else None
        if other is None:
            raise
        hint = " (add --demo to undo it in the demo)" if other == "demo" else ""
        raise NotUndoable(f"run {run_id} was recorded under profile {other}, not "
                          f"{audit.profile}: it is never undone from this one{hint}") from None


def undo_run(args: argparse.Namespace) -> int:
    cfg = load_cli_config(args)
    demo = bool(getattr(args, "demo", False))
    refuse_in_read_only(cfg, f"the undo of run {args.run_id}", dry_run=args.dry_run)
    agents = catalog_agents(cfg, demo)
    with local_store(cfg, demo) as (state, audit):
        known = load_known(state)
        undo = _undo_of(audit, args.run_id, known)
        when = undo.run_entry.time.astimezone(VN_TZ).strftime(WIRE_MINUTE_FORMAT)
        _print_diff(f"undo of run {args.run_id} (plan {undo.plan_name}, {when})",
                    undo.rows, agents, queue_names(cfg, demo))
        for note in undo.notes:
            print(f"– {note}")
        return send_run(args, cfg, undo.run, state, audit, known,
                        f"undo of run {args.run_id}")

