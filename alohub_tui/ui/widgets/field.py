"""A text field that leaves the keys it cannot hold as text to the app's bindings.

The key model (docs/KEYS.md): F-keys and ctrl+ keys work everywhere, single keys act
only where no text field has focus, since a field takes what is typed. ``?`` is the
exception: no phone number, extension, id, date or filter holds a ``?``, so in such a
field it opens the help as it does elsewhere. A field where ``?`` may be text (a URL,
a key) says ``any_text=True``.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

#: Characters that are never text in a field that is not ``any_text``.
NOT_TEXT = frozenset("?")


class Field(Input):
    """:class:`Input` that passes ``?`` on to the bindings unless ``any_text``."""

    def __init__(self, value: str | None = None, *, any_text: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(value, **kwargs)
        self.any_text = any_text

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Textual drops the bindings of the keys a focused field consumes (every
        printable one): ``?`` stays bound here, to the help."""
        if not self.any_text and character in NOT_TEXT:
            return False
        return super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if not self.any_text and event.character in NOT_TEXT:
            # Input's own handler (next in the MRO) would type it: skip it. The key still
            # bubbles (with the flag reset), up to the bindings: the help.
            event.prevent_default()
        # Otherwise Textual goes on to Input's own handler (it calls each class's in turn).
