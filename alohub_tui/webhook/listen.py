"""Where the webhook receiver listens and stores: shared by ``alohub-tui webhook`` and
the TUI's live service (which must not import a CLI module). The store is the profile's
(:mod:`alohub_tui.store.profile`): ``<data dir>/profiles/<profile>/events.sqlite3``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..digits import whole_number
from ..exitcodes import UsageError
from ..store.profile import EVENTS_DB, profile_for

DEFAULT_LISTEN = "127.0.0.1:8787"
DEFAULT_KEY_ENV = "ALOHUB_WEBHOOK_KEY"
DB_FILE_NAME = EVENTS_DB


@dataclass(frozen=True, slots=True)
class Listen:
    host: str
    port: int


def default_db_path(config: Config) -> Path:
    """The event store of the config's profile: the standalone receiver, ``stats``, the
    TUI's Live tab and the wall use it by default."""
    return profile_for(config, demo=False).events_db


def parse_listen(text: str) -> Listen:
    """``host:port`` or ``[v6]:port``; port 0 picks a free one (UsageError otherwise)."""
    host, sep, port = text.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    number = whole_number(port, max_digits=5)
    if not sep or not host or number is None or not 0 <= number < 65536:
        raise UsageError(f'--listen expects "host:port", e.g. "{DEFAULT_LISTEN}", got {text!r}')
    return Listen(host, number)
