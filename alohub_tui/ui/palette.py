"""The command palette's domain commands: "Go to <tab>" for every tab key, and each tab's
own commands (its ``palette_commands()``, which may be its key bindings:
:func:`binding_commands`), so a new tab is listed without an edit here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.widget import Widget
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


def binding_commands(tab: Widget, name: str,
                     show: Callable[[], None]) -> Iterable[SystemCommand]:
    """A command per key binding of ``tab`` that is in force now: "<name>: <what it does>",
    which opens the tab, then acts as the key would."""
    for binding in tab.BINDINGS:
        if not isinstance(binding, Binding) or not binding.id:
            continue
        action_name = binding.action.split("(", 1)[0]
        if tab.check_action(action_name, ()) is False:
            continue

        def run(action: str = binding.action) -> None:
            show()
            tab.call_later(tab.run_action, action)

        yield SystemCommand(f"{name}: {binding.description.lower()}",
                            binding.tooltip or binding.description, run)
