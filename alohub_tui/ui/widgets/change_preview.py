"""The exact updateQueue request and its diff, as shown before anything is sent."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import Static

from alohub_tui.agents.diff import QueueDiff
from alohub_tui.agents.model import QueueSet, request_preview

_DIFF_STYLES = {"+": "green", "-": "red", "~": "yellow", "?": "yellow", "=": "dim"}


def diff_text(diff: QueueDiff, names: Mapping[int, str] | None = None) -> Text:
    """Diff lines, each led by its glyph (+ - ~ ? =) so colour is never the only cue."""
    text = Text()
    for index, line in enumerate(diff.lines(names)):
        if index:
            text.append("\n")
        text.append(line, style=_DIFF_STYLES.get(line[:1], ""))
    return text


def request_text(base_url: str, user_name: str, wanted: QueueSet) -> Text:
    line, body = request_preview(base_url, user_name, wanted)
    text = Text(line, style="bold")
    text.append("\n")
    text.append(body)
    return text


class ChangePreview(Static):
    """Request line, JSON body, then the diff against the last known state."""

    def show(
        self, base_url: str, user_name: str, wanted: QueueSet, diff: QueueDiff,
        names: Mapping[int, str] | None = None,
    ) -> None:
        text = request_text(base_url, user_name, wanted)
        text.append("\n")
        text.append_text(diff_text(diff, names))
        self.update(text)
