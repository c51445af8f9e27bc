"""The base of every dialog: ``?`` opens the key list here too.

A modal screen cuts the app's ordinary bindings off (Textual stops the binding chain at
the modal), so the app's ``?`` would not reach it; F1 and ctrl+q still do, being
priority bindings. Each dialog inherits this ``?`` (same binding id as the app's, so a
``[ui.keymap]`` remap moves both).
"""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

from alohub_tui.ui.key_model import HELP_KEY_ID, HELP_KEY_TOOLTIP

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    BINDINGS = [
        Binding("question_mark", "app.help", "Help", id=HELP_KEY_ID, show=False,
                tooltip=HELP_KEY_TOOLTIP),
    ]
