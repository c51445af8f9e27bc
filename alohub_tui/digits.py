"""Whole numbers written as text: the one rule for "is this all digits?".

``str.isdigit`` is True for superscripts and other Unicode digits (``"¹"``, ``"٣"``)
that ``int()`` refuses, so a check with ``isdigit`` followed by ``int()`` can raise on
text from a user, a config file or the network. Everything that turns text into a
whole number goes through here instead.
"""

from __future__ import annotations


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty run of ``0``-``9`` only (no sign, no spaces)."""
    return text.isascii() and text.isdigit()


def whole_number(text: str, max_digits: int = 18) -> int | None:
    """``text`` (spaces around allowed) as a non-negative int, else None."""
    text = text.strip()
    if not is_ascii_digits(text) or len(text) > max_digits:
        return None
    return int(text)
