"""Private files in one place: what alohub-tui writes is readable by its owner only.

Recordings are customer conversations; the state, audit log, event store and log name
customers, agents and transactions. Every such file is created with mode 0600 whatever
the umask (and an existing one is tightened), and a folder created for private files
gets 0700. The ways of writing one:

- :func:`write_atomic`: replace a whole file (temporary file, fsync, ``os.replace``);
- :func:`append_private`: add one fsynced record to an append-only file;
- :func:`create_private`: make sure the file exists (SQLite and logging then open it);
- :func:`create_new`: write a file that must not exist yet;
- :func:`reserve_unique` / :func:`release`: claim a file name nobody else has;
- :class:`PartFile`: stream into ``name.part`` and rename it into place when complete;
- :func:`exclusive_lock` / :func:`opening_lock`: one process at a time (a migration,
  setting up a shared SQLite store).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

FILE_MODE = 0o600
FOLDER_MODE = 0o700
MAX_SUFFIX = 999


def private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if missing; the folder itself gets 0700."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with mode 0600."""
    private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def append_private(path: Path, data: bytes) -> None:
    """Append ``data`` in one write and fsync it (the file is created 0600 if missing)."""
    private_folder(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def create_private(path: Path) -> None:
    """Create ``path`` empty if missing, and tighten an existing one to 0600.

    An existing file is never opened: closing any descriptor of a file drops every POSIX
    lock this process holds on it, so opening and closing a SQLite database that this
    process already has connections to would silently release their locks (another
    process could then delete the WAL under them and the writes in it would be lost).
    """
    private_folder(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, FILE_MODE))
    with contextlib.suppress(OSError):  # e.g. a filesystem without Unix modes
        os.chmod(path, FILE_MODE)


def create_new(path: Path, text: str) -> None:
    """Write ``text`` to a new file (FileExistsError if ``path`` exists)."""
    private_folder(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def reserve_unique(folder: Path, name: str) -> Path:
    """Create ``folder/name`` empty, or ``stem-1.ext``, ``stem-2.ext``… if taken; return it.

    The empty file (``O_EXCL``, 0600) holds the name: two downloads of the same call, even
    from two app instances, get two names. The writer then replaces it atomically (a
    :class:`PartFile`); on failure :func:`release` removes it. ``folder`` is the user's
    downloads folder: created if missing, with the usual mode.
    """
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


def part_path(dest: Path) -> Path:
    """``rec.mp3`` -> ``rec.mp3.part`` in the same folder (so the rename is atomic)."""
    return dest.with_suffix(dest.suffix + ".part")


class PartFile:
    """Context manager: write bytes, :meth:`commit` to publish; otherwise the part is removed.

    The file is created with mode 0600 and fsynced before ``os.replace``, so ``dest`` is
    either absent, the old file, or complete.
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


@contextlib.contextmanager
def exclusive_lock(lock_file: Path) -> Iterator[None]:
    """While inside, this process holds ``lock_file`` (created 0600, left in place)
    exclusively: other processes asking for it wait. Where ``fcntl`` is missing nothing
    is locked."""
    private_folder(lock_file.parent)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def opening_lock(path: Path) -> contextlib.AbstractContextManager[None]:
    """While inside, no other process is inside for the same ``path``: they wait.

    For setting up a file several processes share (creating or migrating a SQLite
    store, switching it to WAL, deciding it is damaged): done by two at once, one sees
    the other's half-made file as locked or damaged. The lock is ``path`` +
    ``.open-lock``.
    """
    return exclusive_lock(path.with_name(path.name + ".open-lock"))
