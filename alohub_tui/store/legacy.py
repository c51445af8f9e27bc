"""The one-time import of what alohub-tui remembered before profiles.

Before profiles, recent dials and the last applied queues were in ``state.toml`` (state
folder) and the audit log in ``queue-audit.jsonl`` (data folder), for every tenant and
the demo alike; the event store was ``<data dir>/events.sqlite3``. The first real
(non-demo) profile opened takes them:

- dials, agents' states and audit lines go into its local store in one transaction,
  recorded in ``meta`` (so a crash before the files are renamed imports nothing twice);
- the originals are kept as ``state.toml.migrated`` and ``queue-audit.jsonl.migrated``;
  ``state.toml`` keeps only the theme (global);
- the event store moves into the profile's folder when no process has it open.

Imported audit entries carry no profile (``NULL``): which tenant (or the demo) they went
to is unknown, so they are shown but never undone or re-sent. A global lock file keeps
two processes from importing at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from alohub_tui import paths
from alohub_tui.privfiles import exclusive_lock, private_folder, write_atomic
from alohub_tui.state import StateStore
from alohub_tui.vntime import as_vn_aware

from .audit import AuditLine, insert_lines
from .db import Database
from .profile import Profile

LEGACY_AUDIT = "queue-audit.jsonl"
LEGACY_EVENTS = "events.sqlite3"
LEGACY_KEYS = ("recent_dials", "agents")
MIGRATED = ".migrated"
LOCK_FILE = ".migration.lock"


@dataclass(frozen=True)
class LegacyFiles:
    state: Path
    audit: Path
    events: Path

    @classmethod
    def default(cls) -> LegacyFiles:
        return cls(paths.state_file(), paths.data_dir() / LEGACY_AUDIT,
                   paths.data_dir() / LEGACY_EVENTS)


@dataclass
class Imported:
    dials: int = 0
    agents: int = 0
    entries: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self, profile: Profile) -> str | None:
        parts = [f"{n} {what}" for n, what in ((self.dials, "dials"),
                 (self.agents, "agents' queues"), (self.entries, "audit entries")) if n]
        lines = list(self.notes)
        if parts:
            lines.insert(0, f"Imported what alohub-tui remembered before profiles into "
                         f"profile {profile.name}: {', '.join(parts)}; the old files are "
                         f"kept as *{MIGRATED}. Imported queue changes are never undone "
                         "or re-sent (their tenant is unknown).")
        if self.skipped:
            lines.append(f"{self.skipped} unreadable line(s) of the old audit file skipped.")
        return " ".join(lines) or None


def _legacy_state(path: Path) -> dict[str, Any] | None:
    """The old state file's data, when it still holds dials or agents' states."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return data if any(key in data for key in LEGACY_KEYS) else None


def pending(files: LegacyFiles, profile: Profile) -> bool:
    """Whether there is anything of before profiles to import (cheap; no lock)."""
    return (files.audit.is_file() or _legacy_state(files.state) is not None
            or (files.events.is_file() and not profile.events_db.exists()))


def _audit_lines(raw: bytes, imported: Imported) -> list[AuditLine]:
    lines: list[AuditLine] = []
    for text in raw.decode("utf-8", errors="replace").splitlines():
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            line = AuditLine(str(data["id"]), as_vn_aware(datetime.fromisoformat(data["time"])),
                             str(data["agent"]), str(data.get("kind", "edit")),
                             str(data.get("result", "sent")), None, text)
            if not isinstance(data["body"], dict):
                raise TypeError("body")
        except (ValueError, KeyError, TypeError):
            imported.skipped += 1
            continue
        lines.append(line)
    return lines


def _import_rows(conn: sqlite3.Connection, state: dict[str, Any], audit: list[AuditLine],
                 imported: Imported) -> None:
    dials = state.get("recent_dials", [])
    for dial in dials if isinstance(dials, list) else []:
        if isinstance(dial, dict) and isinstance(dial.get("transaction_id"), str):
            imported.dials += conn.execute(
                "INSERT OR IGNORE INTO dials (transaction_id, placed_at, final, owner, data)"
                " VALUES (?, ?, ?, '', ?)",
                (dial["transaction_id"], str(dial.get("placed_at", "")),
                 bool(dial.get("final")), json.dumps(dial, ensure_ascii=False)),
            ).rowcount
    agents = state.get("agents", {})
    for user, known in (agents.items() if isinstance(agents, dict) else []):
        if isinstance(known, dict):
            imported.agents += conn.execute(
                "INSERT OR IGNORE INTO agent_state (user_name, applied_at, data)"
                " VALUES (?, ?, ?)",
                (user, str(known.get("applied_at", "")), json.dumps(known, ensure_ascii=False)),
            ).rowcount
    imported.entries = len({line.entry_id for line in audit})
    insert_lines(conn, audit)


def _migrated(path: Path) -> Path:
    """Where the original of ``x`` is kept: ``x.migrated`` (``x.migrated-2``... if taken)."""
    target = path.with_name(path.name + MIGRATED)
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}{MIGRATED}-{n}")
    return target


def _move_events(files: LegacyFiles, profile: Profile, imported: Imported) -> None:
    """Move the old event store into the profile when no process has it open: leaving
    WAL mode (which needs the only connection) folds its WAL into the file first."""
    if not files.events.is_file() or profile.events_db.exists():
        return
    try:
        conn = sqlite3.connect(files.events, timeout=1)
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        mode = "unknown"
    if str(mode).lower() != "delete":
        imported.notes.append(
            f"Call events of before profiles stay in {files.events}: a process still has it "
            "open (an `alohub-tui webhook` started before the upgrade?). Restart it; they "
            f"move to {profile.events_db} at the next start.")
        return
    private_folder(profile.folder)
    os.replace(files.events, profile.events_db)
    imported.notes.append(f"Call events of before profiles moved to {profile.events_db}.")


def import_legacy(db: Database, profile: Profile, files: LegacyFiles | None = None) -> str | None:
    """Import the files of before profiles into ``profile`` (see the module docstring);
    a note for the user, or None when there was nothing to import."""
    files = files or LegacyFiles.default()
    if profile.is_demo or not pending(files, profile):
        return None
    imported = Imported()
    with exclusive_lock(files.state.parent / LOCK_FILE):
        state_raw = files.state.read_bytes() if _legacy_state(files.state) else b""
        audit_raw = files.audit.read_bytes() if files.audit.is_file() else b""
        if state_raw or audit_raw:
            key = hashlib.sha256(state_raw + b"\0" + audit_raw).hexdigest()
            state = tomllib.loads(state_raw.decode("utf-8")) if state_raw else {}
            audit = _audit_lines(audit_raw, imported)
            with db.write() as conn:
                done = conn.execute("SELECT value FROM meta WHERE key = 'legacy_import'"
                                    ).fetchone()
                if done is None or json.loads(done[0]).get("sha256") != key:
                    _import_rows(conn, state, audit, imported)
                    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES"
                                 " ('legacy_import', ?)", (json.dumps({"sha256": key}),))
            if state_raw:
                write_atomic(_migrated(files.state), state_raw)
                theme = StateStore(files.state)
                theme.data = {k: v for k, v in theme.data.items() if k not in LEGACY_KEYS}
                theme.save()
            if audit_raw:
                os.replace(files.audit, _migrated(files.audit))
        _move_events(files, profile, imported)
    return imported.summary(profile)
