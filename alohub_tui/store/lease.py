"""Which processes use a profile's folder: each holds a shared lock on a file in it.

Only the demo profile needs it: ``--demo`` starts from an empty profile (its simulator
starts afresh, so what an earlier demo remembered describes nothing), but a demo window
or command still running must not lose its files under it. So a demo start resets the
folder only when it gets the lock exclusively, and keeps the data (saying so) otherwise.
The lock goes with the process (the OS releases it when the process ends).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from alohub_tui.privfiles import FILE_MODE, private_folder

from .profile import Profile

try:
    import fcntl
except ImportError:  # pragma: no cover - not a Unix: no locking, resets always happen
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".in-use"
KEPT = ("Another alohub-tui is using the demo profile, so its data was kept (it is reset "
        "when the demo starts with no other demo window open).")


class ProfileLease:
    """A shared hold on a profile's folder until :meth:`release` or the process ends."""

    def __init__(self, profile: Profile, fd: int | None) -> None:
        self.profile = profile
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _lock_fd(folder: Path) -> int:
    private_folder(folder)
    return os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, FILE_MODE)


def _clear(folder: Path) -> None:
    """Remove the folder's files (the stores and their WAL files), not the lock."""
    for item in folder.iterdir():
        if item.name != LOCK_FILE and item.is_file():
            item.unlink(missing_ok=True)


def claim(profile: Profile, *, reset: bool) -> tuple[ProfileLease, str | None]:
    """Hold ``profile``'s folder; with ``reset``, empty it first if nobody else holds it.

    Returns the lease and, when a reset was asked for but others hold the folder, the
    note saying its data was kept.
    """
    fd = _lock_fd(profile.folder)
    if fcntl is None:  # pragma: no cover
        if reset:
            _clear(profile.folder)
        return ProfileLease(profile, fd), None
    note = None
    try:
        if reset:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                note = KEPT
            else:
                _clear(profile.folder)
        fcntl.flock(fd, fcntl.LOCK_SH)  # from exclusive: a conversion, never a wait
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise
    return ProfileLease(profile, fd), note
