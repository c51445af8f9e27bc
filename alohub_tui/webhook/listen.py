"""Where the webhook receiver listens and stores: shared by ``alohub-tui webhook`` and
the TUI's live service (which must not import a CLI module)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..digits import whole_number
from ..exitcodes import UsageError

DEFAULT_LISTEN = "127.0.0.1:8787"
DEFAULT_KEY_ENV = "ALOHUB_WEBHOOK_KEY"
DB_FILE_NAME = "events.sqlite3"


@dataclass(frozen=True, slots=True)
class Listen:
    host: str
    port: int


def default_db_path() -> Path:
    """The event store both the standalone receiver and the TUI use by default."""
    return paths.data_dir() / DB_FILE_NAME


def parse_listen(text: str) -> Listen:
    """``host:port`` or ``[v6]:port``; port 0 picks a free one (UsageError otherwise)."""
    host, sep, port = text.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    number = whole_number(port, max_digits=5)
    if not sep or not host or number is None or not 0 <= number < 65536:
        raise UsageError(f'--listen expects "host:port", e.g. "{DEFAULT_LISTEN}", got {text!r}')
    return Listen(host, number)
