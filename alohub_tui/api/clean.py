"""Text from outside made safe to show on a terminal.

Names, numbers, ids and error messages come from the Alohub API and the webhook, and
end up in a terminal. Textual writes a string's characters as they are, so an ESC
sequence inside an agent's name could clear the screen, move the cursor, retitle the
window or set the clipboard. Control characters are therefore dropped where such text
is parsed (tabs and line breaks become spaces), before any screen, CSV or log sees it.
"""

from __future__ import annotations

#: C0 controls, DEL and C1 controls: removed; tab and line breaks: a space.
_CONTROLS: dict[int, str | None] = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)])
_CONTROLS.update({ord("\t"): " ", ord("\n"): " ", ord("\r"): " "})


def clean_text(value: str) -> str:
    """``value`` stripped, with control characters removed (see the module docstring).

    ``isprintable`` (C speed) lets the usual clean string through untouched; it is also
    False for a few harmless characters (e.g. a no-break space), which ``translate``
    then keeps."""
    value = value.strip()
    return value if value.isprintable() else value.translate(_CONTROLS).strip()
