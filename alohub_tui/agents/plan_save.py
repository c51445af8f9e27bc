"""Save agents' known layouts as a new plan, appended to the user's plans.toml.

The file is the user's, with their comments and layout: the new plan is appended as
text (never a rewrite through a TOML writer, which would drop the comments), the
result is checked by parsing it before it is written, and it is written atomically
(temporary file, fsync, rename). If the file changed on disk since it was read, the
save is refused, so an edit made in another window is never overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alohub_tui.privfiles import write_atomic
from alohub_tui.vntime import WIRE_MINUTE_FORMAT

from .model import KnownState
from .plans import PLAN_NAME, PLAN_NAME_RULE, PlanFile, parse_plans
from .toml_lines import toml_key, toml_string

NEW_FILE_HEADER = (
    "# alohub-tui queue plans: named target layouts for agents' queues.\n"
    "# Format and examples: plans.example.toml (shipped with alohub-tui).\n"
    "# `alohub-tui plan list` checks this file; every error names its line.\n"
)


class SaveRefused(Exception):
    """Why the plan was not saved (one line for the user); the file is untouched."""


@dataclass(frozen=True)
class SaveResult:
    path: Path
    saved: tuple[str, ...]  # agents written into the plan
    skipped: tuple[str, ...]  # agents left out: state unknown


def check_name(plans: PlanFile, name: str) -> None:
    if not PLAN_NAME.fullmatch(name):
        raise SaveRefused(f"{PLAN_NAME_RULE}: {name!r} is not")
    if name in plans.names:
        raise SaveRefused(f'a plan named "{name}" already exists in {plans.path}: '
                          "choose another name (or edit the file)")


def render_plan(
    name: str, description: str, layouts: Mapping[str, KnownState], *, demo: bool,
    saved_at: datetime,
) -> str:
    """The TOML text of a plan holding each agent's known layout, with a short comment."""
    lines = [f"# Saved by alohub-tui on {saved_at.strftime(WIRE_MINUTE_FORMAT)}"
             + (" from the demo (demo = true: applied only with --demo)" if demo else "")
             + ".", f"[plans.{toml_key(name)}]"]
    if description:
        lines.append(f"description = {toml_string(description)}")
    if demo:
        lines.append("demo = true")
    for user, state in layouts.items():
        queues = state.queues
        lines += ["", f"[plans.{toml_key(name)}.agents.{toml_key(user)}]",
                  f"callin = [{', '.join(map(str, queues.callin_ids))}]"]
        if queues.callout_id is not None:
            lines.append(f"callout = {queues.callout_id}")
        if queues.extensions:  # none known: left out, so applying keeps the agent's own
            lines.append(
                f"extensions = [{', '.join(toml_string(e) for e in queues.extensions)}]")
    return "\n".join(lines) + "\n"


def appended(current: bytes | None, fragment: str) -> bytes:
    """The file's bytes with ``fragment`` added after one blank line."""
    if current is None or not current.strip():
        return (NEW_FILE_HEADER + "\n" + fragment).encode("utf-8")
    text = current.rstrip(b"\n") + b"\n\n"
    return text + fragment.encode("utf-8")


def save_plan(
    plans: PlanFile, name: str, description: str, users: Sequence[str],
    known: Mapping[str, KnownState], *, demo: bool, now: datetime,
) -> SaveResult:
    """Append a plan of ``users``' known layouts to the file ``plans`` was read from.

    Refuses (:class:`SaveRefused`) a bad or taken name, agents with no known state at
    all, a file changed on disk since ``plans`` was read, or a result that would not
    load. Raises OSError if the file cannot be written.
    """
    check_name(plans, name)
    layouts = {user: known[user] for user in users if user in known}
    skipped = tuple(user for user in users if user not in known)
    if not layouts:
        raise SaveRefused("no marked agent has a known state to save")
    target = plans.path.resolve()  # a symlinked plans.toml stays a symlink
    try:
        current: bytes | None = target.read_bytes()
    except FileNotFoundError:
        current = None
    if current != plans.text:
        raise SaveRefused(f"{plans.path} changed on disk since it was read: reload the "
                          "plans and save again (nothing was written)")
    fragment = render_plan(name, description, layouts, demo=demo, saved_at=now)
    data = appended(current, fragment)
    check = parse_plans(data, plans.path)
    problems = [*check.problems, *check.broken.get(name, ())]
    if problems or name not in check.plans:
        first = problems[0] if problems else f"plan {name} would not load"
        raise SaveRefused(f"not saved: the file would not load with it ({first})")
    write_atomic(target, data)
    return SaveResult(plans.path, tuple(layouts), skipped)
