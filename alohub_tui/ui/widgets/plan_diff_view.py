"""A plan's diff, one block per agent, with each agent's result once it is sent.

Plain wrapped text in a scrolling view rather than a table: at 80 columns a table
would cut the changes short; here every line wraps and nothing is lost. Each line
starts with its glyph (``~ ? = –`` for the kind, ``+ - ~`` for the change, ``✓ ✗ ?``
for the result), so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from alohub_tui.agents.plan_diff import PlanRow, RowKind
from alohub_tui.agents.plan_run import PlanRun, Status

_KIND_STYLES = {RowKind.CHANGE: "bold yellow", RowKind.UNKNOWN: "bold magenta",
                RowKind.SAME: "dim", RowKind.REFUSED: "bold red"}
_LINE_STYLES = {"+": "green", "-": "red", "~": "yellow", "⚠": "yellow"}
_STATUS_STYLES = {Status.SENDING: "bold", Status.OK: "bold green", Status.FAILED: "bold red",
                  Status.MAYBE: "bold yellow"}


def result_line(status: Status, error: str | None) -> str:
    """What became of one agent's request, in words."""
    if status is Status.OK:
        return "✓ applied"
    if status is Status.SENDING:
        return "… sending"
    if status is Status.MAYBE:
        return f"? may be applied (answer lost after sending; not re-sent): {error}"
    return f"✗ failed: {error}"


def plan_text(
    rows: Sequence[PlanRow], run: PlanRun | None, names: Mapping[int, str],
    display: Mapping[str, str], notes: Sequence[str] = (),
) -> Text:
    text = Text()
    for row in rows:
        if text:
            text.append("\n")
        text.append(row.headline(display.get(row.user_name, "")), _KIND_STYLES[row.kind])
        for line in row.detail_lines(names):
            text.append(f"\n    {line}", _LINE_STYLES.get(line[:1], ""))
        status = run.status.get(row.user_name) if run is not None else None
        if status is not None and status is not Status.READY:
            error = run.errors.get(row.user_name) if run is not None else None
            text.append(f"\n    {result_line(status, error)}", _STATUS_STYLES[status])
    for note in notes:
        text.append(f"\n– {note}", "dim")
    return text


class PlanDiffView(VerticalScroll):
    """Focusable; scrolls with the arrow keys, Page Up/Down, Home and End."""

    def compose(self) -> ComposeResult:
        yield Static("", id="plan-diff-text", markup=False)

    def show(self, text: Text) -> None:
        self.query_one("#plan-diff-text", Static).update(text)
