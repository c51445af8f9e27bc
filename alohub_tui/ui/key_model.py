"""The key model: which keys act where, and the rows the help screen and the docs list.

Three kinds of keys (written down in docs/KEYS.md, summed up at the top of the help):

- **everywhere**: F-keys and ``ctrl+`` / ``alt+`` keys. They work on every tab and in
  every dialog that does not take them itself, also while the cursor is in a text
  field (no field binds them: ``tests/ui/test_key_model.py`` checks).
- **not while typing**: single keys (letters, digits, ``/ [ ] + -``, space). A text
  field takes what is typed, so these act only where no text field has focus; Esc
  leaves a field, and Enter in a filter searches and moves to the results. ``?`` is
  never text in our fields except URLs and keys, so there it opens the help too.
- **moving**: Enter, Esc, Tab, arrows, Home/End, PgUp/PgDn: what they mean where the
  focus is.

The help screen and docs/KEYS.md (and the README's table) come from the same live
bindings through :func:`help_rows`; :mod:`alohub_tui.ui.key_docs` writes the docs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding

EVERYWHERE = "everywhere"
NOT_TYPING = "not while typing"
MOVING = "moving"

MOVING_KEYS = frozenset({
    "enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "home", "end",
    "pageup", "pagedown",
})

LEGEND = (
    "F-keys and ctrl+ keys work everywhere, also while typing in a field. Single keys "
    "act only where no text field has focus: Esc leaves a field, and Enter in a filter "
    "searches and moves to the results. ? opens this list wherever it is not text; F1 "
    "always."
)

#: Section titles of binding id prefixes; any other prefix is its own capitalised name
#: (so a new tab's ``callbacks.*`` keys are listed under "Callbacks").
HELP_KEY_ID = "app.help_key"
HELP_KEY_TOOLTIP = "List every key (where ? is not text)"

EVERYWHERE_SECTION = "Everywhere"
SECTIONS = {
    "app": EVERYWHERE_SECTION, "tab": EVERYWHERE_SECTION, "history.detail": "Call detail",
    "history.more": "More filters", "editor": "Queue editor", "bulk": "Bulk change",
    "audit": "Audit log", "plans": "Queue plans", "plan_run": "Plan run",
    "plan_save": "Save as plan", "confirm": "Question", "typed_confirm": "Question",
    "help": "This list",
}


def key_kind(key: str) -> str:
    """:data:`EVERYWHERE`, :data:`NOT_TYPING` or :data:`MOVING` for one key name."""
    if key.startswith(("ctrl+", "alt+")) or re.fullmatch(r"f\d{1,2}", key):
        return EVERYWHERE
    if key in MOVING_KEYS:
        return MOVING
    return NOT_TYPING


def section_of(ident: str) -> str:
    """The help section of a binding id: its longest known prefix's title."""
    parts = ident.split(".")
    for end in range(len(parts) - 1, 0, -1):
        title = SECTIONS.get(".".join(parts[:end]))
        if title:
            return title
    return parts[0].replace("_", " ").capitalize()


@dataclass(frozen=True)
class KeyRow:
    """One binding id active where the user is: its keys, what it does, its section."""

    keys: str
    action: str
    ident: str

    @property
    def section(self) -> str:
        return section_of(self.ident)


def _bindings_in_force(app: App[Any]) -> list[Binding]:
    """The screen's active bindings, and the app's priority ones (F1, ctrl+q, tab keys),
    which work in a dialog too although Textual lists them only on the main screen."""
    screen = app.screen
    found = [active.binding for active in screen.active_bindings.values()]
    for node, bindings in screen._binding_chain:  # the keymap applied
        if node is app:
            found += [binding for _, binding in bindings
                      if binding.priority and binding not in found
                      and app._check_action_state(binding.action, app) is not False]
    return found


def help_rows(app: App[Any]) -> list[KeyRow]:
    """One row per binding id active on the current screen, all its keys together: the
    place's own keys first (what the user opened the help for), then everywhere's.

    Bindings without an id (Textual's own editing keys in inputs and tables) are left
    out: they are standard and would bury ours; the command palette is kept.
    """
    keys_by_id: dict[str, list[str]] = {}
    binding_by_id: dict[str, Binding] = {}
    for binding in _bindings_in_force(app):
        ident = binding.id or ("app.palette" if binding.action == "command_palette" else "")
        if not ident:
            continue
        keys = keys_by_id.setdefault(ident, [])
        binding_by_id.setdefault(ident, binding)
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    rows = [
        KeyRow(", ".join(keys), binding_by_id[ident].tooltip or binding_by_id[ident].description,
               ident)
        for ident, keys in keys_by_id.items()
    ]
    rows.sort(key=lambda row: (row.section == EVERYWHERE_SECTION, row.section, row.ident))
    return rows
