"""The CLI run as a customer runs it on a plain 80-column terminal: help that fits, the
top-level flags honoured by every command, and error lines that name the command, what
went wrong and what to do (found by the CLI audit; each test failed before its fix)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import Result, cli_env, run_cli

KEY = "plain-use-key-7c41e0"
HOST = "127.0.0.1:9"  # the discard port: nothing listens there
CLOSED_BASE = f"http://{HOST}/api"


async def run(env: dict[str, str], *args: str) -> Result:
    return await run_cli(env, *args, secret=KEY)


@pytest.fixture
def no_server(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, key=KEY, base_url=None)


# ------------------------------------------------------------------ help at 80 columns

HELP_COMMANDS = [
    [], ["config"], ["stats"], ["call"], ["history"], ["queue"], ["recording"], ["plan"],
    ["plan", "list"], ["plan", "show"], ["plan", "diff"], ["plan", "apply"],
    ["plan", "undo"], ["plan", "example"], ["audit"], ["dials"], ["callbacks"], ["sim"],
    ["webhook"], ["serve"],
]


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_every_help_fits_80_columns(command: list[str]) -> None:
    env = {**os.environ, "COLUMNS": "80"}
    proc = subprocess.run([sys.executable, "-m", "alohub_tui", *command, "--help"],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    wide = [line for line in proc.stdout.splitlines() if len(line) > 80]
    assert wide == []


# ------------------------------------------------------ top-level flags on every command


async def test_stats_and_config_use_the_base_url_given_on_the_command_line(
    no_server: dict[str, str],
) -> None:
    """`alohub-tui --base-url URL stats` reads that tenant's profile, as `audit` does:
    before, stats, config path and config show ignored the flag (the default profile's
    numbers, the wrong tenant's folder)."""
    path = await run(no_server, "--base-url", CLOSED_BASE, "config", "path")
    assert path.code == 0, path.err
    assert f"profile:   {HOST}  (from api.base_url" in path.out

    stats = await run(no_server, "--base-url", CLOSED_BASE, "stats")
    assert stats.code == 1
    folder = re.search(r"folder:  (\S+)", path.out)
    assert folder is not None
    assert f"no event store at {folder.group(1)}/events.sqlite3" in stats.err

    show = await run(no_server, "--base-url", CLOSED_BASE, "--read-only", "config", "show")
    assert show.code == 0, show.err
    assert f'base_url = "{CLOSED_BASE}"' in show.out
    assert "read_only = true" in show.out
