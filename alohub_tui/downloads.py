"""Choosing where a download lands without ever overwriting a file the user has.

A name is *reserved* by creating an empty file with ``O_EXCL`` (mode 0600): two
downloads of the same call, even from two app instances, get two names. The writer
then replaces the empty placeholder atomically; on failure :func:`release` removes it.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

FILE_MODE = 0o600
MAX_SUFFIX = 999


def reserve_unique(folder: Path, name: str) -> Path:
    """Create ``folder/name`` empty, or ``stem-1.ext``, ``stem-2.ext``… if taken; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    for n in range(MAX_SUFFIX + 1):
        candidate = folder / (name if n == 0 else f"{stem}-{n}{dot}{ext}")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise FileExistsError(f"{folder / name} and {MAX_SUFFIX} numbered variants exist")


def release(path: Path) -> None:
    """Remove a reserved file that is still empty (a failed or cancelled download)."""
    with contextlib.suppress(OSError):
        if path.stat().st_size == 0:
            path.unlink()


def export_file_name(now: datetime) -> str:
    """``alohub-calls-20261127-153000.csv``."""
    return now.strftime("alohub-calls-%Y%m%d-%H%M%S.csv")


def human_size(size: float) -> str:
    """``532 B``, ``14.1 KB``, ``2.3 MB``."""
    if size < 1024:
        return f"{size:.0f} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
