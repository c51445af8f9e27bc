"""A profile's local store: the one SQLite file for what the app remembers of a tenant.

:func:`open_local_store` opens (or creates) ``local.sqlite3`` in the profile's folder
(:mod:`.db`: WAL, versioned, set aside when damaged, refused when newer), imports the
files of before profiles into the first real profile (:mod:`.legacy`), and hands out one
object per kind of record:

- ``store.dials``: :class:`~.dials.DialRecords`, the recent dials;
- ``store.agents``: :class:`~.agent_state.AgentStates`, the queues last applied per agent;
- ``store.audit``: :class:`~.audit.AuditRecords`, the append-only audit log;
- ``store.callbacks``: :class:`~.callbacks.CallbackRecords`, callback claims and outcomes.

Each write is its own small transaction, so any number of windows and commands on one
profile add to it without losing each other's changes; :mod:`.watch` tells a window
when another process wrote.
"""

from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path

from .agent_state import AgentStates
from .audit import AuditRecords
from .callbacks import CallbackRecords
from .db import Database, open_database
from .dials import DialRecords
from .legacy import LegacyFiles, import_legacy
from .profile import Profile


def new_session() -> str:
    """This process's mark on the dials it places (host, pid, a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class LocalStore:
    """The open store of one profile (thread-safe; close it when done)."""

    def __init__(self, db: Database, profile: Profile,
                 warnings: list[str] | None = None) -> None:
        self.db = db
        self.profile = profile
        self.session = new_session()
        self.warnings: list[str] = list(warnings or [])
        """What the user should hear once: a damaged file set aside, an import done."""
        self.dials = DialRecords(db, self.session)
        self.agents = AgentStates(db)
        self.audit = AuditRecords(db)
        self.callbacks = CallbackRecords(db, self.session)

    @property
    def path(self) -> Path:
        return self.db.path

    def data_version(self) -> int:
        return self.db.data_version()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_local_store(profile: Profile, legacy: LegacyFiles | None = None) -> LocalStore:
    """Open ``profile``'s store (see the module docstring).

    Raises :class:`~.db.NewerStore` (a newer alohub-tui wrote it: left untouched) or
    :class:`~.db.StoreError` (it cannot be opened or made).
    """
    conn, warning = open_database(profile.local_db)
    store = LocalStore(Database(profile.local_db, conn), profile, [warning] if warning else [])
    try:
        note = import_legacy(store.db, profile, legacy)
    except (OSError, ValueError) as exc:  # StoreError too: the old files stay, tried again
        note = f"Could not import what alohub-tui remembered before profiles: {exc}"
    if note:
        store.warnings.append(note)
    return store
