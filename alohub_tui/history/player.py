"""Finding and launching an external audio player for a downloaded recording.

The player is started detached (its own session, stdin/stdout/stderr on /dev/null) so
it never reads the TUI's keys or paints over the screen, and it outlives nothing: it
exits when the file ends (or :meth:`Playback.stop` ends it). Recordings to play are
cached per call id so playing the same call twice does not download it twice.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from alohub_tui.privfiles import private_folder

from .files import recording_file_name

APP_NAME = "alohub-tui"
PLAYER_NAMES = "mpv, ffplay, vlc"


@dataclass(frozen=True)
class Player:
    """A player program and the arguments that make it play one file without a window."""

    name: str
    args: tuple[str, ...]

    def command(self, executable: str, path: Path) -> list[str]:
        return [executable, *self.args, str(path)]


#: In order of preference: quiet, windowless, exit at the end of the file.
PLAYERS: tuple[Player, ...] = (
    Player("mpv", ("--no-video", "--really-quiet", "--no-terminal")),
    Player("ffplay", ("-nodisp", "-autoexit", "-loglevel", "quiet")),
    Player("cvlc", ("--play-and-exit", "--quiet")),
    Player("vlc", ("-I", "dummy", "--play-and-exit", "--quiet")),
)

Which = Callable[[str], str | None]


def find_player(which: Which = shutil.which,
                players: Sequence[Player] = PLAYERS) -> tuple[Player, str] | None:
    """The first installed player and its executable path, or None."""
    for player in players:
        executable = which(player.name)
        if executable:
            return player, executable
    return None


def launch(player: Player, executable: str, path: Path) -> subprocess.Popen[bytes]:
    """Start the player detached from the terminal (raises OSError if it cannot start)."""
    return subprocess.Popen(
        player.command(executable, path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


@dataclass
class Playback:
    """A player playing one call's recording: whether it still plays, and stopping it."""

    process: subprocess.Popen[bytes]
    call_id: str
    player: str
    started: float = field(default_factory=time.monotonic)

    @property
    def playing(self) -> bool:
        return self.process.poll() is None

    def elapsed(self) -> int:
        return int(time.monotonic() - self.started)

    def stop(self) -> None:
        """End the player (its whole session: a player may start helpers)."""
        if self.playing:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGTERM)


def cache_dir() -> Path:
    """Private folder for recordings downloaded only to be played."""
    override = os.environ.get("ALOHUB_TUI_CACHE_DIR", "").strip()
    folder = (Path(override).expanduser() if override
              else Path(platformdirs.user_cache_dir(APP_NAME)) / "recordings")
    private_folder(folder)
    return folder


def cached_recording(ref: str, call_id: str, folder: Path | None = None) -> Path:
    """Where the recording of ``call_id`` is (or will be) cached for playing."""
    return (folder or cache_dir()) / recording_file_name(ref, call_id)


def is_cached(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False
