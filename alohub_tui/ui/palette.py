"""The command palette's domain commands: "Go to <tab>" for every tab key, and each tab's
own commands (its ``palette_commands()``), so a new tab is listed without an edit here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.widgets import TabPane

TAB_PREFIX = "tab."


def tab_commands(app: App[Any], show_tab: Callable[[str], None]) -> Iterable[SystemCommand]:
    """One "Go to" command per ``tab.<pane id>`` binding, described by its tooltip."""
    for binding in app.BINDINGS:
        if isinstance(binding, Binding) and (binding.id or "").startswith(TAB_PREFIX):
            pane = (binding.id or "")[len(TAB_PREFIX):]
            yield SystemCommand(f"Go to {binding.description}", binding.tooltip,
                                lambda pane=pane: show_tab(pane))


def tab_own_commands(app: App[Any]) -> Iterable[SystemCommand]:
    """What each mounted tab offers (``palette_commands()``)."""
    for pane in app.query(TabPane):
        for tab in pane.children:
            commands = getattr(tab, "palette_commands", None)
            if callable(commands):
                yield from commands()
