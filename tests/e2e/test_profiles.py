"""Profiles and the shared local store, with real processes (issue 13).

- Demo, then the real tenant on the same machine: nothing of the demo shows or can be
  undone from the real profile.
- Two processes writing to one profile at once lose nothing of each other's.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cli_support import Result, cli_env, run_cli

from alohub_tui.sim.server import SimConfig, Simulator

KEY = "profiles-key-41d7"
WRITER = Path(__file__).with_name("_store_writer.py")


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimConfig(port=0, api_key=KEY, seed=9, calls=0)) as simulator:
        yield simulator


@pytest.fixture
def env(sim: Simulator, tmp_path: Path) -> dict[str, str]:
    """The real tenant (the simulator on loopback), every folder under ``tmp_path``."""
    return cli_env(tmp_path, key=KEY, base_url=sim.base_url, media_url=sim.media_url)


async def run(env: dict[str, str], *args: str) -> Result:
    return await run_cli(env, *args, secret=KEY)


def json_lines(result: Result) -> list[dict[str, object]]:
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


async def test_demo_then_real_on_one_machine(sim: Simulator, env: dict[str, str]) -> None:
    demo_env = {k: v for k, v in env.items() if k not in ("ALOHUB_API_KEY", "ALOHUB_BASE_URL")}
    changed = await run(demo_env, "queue", "userName60", "--callin", "1,2", "--ext", "6088",
                        "--yes", "--demo")
    assert changed.code == 0, changed.err
    dialled = await run(demo_env, "call", "0912345678", "--ext", "6688", "--yes", "--demo")
    assert dialled.code == 0, dialled.err
    (demo_change,) = json_lines(await run(demo_env, "audit", "--json", "--demo"))
    assert demo_change["profile"] == "demo" and demo_change["agent"] == "userName60"
    assert len(json_lines(await run(demo_env, "dials", "--json", "--demo"))) == 1

    # The real tenant: no demo dial, no demo audit entry, no demo known state.
    assert json_lines(await run(env, "dials", "--json")) == []
    assert json_lines(await run(env, "audit", "--json")) == []
    plans = Path(env["XDG_CONFIG_HOME"]) / "alohub-tui" / "plans.toml"
    plans.parent.mkdir(parents=True)
    plans.write_text("[plans.noon.agents.userName60]\ncallin = [3]\nextensions = "
                     '["6088"]\n', encoding="utf-8")
    known_in_demo = await run(demo_env, "plan", "diff", "noon", "--demo")
    assert "- callin Sales (1)" in known_in_demo.out  # the demo knows what it applied
    real_diff = await run(env, "plan", "diff", "noon")
    assert "? userName60 · state unknown" in real_diff.out  # the real profile does not
    # Undo of a demo change is impossible from the real profile, and says why.
    applied = await run(demo_env, "plan", "apply", "noon", "--yes", "--demo")
    assert applied.code == 0, applied.err
    run_id = next(str(e["id"]) for e in json_lines(await run(demo_env, "audit", "--json",
                                                              "--demo")) if e["kind"] == "run")
    undo = await run(env, "plan", "undo", run_id, "--yes")
    assert undo.code == 2
    assert f"run {run_id} was recorded under profile demo, not 127.0.0.1:{sim.port}" in undo.err
    assert sim.requests == []  # nothing ever reached the real tenant


async def test_two_processes_on_one_profile_lose_nothing(sim: Simulator,
                                                         env: dict[str, str]) -> None:
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, str(WRITER), name, agent, ext, "50", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        for name, agent, ext in (("FIRST", "userName61", "6188"),
                                 ("SECOND", "userName62", "6288"))]
    outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in procs)), 300)
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in err and b"warning" not in err
    first, second = (json.loads(out.splitlines()[-1]) for out, _ in outputs)
    assert first["started"] < second["finished"] and second["started"] < first["finished"]

    changes = json_lines(await run(env, "audit", "--json"))
    assert len(changes) == 100
    assert all(c["result"] == "ok" and c["kind"] == "edit" for c in changes)
    assert {a: sum(c["agent"] == a for c in changes) for a in ("userName61", "userName62")} == {
        "userName61": 50, "userName62": 50}
    dials = json_lines(await run(env, "dials", "--json"))
    assert sorted(str(d["transaction_id"]) for d in dials) == sorted(
        [f"FIRST_{i:03d}" for i in range(50)] + [f"SECOND_{i:03d}" for i in range(50)])
    # Each agent's last applied state is its process's last change.
    plans = Path(env["XDG_CONFIG_HOME"]) / "alohub-tui" / "plans.toml"
    plans.parent.mkdir(parents=True)
    plans.write_text("".join(
        f"[plans.last.agents.{agent}]\ncallin = {json.dumps(out['last_callin'])}\n"
        f'extensions = ["{ext}"]\n' for agent, ext, out in (("userName61", "6188", first),
                                                            ("userName62", "6288", second))),
        encoding="utf-8")
    same = await run(env, "plan", "diff", "last")
    assert same.code == 0 and "2 unchanged" in same.out, same.out
    assert len([r for r in sim.requests if r["path"].endswith("/updateQueue")]) == 100
    assert len([r for r in sim.requests if r["path"].endswith("/makeCall")]) == 100


async def test_a_newer_store_is_refused_and_a_damaged_one_set_aside(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    (folder,) = [Path(line.split(":", 1)[1].strip()) for line in
                 (await run(env, "config", "path")).out.splitlines()
                 if line.startswith("  folder:")]
    folder.mkdir(parents=True)
    newer = folder / "local.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE later_things (x)")
    conn.commit()
    conn.close()
    before = newer.read_bytes()
    tui = await run(env)  # the TUI stops before any screen, with one line
    assert tui.code == 2 and tui.err.count("\n") == 1
    assert "was written by a newer alohub-tui (local store version 99" in tui.err
    dials = await run(env, "dials")
    assert dials.code == 1 and "newer alohub-tui" in dials.err
    assert newer.read_bytes() == before and sim.requests == []
    newer.write_bytes(b"\x00garbage, not a database" * 64)
    listed = await run(env, "dials", "--json")
    assert listed.code == 0 and listed.out == ""
    assert "was damaged" in listed.err and "started fresh" in listed.err
    assert len(list(folder.glob("local.sqlite3.corrupt-*"))) == 1
