"""Run the ``[wall] on_alert`` command when a KPI enters alert.

The command is an argv list from the config, run without a shell (nothing in a KPI
name or value is ever interpreted), with stdin closed and its output captured (a TUI
owns the terminal), in its own process group so a timeout kills it and its children.
It learns what happened from the environment:

- ``ALOHUB_WALL_KPI``: e.g. ``service_level``
- ``ALOHUB_WALL_LEVEL``: ``alert``
- ``ALOHUB_WALL_VALUE``: in threshold units, e.g. ``65`` (percent) or ``130`` (seconds)
- ``ALOHUB_WALL_TEXT``: the value as the tile shows it, e.g. ``65%``
- ``ALOHUB_WALL_BANNER``: the banner line

The API and webhook keys are removed from its environment. Whatever goes wrong (not
found, not executable, non-zero exit, timeout) comes back as one line of text for the
wall to show: never an exception, never fatal.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..api.clean import clean_text
from .alerts import AlertRaised

ENV_PREFIX = "ALOHUB_WALL_"
HIDDEN_ENV = ("ALOHUB_API_KEY", "ALOHUB_WEBHOOK_KEY")
MAX_REPORTED = 200  # characters of the command's error output quoted back


@dataclass(frozen=True, slots=True)
class CommandOutcome:
    ok: bool
    text: str  # one line: "on_alert ran: notify.sh (exit 0)" or why it failed


def alert_environment(alert: AlertRaised, base: Mapping[str, str] | None = None,
                      hide: Iterable[str] = HIDDEN_ENV) -> dict[str, str]:
    """``base`` (default: this process's environment) without ``hide``, plus the alert."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if k not in hide}
    env.update({
        f"{ENV_PREFIX}KPI": alert.kpi,
        f"{ENV_PREFIX}LEVEL": alert.level,
        f"{ENV_PREFIX}VALUE": f"{alert.value:g}",
        f"{ENV_PREFIX}TEXT": alert.value_text,
        f"{ENV_PREFIX}BANNER": alert.banner,
    })
    return env


def _last_line(output: bytes) -> str:
    lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    text = clean_text(lines[-1]) if lines else ""
    return text if len(text) <= MAX_REPORTED else text[:MAX_REPORTED - 1] + "…"


def _kill_group(process: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


async def run_alert_command(argv: Sequence[str], alert: AlertRaised, timeout_s: float, *,
                            base_env: Mapping[str, str] | None = None,
                            hide: Iterable[str] = HIDDEN_ENV) -> CommandOutcome:
    """Run ``argv`` for ``alert``; see the module docstring. Never raises (but
    cancellation, which kills the command)."""
    name = argv[0] if argv else ""
    if not name:
        return CommandOutcome(False, "on_alert: no command configured")
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env=alert_environment(alert, base_env, hide),
            start_new_session=True,
        )
    except OSError as exc:
        return CommandOutcome(False, f"on_alert: cannot run {name}: {exc.strerror or exc}")
    except ValueError as exc:  # e.g. a NUL in an argument
        return CommandOutcome(False, f"on_alert: cannot run {name}: {exc}")
    try:
        _out, err = await asyncio.wait_for(process.communicate(), timeout_s)
    except TimeoutError:
        _kill_group(process)
        await process.wait()
        return CommandOutcome(False, f"on_alert: {name} took over {timeout_s:g} s; stopped")
    except asyncio.CancelledError:
        _kill_group(process)
        raise
    if process.returncode == 0:
        return CommandOutcome(True, f"on_alert ran: {name}")
    reason = _last_line(err)
    code = process.returncode or 0
    how = f"killed by signal {-code}" if code < 0 else f"exit {code}"
    return CommandOutcome(False, f"on_alert: {name} failed ({how})"
                                 + (f": {reason}" if reason else ""))
