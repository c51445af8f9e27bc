"""The extension to ring first: typed, or taken from the known ones.

Any extension can be typed (a first run has no catalog); a known one (the default, the
catalog's agents) is suggested while typing (→ or End takes the suggestion) and Up/Down
step through them. It replaces a picker that offered only the catalog's extensions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.binding import Binding
from textual.suggester import SuggestFromList

from alohub_tui.api.phone import EXTENSION_RULE
from alohub_tui.ui.widgets.field import Field


class ExtensionField(Field):
    BINDINGS = [
        Binding("up", "step(-1)", "Previous extension", show=False),
        Binding("down", "step(1)", "Next extension", show=False),
    ]

    def __init__(self, known: Mapping[str, str], **kwargs: Any) -> None:
        """``known``: extension -> what it is ("(default)", an agent's name), in order."""
        self.known = dict(known)
        super().__init__(next(iter(self.known), ""), restrict=r"[0-9]*", max_length=8,
                         refused=f"{EXTENSION_RULE}.",
                         suggester=SuggestFromList(list(self.known)), **kwargs)

    def action_step(self, delta: int) -> None:
        choices = list(self.known)
        if not choices:
            self.app.bell()
            return
        index = choices.index(self.value) + delta if self.value in choices else 0
        self.value = choices[index % len(choices)]
        self.cursor_position = len(self.value)
