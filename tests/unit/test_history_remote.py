"""Over SSH: the server as the client reached it, and the commands that fetch a file;
a player's playback and its stop."""

from __future__ import annotations

import subprocess
from pathlib import Path

from alohub_tui.history.player import Playback
from alohub_tui.history.remote import SshOrigin, fetch_commands, ssh_origin


def test_no_ssh_no_origin() -> None:
    assert ssh_origin({}) is None
    assert ssh_origin({"SSH_CONNECTION": "garbage"}) is None


def test_origin_from_ssh_connection() -> None:
    env = {"SSH_CONNECTION": "10.0.0.5 51000 10.0.0.9 22", "USER": "ops"}
    assert ssh_origin(env) == SshOrigin("ops", "10.0.0.9", 22)
    assert fetch_commands(SshOrigin("ops", "10.0.0.9", 22), Path("/d/a.mp3")) == (
        "scp ops@10.0.0.9:/d/a.mp3 .", "rsync -P ops@10.0.0.9:/d/a.mp3 .")


def test_other_port_ipv6_and_spaces() -> None:
    scp, rsync = fetch_commands(SshOrigin("ops", "fe80::1", 2222), Path("/d/my calls/a.mp3"))
    assert scp == "scp -P 2222 'ops@[fe80::1]':'/d/my calls/a.mp3' ."
    assert rsync == "rsync -P -e 'ssh -p 2222' 'ops@[fe80::1]':'/d/my calls/a.mp3' ."


def test_stop_ends_the_player() -> None:
    process = subprocess.Popen(["sleep", "30"], start_new_session=True)
    playback = Playback(process, "c1", "mpv")
    assert playback.playing
    playback.stop()
    assert process.wait(timeout=5) != 0 and not playback.playing
    playback.stop()  # already ended: nothing happens
