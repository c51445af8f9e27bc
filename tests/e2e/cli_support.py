"""Run ``python -m alohub_tui ...`` as a user would, without blocking the test's loop."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from alohub_tui.sim.server import Simulator


@dataclass
class Result:
    code: int
    out: str
    err: str


async def run_cli(env: dict[str, str], *args: str, secret: str) -> Result:
    """The CLI in a real process (the simulator keeps serving meanwhile); no tty on stdin.

    Every run is also checked for what must never happen: ``secret`` printed, a traceback.
    """
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "alohub_tui", *args,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=env,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode is not None
    result = Result(proc.returncode, out.decode(), err.decode())
    assert secret not in result.out + result.err
    assert "Traceback" not in result.err
    return result


def cli_env(sim: Simulator, tmp_path: Path, key: str) -> dict[str, str]:
    """A user's environment for ``sim`` as the tenant, every folder under ``tmp_path``."""
    return {
        **os.environ,
        "ALOHUB_API_KEY": key,
        "ALOHUB_BASE_URL": sim.base_url,
        "ALOHUB_MEDIA_URL": sim.media_url,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "ALOHUB_TUI_CONFIG": "",
        "ALOHUB_TUI_STATE_DIR": str(tmp_path / "state"),
        "ALOHUB_TUI_DATA_DIR": str(tmp_path / "data"),
        "ALOHUB_TUI_DOWNLOADS_DIR": str(tmp_path / "downloads"),
    }
