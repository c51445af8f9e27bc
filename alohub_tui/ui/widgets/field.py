"""A text field that leaves the keys it cannot hold as text to the app's bindings.

The key model (docs/KEYS.md): F-keys and ctrl+ keys work everywhere, single keys act
only where no text field has focus, since a field takes what is typed. ``?`` is the
exception: no phone number, extension, id, date or filter holds a ``?``, so in such a
field it opens the help as it does elsewhere. A field where ``?`` may be text (a URL,
a key) says ``any_text=True``. A filter also passes ``/`` on (``not_text="/"``): ``/``
moves to the tab's filter, and typed in the filter itself it made the filter match
nothing.

A field also runs its own editing bindings (backspace, arrows, ctrl+u...) as the key
arrives, not after the key has bubbled up to the app: Textual types a printable key at
once, so in a burst (what was typed during an SSH round trip comes in one read) a digit
typed after a backspace landed before it (textual#6605).

A field that refuses characters (``restrict``, ``max_length``) says why: Textual only
rings the bell, which a terminal in tmux or over SSH often does not show, so letters
typed into an extension just vanished. ``refused`` is that one line, shown once each
time the field gets the focus.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

#: Characters that are never text in a field that is not ``any_text``.
NOT_TEXT = frozenset("?")


class Field(Input):
    """:class:`Input` that passes ``?`` (and ``not_text``) on to the bindings unless
    ``any_text``."""

    def __init__(self, value: str | None = None, *, any_text: bool = False,
                 not_text: str = "", refused: str = "", **kwargs: Any) -> None:
        super().__init__(value, **kwargs)
        self.any_text = any_text
        #: Characters passed on to the bindings instead of typed.
        self.not_text = frozenset() if any_text else NOT_TEXT | frozenset(not_text)
        self.refused = refused
        self._refusal_shown = False

    def restricted(self) -> None:
        """A character did not fit ``restrict`` or ``max_length``: the bell, and once
        per focus the line that says what the field takes."""
        super().restricted()
        if self.refused and not self._refusal_shown:
            self._refusal_shown = True
            self.notify(self.refused, title="Not typed", severity="warning", timeout=5)

    def _on_focus(self, event: events.Focus) -> None:
        self._refusal_shown = False

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Textual drops the bindings of the keys a focused field consumes (every
        printable one): ``?`` stays bound here, to the help."""
        if character is not None and character in self.not_text:
            return False
        return super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character in self.not_text:
            # Input's own handler (next in the MRO) would type it: skip it. The key still
            # bubbles (with the flag reset), up to the bindings: the help, the filter.
            event.prevent_default()
        elif not event.is_printable and await self._run_own_binding(event.key):
            event.stop()
            event.prevent_default()
        # Otherwise Textual goes on to Input's own handler (it calls each class's in turn).

    async def _run_own_binding(self, key: str) -> bool:
        """Run this field's own (non-priority) binding of ``key`` now, as the app would
        once the key had bubbled up: the focused widget is first in its binding chain,
        and priority bindings ran before the key reached the field. The keymap
        (``[ui.keymap]``) is already applied to ``_bindings``."""
        for binding in self._bindings.key_to_bindings.get(key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                return True
        return False
