"""`alohub-tui queue` never destroys by default: an omitted --ext keeps the agent's
extensions (or refuses), --dry-run needs nothing, read-only refuses (real processes
against the simulator on loopback; the simulator's request log is what was sent)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import READ_ONLY_WAYS, Result, cli_env, read_only_args, run_cli

from alohub_tui.sim.server import SimConfig, Simulator

KEY = "queue-cli-key-4b7d"
UPDATE = "/api/setting/agent/updateQueue"
PLAN = """\
[plans.setup.agents.userName66]
callin = [1, 2]
extensions = ["6688", "6689"]
"""


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimConfig(port=0, api_key=KEY, seed=5, calls=0)) as simulator:
        yield simulator


@pytest.fixture
def env(sim: Simulator, tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, key=KEY, base_url=sim.base_url)


async def run(env: dict[str, str], *args: str) -> Result:
    return await run_cli(env, *args, secret=KEY)


def updates(sim: Simulator) -> list[dict[str, Any]]:
    return [r["body"] for r in sim.requests if r["path"] == UPDATE]


async def test_without_ext_and_unknown_extensions_nothing_is_sent(
    sim: Simulator, env: dict[str, str]
) -> None:
    result = await run(env, "queue", "userName66", "--callin", "3", "--yes")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "extensions are not known here" in result.err
    assert "--ext 6688,6689" in result.err and "--clear-ext" in result.err
    assert updates(sim) == []


async def test_without_ext_the_last_applied_extensions_are_kept(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    """The agent's state applied from here (by a plan) is what an omitted --ext keeps."""
    plans = tmp_path / "config" / "alohub-tui" / "plans.toml"
    plans.parent.mkdir(parents=True)
    plans.write_text(PLAN, encoding="utf-8")
    assert (await run(env, "plan", "apply", "setup", "--yes")).code == 0
    result = await run(env, "queue", "userName66", "--callin", "3", "--yes")
    assert result.code == 0, result.err
    assert "keeping userName66's extensions 6688,6689" in result.err
    assert updates(sim)[-1] == {"action": "EDIT", "callinId": [3],
                                "lstExtension": ["6688", "6689"]}
    assert sim.tenant.agents["userName66"].extensions == ["6688", "6689"]


async def test_clear_ext_is_the_explicit_way_to_remove_them(
    sim: Simulator, env: dict[str, str]
) -> None:
    dry = await run(env, "queue", "userName66", "--callin", "3", "--clear-ext", "--dry-run")
    assert dry.code == 0, dry.err
    assert json.loads(dry.out.splitlines()[1])["lstExtension"] == []
    sent = await run(env, "queue", "userName66", "--callin", "3", "--clear-ext", "--yes")
    assert sent.code == 0, sent.err
    assert updates(sim) == [{"action": "EDIT", "callinId": [3], "lstExtension": []}]


async def test_ext_and_clear_ext_together_is_a_usage_error(env: dict[str, str]) -> None:
    result = await run(env, "queue", "userName66", "--callin", "3", "--ext", "6688",
                       "--clear-ext", "--dry-run")
    assert result.code == 2 and "not allowed with argument" in result.err


@pytest.mark.parametrize("base", ["closed-port", "none"])
async def test_dry_run_needs_neither_key_nor_server(
    env: dict[str, str], base: str
) -> None:
    bare = {k: v for k, v in env.items() if k not in ("ALOHUB_API_KEY", "ALOHUB_BASE_URL")}
    if base == "closed-port":
        bare["ALOHUB_BASE_URL"] = "http://127.0.0.1:9/api"  # discard: nothing listens
    result = await run(bare, "queue", "userName66", "--callin", "1,2", "--ext", "6688",
                       "--dry-run")
    assert result.code == 0, result.err
    url, body = result.out.splitlines()
    prefix = "http://127.0.0.1:9/api" if base == "closed-port" else "{base_url}"
    assert url == f"POST {prefix}/setting/agent/updateQueue?userName=userName66"
    assert json.loads(body) == {"action": "EDIT", "callinId": [1, 2], "lstExtension": ["6688"]}


async def test_demo_dry_run_starts_nothing(env: dict[str, str]) -> None:
    result = await run(env, "queue", "userName66", "--callin", "1", "--ext", "6688",
                       "--dry-run", "--demo")
    assert result.code == 0, result.err
    assert result.out.startswith("POST {demo}/api/setting/agent/updateQueue?userName=")


@pytest.mark.parametrize("how", READ_ONLY_WAYS)
async def test_read_only_refuses_and_still_shows_a_dry_run(
    sim: Simulator, env: dict[str, str], tmp_path: Path, how: str
) -> None:
    args = read_only_args(["queue", "userName66", "--callin", "1", "--ext", "6688", "--yes"],
                          how, tmp_path)
    refused = await run(env, *args)
    assert refused.code == 2
    assert refused.err.count("\n") == 1 and "read-only mode" in refused.err
    shown = await run(env, *args, "--dry-run")
    assert shown.code == 0 and shown.out.startswith("POST ")
    assert updates(sim) == []
