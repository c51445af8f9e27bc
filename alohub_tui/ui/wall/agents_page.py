"""The agents page: each agent's state inferred from calls and its time in that state,
coloured (with a glyph) by ``[wall.thresholds.ringing_s / talking_s / idle_s]`` as
VICIdial colours its real-time report; then the day's calls, answered, missed and talk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from alohub_tui.ui.wall.cells import Line, styled
from alohub_tui.ui.wall.text_table import TextTable
from alohub_tui.wallboard.views import AgentRow

#: (key, label, width); the narrow set fits 80 columns.
WIDE_COLUMNS = (("agent", "Agent", 12), ("name", "Name", 18), ("state", "State", 10),
                ("since", "Since", 5), ("in_state", "In state", 9), ("calls", "Calls", 5),
                ("answered", "Answered", 8), ("missed", "Missed", 6), ("talk", "Talk", 8))
NARROW_COLUMNS = (("agent", "Agent", 12), ("state", "State", 10), ("in_state", "In state", 9),
                  ("calls", "Calls", 5), ("answered", "Ans", 4), ("missed", "Miss", 4),
                  ("talk", "Talk", 7))


class AgentsPage(Vertical):
    def compose(self) -> ComposeResult:
        yield Line("", id="wall-agents-note", classes="page-note")
        yield TextTable(NARROW_COLUMNS, id="wall-agents")

    def use_width(self, wide: bool) -> None:
        """Every column from the wide breakpoint up, the essential ones below."""
        self.query_one("#wall-agents", TextTable).set_columns(
            WIDE_COLUMNS if wide else NARROW_COLUMNS)

    def show(self, rows: Sequence[AgentRow], note: str) -> None:
        self.query_one("#wall-agents-note", Line).put(note)
        table = self.query_one("#wall-agents", TextTable)
        keys = [key for key, _label, _width in table.columns]
        table.show([(row.user_name, row, self._cells(row, keys)) for row in rows])

    def _cells(self, row: AgentRow, keys: list[str]) -> Callable[[], list[str | Text]]:
        return lambda: [self._cell(row, key) for key in keys]

    def _cell(self, row: AgentRow, key: str) -> str | Text:
        cells: Mapping[str, str | Text] = {
            "agent": row.user_name, "name": row.name, "state": row.state, "since": row.since,
            "in_state": styled(self.app, row.in_state), "calls": str(row.calls),
            "answered": str(row.answered), "missed": str(row.missed), "talk": row.talk,
        }
        return cells[key]
