"""Run ``python -m alohub_tui ...`` as a user would, without blocking the test's loop."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path


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


def cli_env(home: Path, *, key: str | None, base_url: str | None,
            media_url: str | None = None) -> dict[str, str]:
    """The environment of a CLI run: the key and URLs given (None: unset), and every
    file of the app (config, state, data, downloads) under ``home``."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("ALOHUB_API_KEY", "ALOHUB_BASE_URL", "ALOHUB_MEDIA_URL")}
    env.update({
        "XDG_CONFIG_HOME": str(home / "config"),
        "ALOHUB_TUI_CONFIG": "",
        "ALOHUB_TUI_STATE_DIR": str(home / "state"),
        "ALOHUB_TUI_DATA_DIR": str(home / "data"),
        "ALOHUB_TUI_DOWNLOADS_DIR": str(home / "downloads"),
    })
    for name, value in (("ALOHUB_API_KEY", key), ("ALOHUB_BASE_URL", base_url),
                        ("ALOHUB_MEDIA_URL", media_url)):
        if value is not None:
            env[name] = value
    return env


READ_ONLY_WAYS = ("flag-before", "flag-after", "config")


def read_only_args(args: list[str], how: str, folder: Path) -> list[str]:
    """``args`` made read-only one of :data:`READ_ONLY_WAYS`: ``--read-only`` before or
    after the command, or ``[ui] read_only = true`` in a config file in ``folder``."""
    if how == "flag-before":
        return ["--read-only", *args]
    if how == "flag-after":
        return [*args, "--read-only"]
    config = folder / "ro.toml"
    config.write_text("[ui]\nread_only = true\n", encoding="utf-8")
    return [*args, "--config", str(config)]
