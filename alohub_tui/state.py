"""What the app remembers between runs: theme, recent dials, last applied agent queues.

Kept apart from the user's config.toml (which is theirs, with their comments) in a
TOML state file, written atomically with mode 0600
(:func:`alohub_tui.privfiles.write_atomic`). A corrupt or unreadable state file is set
aside (renamed ``.corrupt``) and the app starts fresh rather than failing.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from alohub_tui.privfiles import write_atomic

MAX_RECENT_DIALS = 200


class StateStore:
    """A small TOML document of remembered values, saved on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warning: str | None = None
        self.data: dict[str, Any] = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self.warning = f"Could not read {self.path} ({exc.strerror}); starting fresh."
            return {}
        try:
            return tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            aside = self.path.with_suffix(".corrupt")
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
            self.warning = f"{self.path} was damaged; kept it as {aside.name} and started fresh."
            return {}

    def save(self) -> None:
        write_atomic(self.path, tomli_w.dumps(self.data).encode("utf-8"))

    # ---- typed accessors -------------------------------------------------

    @property
    def theme(self) -> str | None:
        value = self.data.get("theme")
        return value if isinstance(value, str) else None

    def set_theme(self, theme: str) -> None:
        self.data["theme"] = theme
        self.save()

    def recent_dials(self) -> list[dict[str, Any]]:
        dials = self.data.get("recent_dials", [])
        return [d for d in dials if isinstance(d, dict)] if isinstance(dials, list) else []

    def upsert_dial(self, dial: dict[str, Any]) -> None:
        """Insert or replace the dial with the same transaction_id (newest first)."""
        txn = dial.get("transaction_id")
        dials = [d for d in self.recent_dials() if d.get("transaction_id") != txn]
        dials.insert(0, {k: v for k, v in dial.items() if v is not None})
        self.data["recent_dials"] = dials[:MAX_RECENT_DIALS]
        self.save()

    def agent_states(self) -> dict[str, dict[str, Any]]:
        states = self.data.get("agents", {})
        if not isinstance(states, dict):
            return {}
        return {k: v for k, v in states.items() if isinstance(v, dict)}

    def set_agent_state(self, user_name: str, state: dict[str, Any]) -> None:
        agents = self.agent_states()
        agents[user_name] = {k: v for k, v in state.items() if v is not None}
        self.data["agents"] = agents
        self.save()
