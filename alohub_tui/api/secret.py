"""A holder for the API key that never shows its value by accident."""

from __future__ import annotations

import hmac

MASK = "***"


class Secret:
    """The API key. ``repr``/``str``/``format`` give ``***``; only :meth:`reveal` gives the value.

    Textual's crash screen and tracebacks print locals with ``repr``, so a plain ``str``
    holding the key would leak it there.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("Secret value must be a str")
        self._value = value

    def reveal(self) -> str:
        """The real key, for the Authorization header and nothing else."""
        return self._value

    def scrub(self, text: str) -> str:
        """``text`` with every occurrence of the key replaced by ``***``."""
        if not self._value:
            return text
        return text.replace(self._value, MASK)

    def __repr__(self) -> str:
        return MASK

    __str__ = __repr__

    def __format__(self, format_spec: str) -> str:
        return format(MASK, format_spec)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("Secret cannot be pickled")
