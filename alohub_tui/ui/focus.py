"""Where the focus goes: at once on a tab switch, and out of a field to the results.

``Widget.focus()`` queues the change behind messages already waiting, so keys typed
right after F2 (``F2 0912...`` arrives as one burst) would reach the widget that had
the focus before. Opening a tab therefore focuses synchronously.

Every tab offers :class:`TabFocus`: its first field or table when it opens, and its
results (the table) when the user leaves a field with Esc or searches with Enter, so
the single keys of the table act at once (docs/KEYS.md).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual import events
from textual.widget import Widget
from textual.widgets import Input


def focus_now(widget: Widget) -> None:
    """Give ``widget`` the focus before any queued key is handled."""
    widget.screen.set_focus(widget)


@runtime_checkable
class TabFocus(Protocol):
    """What a tab does with the focus (Dial, History, Agents, Live, and new tabs)."""

    def focus_first(self) -> None:
        """The tab was opened: focus where its work starts."""

    def focus_results(self) -> None:
        """Leave a field for the tab's results (its table)."""


def tab_of(widget: Widget | None) -> TabFocus | None:
    """The tab ``widget`` is in, if any."""
    for node in widget.ancestors_with_self if widget is not None else ():
        if isinstance(node, TabFocus):
            return node
    return None


def type_into(field: Input, event: events.Key) -> None:
    """Start typing in ``field`` with a key pressed in a table that has no single keys of
    its own (Dial's recent dials, the agents, the live feed): the user meant the field.
    The field should not select its text on focus (the key would replace it)."""
    assert event.character is not None
    event.stop()
    focus_now(field)
    field.insert_text_at_cursor(event.character)
