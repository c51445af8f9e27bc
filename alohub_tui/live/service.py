"""When the TUI runs the webhook receiver, and the store the Live tab and wall read.

- ``--demo``: always (planned by :mod:`alohub_tui.boot.live`); the simulator posts to it
  with a generated key, and the store is the demo profile's (never a tenant's).
- ``[webhook] listen`` configured and its key variable set: on that address, storing in
  the profile's ``events.sqlite3``, the same file ``alohub-tui webhook`` writes, so
  events collected while no TUI ran show up.
- ``listen`` configured but no key: no receiver, a warning, and the stored events.
- nothing configured: the stored events if that file exists (a standalone receiver may
  be filling it), else nothing.
- started by ``alohub-tui serve`` (:mod:`alohub_tui.boot.served`): the store the server
  names, read only; the server is the receiver (planned by :mod:`alohub_tui.boot.live`).

The receiver runs on its own :class:`~alohub_tui.background.BackgroundLoop`; events reach
the UI through :class:`~alohub_tui.live.inbox.EventInbox`. Like every receiver it records
its uptime in the store's file and, given an API client (``api``), backfills the day's
gaps from searchCallV2 (webhook/backfill.py); without one it records "no API key". No
Textual import.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..api.secret import Secret
from ..background import BackgroundLoop
from ..config import Config
from ..exitcodes import UsageError
from ..netaddr import is_loopback
from ..webhook.events import CallEvent
from ..webhook.listen import Listen, default_db_path, parse_listen
from ..webhook.store import EventStore
from ..webhook.store_schema import describe_failure
from .inbox import EventInbox
from .stats import LiveStats, read_stats

if TYPE_CHECKING:
    from ..webhook.backfill import ClientFactory
    from ..webhook.receiver import WebhookReceiver

log = logging.getLogger(__name__)


class StoreUnavailable(RuntimeError):
    """There is no event store to read (not configured, or it could not be opened)."""


@dataclass(frozen=True)
class LivePlan:
    """What to run: the store's path (None: no store), the receiver's address and key."""

    db_path: Path | None
    listen: Listen | None = None
    key: Secret | None = None
    warning: str = ""

    @property
    def receives(self) -> bool:
        return self.listen is not None and self.key is not None


def plan_for(config: Config, env: Mapping[str, str] | None = None) -> LivePlan:
    """Decide what to run from the config (see the module docstring)."""
    env = os.environ if env is None else env
    db = default_db_path(config)
    hook = config.webhook
    if not hook.listen:
        return LivePlan(db if db.exists() else None)
    try:
        listen = parse_listen(hook.listen)
    except UsageError as exc:
        return LivePlan(db, warning=f"[webhook] listen: {exc}")
    if not is_loopback(listen.host):
        return LivePlan(db, warning=(
            f"[webhook] listen {hook.listen} is not a loopback address; the TUI only listens "
            "on loopback (put a TLS proxy in front, or run `alohub-tui webhook --allow-remote`)"
        ))
    key = env.get(hook.key_env, "").strip()
    if not key:
        return LivePlan(db, warning=(
            f"[webhook] listen is set but {hook.key_env} is empty: the receiver is not "
            "running. Showing stored events only."
        ))
    return LivePlan(db, listen, Secret(key))


class LiveService:
    """The event store (for reading) and, if planned, the receiver writing to it.

    ``kind`` names the receiver's runs in the store ("tui", "wall", "serve"); ``api``
    makes the API client its backfill searches with (None: no key).
    """

    def __init__(self, plan: LivePlan, inbox: EventInbox | None = None, *, kind: str = "tui",
                 api: ClientFactory | None = None, backfill_every_s: float = 300.0) -> None:
        self.plan = plan
        self.kind = kind
        self.api = api
        self.backfill_every_s = backfill_every_s
        self.inbox = inbox or EventInbox()
        self.store: EventStore | None = None
        self.receiver: WebhookReceiver | None = None
        self.problems: list[str] = [plan.warning] if plan.warning else []
        self._loop: BackgroundLoop | None = None

    @property
    def url(self) -> str | None:
        """The receiver's URL while it runs."""
        return self.receiver.url if self.receiver is not None else None

    def _open_store(self) -> EventStore | None:
        if self.store is None and self.plan.db_path is not None:
            self.store = EventStore(self.plan.db_path)
        return self.store

    def start(self) -> None:
        """Open the store and start the receiver; failures land in :attr:`problems`."""
        try:
            store = self._open_store()
        except (OSError, sqlite3.Error) as exc:
            db = self.plan.db_path
            cause = describe_failure(exc, db.parent) if db is not None else str(exc)
            self.problems.append(f"Cannot open the event store {db}: {cause}")
            return
        listen, key = self.plan.listen, self.plan.key
        if store is None or listen is None or key is None:
            return
        from ..webhook.backfill import Backfill
        from ..webhook.receiver import WebhookReceiver  # aiohttp: only when one runs

        backfill = Backfill(store.path, self.api, every_s=self.backfill_every_s)
        receiver = WebhookReceiver(store, key, listen.host, listen.port, self._on_event,
                                   kind=self.kind, backfill=backfill)
        loop = BackgroundLoop("alohub-webhook")
        try:
            loop.start()
            loop.start_service(receiver, 15.0)
        except OSError as exc:
            loop.stop()
            self.problems.append(
                f"Webhook receiver cannot listen on {listen.host}:{listen.port}: "
                f"{exc.strerror or exc}"
            )
            return
        self._loop, self.receiver = loop, receiver
        log.info("webhook receiver listening on %s, store %s", receiver.url, store.path)

    def _on_event(self, event: CallEvent, is_new: bool) -> None:
        if is_new:  # a duplicate changes nothing on screen
            self.inbox.put(event)

    def backfill(self, payloads: Iterable[Mapping[str, Any]]) -> int:
        """Store events directly (the demo's earlier calls of today); returns how many."""
        if self.store is None:
            return 0
        futures = [self.store.submit(CallEvent.parse(dict(p))) for p in payloads]
        for future in futures:
            future.result(30)
        return len(futures)

    def read_stats(self, now: datetime, recent: int = 0) -> LiveStats:
        """Blocking (run it in a thread). Reopens a store that failed to open earlier."""
        store = self._open_store()
        if store is None:
            raise StoreUnavailable("no event store")
        return read_stats(store, now, recent)

    def stop(self) -> None:
        """Stop the receiver, then close the store. Idempotent."""
        if self._loop is not None:
            self._loop.stop()
            self._loop, self.receiver = None, None
        if self.store is not None:
            self.store.close()
            self.store = None
