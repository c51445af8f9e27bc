"""App-wide messages posted by workers (past tense: something happened)."""

from __future__ import annotations

from textual.message import Message


class ApiHealthChanged(Message):
    """The last API request finished: ``ok`` and how long it took, or what went wrong."""

    def __init__(self, ok: bool, detail: str) -> None:
        self.ok = ok
        self.detail = detail
        super().__init__()
