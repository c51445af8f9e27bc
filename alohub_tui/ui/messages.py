"""App-wide messages posted by workers (past tense: something happened)."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class ApiHealthChanged(Message):
    """The last API request finished: ``ok`` and how long it took, or what went wrong."""

    def __init__(self, ok: bool, detail: str) -> None:
        self.ok = ok
        self.detail = detail
        super().__init__()


def api_health(entry: dict[str, Any]) -> ApiHealthChanged:
    """The health a request-log entry (:mod:`alohub_tui.api.transport`) says: failing
    with the kind of error (``failing: Alohub refused``), else ok with its time."""
    title = entry.get("title") or ("error" if entry.get("error") else None)
    if title:
        return ApiHealthChanged(False, f"failing: {title}")
    return ApiHealthChanged(True, f"{entry.get('elapsed_ms', 0):.0f} ms")


class LocalStoreChanged(Message):
    """Another process (a second window, a one-shot command) wrote to this profile's
    local store: a dial, an applied queue change, an audit line. Posted by the App from
    the store watcher's thread; the App hands it on to what shows the store."""

    bubble = False
