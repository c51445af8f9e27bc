"""Per-agent counters since midnight, with what each agent is doing now.

One row per agent, keyed by user name: every catalog agent (so an agent with no call yet
still shows) and any other name the events carry. Rows are updated in place, and the
table is re-ordered (busiest first) only when the order changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text

from alohub_tui.config import CatalogAgent
from alohub_tui.live.feed import RINGING, TALKING
from alohub_tui.live.stats import fmt_avg
from alohub_tui.ui.live_labels import IDLE, live_status_text
from alohub_tui.ui.widgets.plain_table import PlainTable
from alohub_tui.webhook.readings import AgentCounters, Counters

Columns = Mapping[str, tuple[str, int]]
"""Column key -> (label, width); keys among agent, name, now, answered, missed, talk."""

AGENT_COLUMNS: Columns = {
    "agent": ("Agent", 10),
    "name": ("Name", 16),
    "now": ("Now", 10),
    "answered": ("✓ Ans", 5),
    "missed": ("✗ Miss", 6),
    "talk": ("Avg talk", 8),
}
_STATE_RANK = {TALKING: 0, RINGING: 1}

COMPACT_AGENT_COLUMNS: Columns = {
    "agent": ("Agent", 10),
    "now": ("Now", 9),
    "answered": ("✓", 3),
    "missed": ("✗", 3),
}


class AgentGrid(PlainTable):
    """Agents, their state now (``● talking``, ``☎ ringing``, ``· idle``) and counters."""

    def __init__(self, agents: Sequence[CatalogAgent] = (), *,
                 columns: Columns = AGENT_COLUMNS, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)
        self._names = {a.user_name: (a.name or a.user_name) for a in agents}
        self._columns = dict(columns)

    def on_mount(self) -> None:
        self.use_columns(self._columns)

    def use_columns(self, columns: Columns) -> None:
        """Replace the columns (the rows go too; call :meth:`show` again)."""
        self._columns = dict(columns)
        self.clear(columns=True)
        for key, (label, width) in self._columns.items():
            self.add_column(label, key=key, width=width)

    def _cell(self, key: str, user: str, counts: AgentCounters, now: str) -> str | Text:
        if key == "agent":  # the user name, as the feed and the filter know the agent
            return Text(user, overflow="ellipsis", no_wrap=True)
        if key == "name":
            return Text(self._names.get(user, ""), overflow="ellipsis", no_wrap=True)
        if key == "now":
            return live_status_text(now)
        if key == "talk":
            return fmt_avg(counts.avg_talk_seconds)
        return str(getattr(counts, key))

    def show(self, counters: Counters, busy: Mapping[str, str]) -> None:
        """Update every agent's row; ``busy`` maps user name -> talking / ringing.

        Busiest first: on a call, then ringing, then by calls handled today, so the rows
        that matter are the ones a short table still shows.
        """
        users = {*self._names, *counters.agents, *busy}

        def rank(user: str) -> tuple[int, int, str]:
            counts = counters.agents.get(user) or AgentCounters(user)
            return (_STATE_RANK.get(busy.get(user, IDLE), 2), -(counts.answered + counts.missed),
                    user)

        order = sorted(users, key=rank)
        if order != [row.key.value for row in self.ordered_rows]:
            self.clear()
        for user in order:
            counts = counters.agents.get(user) or AgentCounters(user)
            now = busy.get(user, IDLE)
            cells = [self._cell(key, user, counts, now) for key in self._columns]
            if user in self.rows:
                for key, value in zip(self._columns, cells, strict=True):
                    self.update_cell(user, key, value)
            else:
                self.add_row(*cells, key=user)
