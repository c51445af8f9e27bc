"""Text from outside (the API, the webhook, the config, the user) shown as it is.

Textual reads a ``str`` given to a table cell, a Select option or a selection list as
console markup: a name such as ``[/x]`` raised MarkupError while drawing (the app
stopped with a traceback) and ``[red]`` would restyle it. Wrap such text on its way in.
Text too long for its place is cut in the middle (:func:`shorten_middle`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text


def plain(text: str) -> Text:
    """``text`` as a prompt or label that is never read as markup."""
    return Text(text)


def literal(value: Any) -> Any:
    """``value``, with a ``str`` that markup could read turned into plain :class:`Text`.

    Other strings stay ``str`` (cheaper, and :meth:`DataTable.sort` compares them)."""
    if isinstance(value, str) and "[" in value:
        return Text(value)
    return value


def shorten_middle(text: str, width: int) -> str:
    """``text`` cut to ``width`` keeping its start and its (unique) end: ``ALOHUB…5eed0001``."""
    if len(text) <= width:
        return text
    head = max(1, (width - 1) // 3)
    return text[:head] + "…" + text[-(width - 1 - head):]
