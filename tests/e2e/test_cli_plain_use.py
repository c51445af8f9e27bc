"""The CLI run as a customer runs it on a plain 80-column terminal: help that fits, the
top-level flags honoured by every command, and error lines that name the command, what
went wrong and what to do (found by the CLI audit; each test failed before its fix)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cli_support import Result, cli_env, run_cli

from alohub_tui.sim.server import SimConfig, Simulator

KEY = "plain-use-key-7c41e0"
HOST = "127.0.0.1:9"  # the discard port: nothing listens there
CLOSED_BASE = f"http://{HOST}/api"


async def run(env: dict[str, str], *args: str) -> Result:
    return await run_cli(env, *args, secret=KEY)


def make_calls(sim: Simulator) -> list[dict[str, object]]:
    return [r for r in sim.requests if str(r["path"]).endswith("/makeCall")]


@pytest.fixture
def no_server(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, key=KEY, base_url=None)


@pytest.fixture
async def sim(request: pytest.FixtureRequest) -> AsyncIterator[Simulator]:
    """The simulator on loopback; a test changes its settings with
    ``@pytest.mark.parametrize("sim", [{...}], indirect=True)``."""
    settings = {"seed": 3, "calls": 50, **getattr(request, "param", {})}
    async with Simulator(SimConfig(port=0, api_key=KEY, **settings)) as simulator:
        yield simulator


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


# ------------------------------------------------------------ what went wrong, what to do


async def test_a_closed_port_says_which_host_and_what_to_check(
    no_server: dict[str, str],
) -> None:
    result = await run(no_server, "--base-url", CLOSED_BASE, "history")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"alohub-tui history: Connection failed: Could not connect "
                                 f"to Alohub at {HOST} (")
    assert result.err.endswith("; check the URL and that the server is up "
                               "(tried 3 times).\n")


@pytest.mark.parametrize("sim", [{"calls": 0, "faults": ("malformed@makecall",)}],
                         indirect=True)
async def test_a_call_whose_answer_was_lost_names_the_command_like_every_error(
    sim: Simulator, tmp_path: Path,
) -> None:
    """Before, this one line began "alohub-tui:" where every other began with the
    command, so a script grepping "alohub-tui call:" missed the one that matters most."""
    env = cli_env(tmp_path, key=KEY, base_url=sim.base_url)
    result = await run(env, "call", "0912345673", "--ext", "6688", "--txn", "T_LOST_1",
                       "--yes")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert result.err.startswith("alohub-tui call: Outcome unknown: The call request may "
                                 "have reached Alohub")
    assert result.err.endswith("Check before dialling again: "
                               "alohub-tui history --txn T_LOST_1\n")
    assert len(make_calls(sim)) == 1


async def test_recording_into_a_folder_the_default_one_and_an_unwritable_path(
    sim: Simulator, tmp_path: Path,
) -> None:
    """`-o DIR` saves the call's file in DIR, as `cp` would (before: "DIR already
    exists"); a file that cannot be written is named (before: only "No such file or
    directory")."""
    env = cli_env(tmp_path, key=KEY, base_url=sim.base_url, media_url=sim.media_url)
    assert sim.history is not None
    ref = next(iter(sim.history.recordings))
    name = ref.rsplit("/", 1)[-1]
    folder = tmp_path / "calls"
    folder.mkdir()
    into = await run(env, "recording", ref, "-o", str(folder))
    assert into.code == 0, into.err
    assert (folder / name).read_bytes()[:2] == b"\xff\xfb"  # an MP3 frame
    assert into.out == f"saved {folder / name} ({(folder / name).stat().st_size:,} bytes)\n"

    default = await run(env, "recording", ref)  # the downloads folder, not there yet
    assert default.code == 0, default.err
    assert (tmp_path / "downloads" / name).is_file()

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    bad = await run(env, "recording", ref, "-o", str(blocked / "call.mp3"))
    assert bad.code == 1
    assert bad.err.startswith(f"alohub-tui recording: {blocked}: ")
    assert bad.err.count("\n") == 1


@pytest.mark.parametrize(("args", "line"), [
    (["queue", "userName66", "--ext", "6688", "--yes"],
     "alohub-tui queue: the following arguments are required: --callin "
     "(see alohub-tui queue --help)"),
    (["history", "--status", "answred"],
     "alohub-tui history: argument --status: invalid choice: 'answred' (choose from "
     "'answered', 'missed', 'busy', 'noanswer', 'failed', 'hangup') "
     "(see alohub-tui history --help)"),
    (["plan", "apply"],
     "alohub-tui plan apply: the following arguments are required: NAME "
     "(see alohub-tui plan apply --help)"),
    (["dail", "0912345673"],
     "alohub-tui: argument COMMAND: invalid choice: 'dail' (choose from 'config', 'stats', "
     "'call', 'history', 'queue', 'recording', 'plan', 'audit', 'dials', 'callbacks', "
     "'sim', 'webhook', 'serve') (see alohub-tui --help)"),
], ids=["missing", "choice", "nested", "command"])
async def test_a_bad_argument_is_one_line_and_exit_2(
    no_server: dict[str, str], args: list[str], line: str,
) -> None:
    """Before, argparse printed its whole usage block (up to 7 lines) above the error."""
    result = await run(no_server, *args)
    assert (result.code, result.err, result.out) == (2, line + "\n", "")


async def test_history_refuses_a_phone_filter_with_letters_and_searches_nothing(
    sim: Simulator, tmp_path: Path,
) -> None:
    """Before: `--phone abc` printed every call of the week (the server saw no digits)."""
    env = cli_env(tmp_path, key=KEY, base_url=sim.base_url)
    result = await run(env, "history", "--phone", "abc")
    assert (result.code, result.out) == (2, "")
    assert result.err == ("alohub-tui history: --phone: A phone number cannot contain "
                          "letters: 'abc'.\n")
    assert sim.requests == []


# ------------------------------------------------------------ secrets in what is printed


async def test_config_show_and_dry_runs_never_print_a_key_or_url_password(
    no_server: dict[str, str], tmp_path: Path,
) -> None:
    """A key pasted into a setting (here a key_command that echoes it) and a password in
    a URL: before, `config show` printed both and `--dry-run` printed the password."""
    config = tmp_path / "pasted.toml"
    config.write_text(f'[api]\nkey_command = ["echo", "{KEY}"]\n', encoding="utf-8")
    config.chmod(0o600)
    base = "https://ops:url-pass-4417@tenant.example:9909/api"
    show = await run(no_server, "--base-url", base, "--config", str(config), "config", "show")
    assert show.code == 0, show.err
    assert '"echo",\n    "***",' in show.out
    assert 'base_url = "https://ops:***@tenant.example:9909/api"' in show.out
    assert "url-pass-4417" not in show.out + show.err
    for args in (["queue", "userName66", "--callin", "1", "--ext", "6688"],
                 ["plan", "apply", "morning"]):
        if args[0] == "plan":
            example = await run(no_server, "plan", "example")
            (tmp_path / "config" / "alohub-tui").mkdir(parents=True, exist_ok=True)
            (tmp_path / "config" / "alohub-tui" / "plans.toml").write_text(example.out)
        dry = await run(no_server, "--base-url", base, *args, "--dry-run")
        assert dry.code == 0, dry.err
        assert "POST https://tenant.example:9909/api/setting/agent/updateQueue" in dry.out
        assert "url-pass-4417" not in dry.out + dry.err


# ------------------------------------------------------------------------ piped output


@pytest.mark.parametrize("sim", [{"calls": 3000}], indirect=True)
@pytest.mark.parametrize("fmt", ["--json", "--csv", "--all"])
async def test_history_piped_into_head_stops_quietly(
    sim: Simulator, tmp_path: Path, fmt: str,
) -> None:
    """Before: 'alohub-tui history: Broken pipe' on stderr once `head` had its line."""
    env = cli_env(tmp_path, key=KEY, base_url=sim.base_url)
    err = tmp_path / "err.txt"
    script = (f'"{sys.executable}" -m alohub_tui history --all --from 2026-01-01 '
              f'{fmt if fmt != "--all" else ""} 2>"{err}" | head -n 1; '
              'echo "exit=${PIPESTATUS[0]}"')
    proc = await asyncio.create_subprocess_exec(
        "bash", "-c", script, env=env, stdout=asyncio.subprocess.PIPE)
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=60)
    lines = out.decode().splitlines()
    assert len(lines) == 2 and lines[1] == "exit=1"
    assert err.read_text() == ""
    if fmt != "--all":  # streamed: it stopped reading pages once nobody read them
        pages = [r for r in sim.requests if str(r["path"]).endswith("/searchCallV2")]
        assert len(pages) < 3000 // 500


async def test_call_refuses_a_transaction_id_already_used_and_sends_nothing(
    sim: Simulator, tmp_path: Path,
) -> None:
    """As the Dial tab does (README: "a --txn is checked as in the Dial tab"); before,
    the second makeCall went out with the same id, and the two calls could no longer be
    told apart by it."""
    env = cli_env(tmp_path, key=KEY, base_url=sim.base_url)
    first = await run(env, "call", "0912345673", "--ext", "6688", "--txn", "T_ONCE", "--yes")
    assert first.code == 0, first.err
    again = await run(env, "call", "0987654323", "--ext", "6688", "--txn", "T_ONCE", "--yes")
    assert (again.code, again.out) == (2, "")
    assert again.err.startswith("alohub-tui call: transactionId T_ONCE was used for the "
                                "dial of ")
    assert again.err.endswith("; nothing was sent: give another --txn, or none to "
                              "generate one\n")
    assert len(make_calls(sim)) == 1


@pytest.mark.parametrize("args", [["--demo"], ["--wall", "--demo"]], ids=["tui", "wall"])
async def test_the_tui_without_a_terminal_says_so_instead_of_drawing_into_a_pipe(
    no_server: dict[str, str], args: list[str],
) -> None:
    """Before: `alohub-tui --demo < /dev/null 2> file` drew escape codes into the file
    and, with no keyboard, never ended."""
    result = await run(no_server, *args)
    assert (result.code, result.out) == (2, "")
    assert result.err == ("alohub-tui: the TUI needs a terminal (its keyboard and screen); "
                          "in a script use a command instead (`alohub-tui --help` lists "
                          "them)\n")


async def test_call_without_an_extension_says_which_flag_or_setting_gives_one(
    sim: Simulator, tmp_path: Path,
) -> None:
    """Before: "Enter an extension (the agent's IP phone number).", the Dial tab's words."""
    env = cli_env(tmp_path, key=KEY, base_url=sim.base_url)
    result = await run(env, "call", "0912345673", "--yes")
    assert (result.code, result.out) == (2, "")
    assert result.err == ("alohub-tui call: no extension to ring first: give --ext (the "
                          "agent's IP phone, e.g. 6688) or set [dial] default_extension\n")
    assert make_calls(sim) == []
