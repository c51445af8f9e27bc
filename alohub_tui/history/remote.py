"""When the app runs on a server over SSH: where the user's files would come from.

A player started by the app plays on the machine the app runs on. Over SSH
(``SSH_CONNECTION`` is set) that is the server, not where the user sits: so instead of
playing, the app saves the recording and hands the user a command to run on their own
computer, ``scp`` or ``rsync`` from this server, as it was reached (the address and
port in ``SSH_CONNECTION``, the login name).
"""

from __future__ import annotations

import getpass
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SshOrigin:
    """This server as the SSH client reached it."""

    user: str
    host: str
    port: int

    @property
    def target(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host  # IPv6
        return f"{self.user}@{host}" if self.user else host


def ssh_origin(env: Mapping[str, str]) -> SshOrigin | None:
    """From ``SSH_CONNECTION`` ("client port server port"); None when not over SSH."""
    fields = env.get("SSH_CONNECTION", "").split()
    if len(fields) != 4:
        return None
    try:
        port = int(fields[3])
    except ValueError:
        port = 22
    user = env.get("USER") or env.get("LOGNAME") or _login()
    return SshOrigin(user, fields[2], port)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def fetch_commands(origin: SshOrigin, path: Path) -> tuple[str, str]:
    """``scp`` and ``rsync`` commands that copy ``path`` from this server to the current
    folder of the user's computer."""
    remote = f"{shlex.quote(origin.target)}:{shlex.quote(str(path))}"  # as one word
    if origin.port == 22:
        return f"scp {remote} .", f"rsync -P {remote} ."
    return (f"scp -P {origin.port} {remote} .",
            f"rsync -P -e 'ssh -p {origin.port}' {remote} .")
