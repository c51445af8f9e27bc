"""An atomically published download: a private ``.part`` file renamed into place."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

FILE_MODE = 0o600


def part_path(dest: Path) -> Path:
    """``rec.mp3`` -> ``rec.mp3.part`` in the same folder (so the rename is atomic)."""
    return dest.with_suffix(dest.suffix + ".part")


class PartFile:
    """Context manager: write bytes, :meth:`commit` to publish; otherwise the part is removed.

    The file is created with mode 0600 (recordings are customer conversations) and
    fsynced before ``os.replace``, so ``dest`` is either absent, the old file, or complete.
    """

    def __init__(self, dest: Path) -> None:
        self.dest = dest
        self.part = part_path(dest)
        self.size = 0
        self._fd: int | None = None
        self._committed = False

    def __enter__(self) -> PartFile:
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        self._fd = os.open(self.part, flags, FILE_MODE)
        if hasattr(os, "fchmod"):
            os.fchmod(self._fd, FILE_MODE)  # an old .part may have had a wider mode
        return self

    def write(self, data: bytes) -> None:
        assert self._fd is not None, "PartFile used outside its with-block"
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        self.size += len(data)

    def commit(self) -> None:
        assert self._fd is not None, "PartFile used outside its with-block"
        os.fsync(self._fd)
        self._close()
        os.replace(self.part, self.dest)
        self._committed = True

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close()
        if not self._committed:
            self.part.unlink(missing_ok=True)
