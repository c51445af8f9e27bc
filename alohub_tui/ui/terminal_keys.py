"""alt+digit as tmux, screen and xterm send it: ESC then the digit.

Terminals without a key protocol of their own send alt+1 as the two bytes ``ESC 1``
(tmux and screen always; xterm with ``metaSendsEscape``, most Linux terminals, xterm.js
in a browser). Textual 8.2's parser maps ``ESC 1`` .. ``ESC 0`` to the characters macOS
prints for Option+digit (``¡ ™ £ ¢ ∞ § ¶ • ª º``), a workaround for WezTerm on macOS: so
alt+1 arrived as ``¡`` and was typed into the focused field instead of switching tabs.

:func:`install` maps each ``ESC <digit>`` to the key ``alt+<digit>`` instead. A mapping
to a tuple is what the parser reads as named keys (``events.Key(value)``), and a
complete sequence is matched at once, so ``ESC 2 0 9 1 2`` typed in one burst is alt+2
then the digits (a sequence left out would make the parser wait for more bytes and then
re-issue the burst as one unknown sequence).

A macOS terminal without "Option as Meta" sends ``¡`` itself (UTF-8): that is a
character, and F2-F5 are the keys that work on every terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from textual import _ansi_sequences

DIGITS = "1234567890"


@dataclass(frozen=True)
class NamedKey:
    """A key name where the parser expects a :class:`textual.keys.Keys` member (it reads
    only ``.value``)."""

    value: str


ALT_DIGITS: dict[str, tuple[NamedKey]] = {
    f"\x1b{digit}": (NamedKey(f"alt+{digit}"),) for digit in DIGITS
}


def install() -> None:
    """Make ``ESC <digit>`` the key ``alt+<digit>`` for every Textual app in this process
    (idempotent; the parser reads this table for each sequence)."""
    table = cast(dict[str, Any], _ansi_sequences.ANSI_SEQUENCES_KEYS)
    table.update(ALT_DIGITS)
