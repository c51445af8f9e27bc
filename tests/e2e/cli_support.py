"""Run ``python -m alohub_tui ...`` as a user would, without blocking the test's loop."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass


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
