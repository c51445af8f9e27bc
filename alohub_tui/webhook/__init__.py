"""Call-event webhook: receiver and durable event store. Never imports Textual.

- :mod:`.events`: :class:`CallEvent` parsing and the never-backwards merge rule.
- :mod:`.store`: :class:`EventStore`, SQLite (WAL, synchronous=FULL) with group commit.
- :mod:`.receiver`: :class:`WebhookReceiver` / :func:`build_app`, the aiohttp endpoint.
- :mod:`.cli`: ``alohub-tui webhook`` (standalone receiver).
"""

from .events import CallEvent, Stage, WebhookPayloadError, merge
from .receiver import WEBHOOK_PATH, WebhookReceiver, build_app
from .store import AgentCounters, Counters, EventStore, StoreClosed, StoredCall

__all__ = [
    "WEBHOOK_PATH",
    "AgentCounters",
    "CallEvent",
    "Counters",
    "EventStore",
    "Stage",
    "StoreClosed",
    "StoredCall",
    "WebhookPayloadError",
    "WebhookReceiver",
    "build_app",
    "merge",
]
