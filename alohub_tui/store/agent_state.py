"""The queues this app last applied to each agent: one row per agent, one write per change.

The state itself is the agents feature's (:class:`alohub_tui.agents.model.KnownState`,
saved as its ``to_dict()``); this module keeps the rows. Two windows applying changes
to different agents never touch each other's rows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .db import Database, json_object


class AgentStates:
    """Last applied state per agent (satisfies ``agents.model.AgentStateStore``)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def agent_states(self) -> dict[str, dict[str, Any]]:
        """Every agent's stored state, by user name (unreadable rows skipped)."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT user_name, data FROM agent_state").fetchall()
        states: dict[str, dict[str, Any]] = {}
        for user, text in rows:
            data = json_object(text)
            if data is not None:
                states[user] = data
        return states

    def agent_state(self, user_name: str) -> dict[str, Any] | None:
        """One agent's stored state, or None when this profile never applied one."""
        with self._db.read() as conn:
            row = conn.execute("SELECT data FROM agent_state WHERE user_name = ?",
                               (user_name,)).fetchone()
        return json_object(row[0]) if row else None

    def set_agent_state(self, user_name: str, state: Mapping[str, Any]) -> None:
        data = {k: v for k, v in state.items() if v is not None}
        with self._db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO agent_state (user_name, applied_at, data)"
                " VALUES (?, ?, ?)",
                (user_name, str(data.get("applied_at", "")),
                 json.dumps(data, ensure_ascii=False)),
            )

