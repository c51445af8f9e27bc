"""Call-event webhook: receiver and durable event store. Never imports Textual.

- :mod:`.events`: :class:`CallEvent` parsing and the never-backwards merge rule.
- :mod:`.store`: :class:`EventStore`, SQLite (WAL, synchronous=FULL) with group commit;
  :mod:`.readings`: what it returns (a call's state, the counters).
- :mod:`.receiver`: :class:`WebhookReceiver` / :func:`build_app`, the aiohttp endpoint.
- :mod:`.listen`: the receiver's address and default store path (for the CLI and the TUI).
- :mod:`.cli`: ``alohub-tui webhook`` (standalone receiver).
"""

from alohub_tui.lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(("CallEvent", "Stage", "WebhookPayloadError", "merge"), "events"),
    **dict.fromkeys(("WEBHOOK_PATH", "WebhookReceiver", "build_app"), "receiver"),
    **dict.fromkeys(("EventStore", "StoreClosed"), "store"),
    **dict.fromkeys(("AgentCounters", "Counters", "StoredCall"), "readings"),
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
