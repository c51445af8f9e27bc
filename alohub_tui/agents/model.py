"""Agents, queues and the queue memberships this app last applied.

There is no documented way to read an agent's current queues (alohub-api.md §4), so
the only thing we can know is what this app last sent successfully: the *known
state*, kept per agent in the profile's local store with the time it was applied
(:func:`last_known` reads one agent's, :func:`load_known` every agent's).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import httpx

from alohub_tui.api.errors import safe_url
from alohub_tui.api.payloads import update_queue_body
from alohub_tui.vntime import as_vn_aware

UPDATE_QUEUE_PATH = "/setting/agent/updateQueue"


@dataclass(frozen=True)
class QueueSet:
    """What one updateQueue EDIT sets: callin ids, callout id (None = not sent), extensions."""

    callin_ids: tuple[int, ...] = ()
    callout_id: int | None = None
    extensions: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, callin_ids: Iterable[int], callout_id: int | None = None,
        extensions: Iterable[str] = (),
    ) -> QueueSet:
        """Normalised like the request body: sorted unique ids, extensions de-duplicated."""
        return cls(
            tuple(sorted(set(callin_ids))), callout_id, tuple(dict.fromkeys(extensions))
        )

    def body(self) -> dict[str, Any]:
        """The exact JSON body (built by the one payload builder)."""
        return update_queue_body(self.callin_ids, self.callout_id, self.extensions)

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> QueueSet:
        callout = body.get("calloutId")
        return cls.of(
            [int(i) for i in body.get("callinId", [])],
            int(callout) if isinstance(callout, int) else None,
            [str(e) for e in body.get("lstExtension", [])],
        )


@dataclass(frozen=True)
class KnownState:
    """The queues this app last applied to an agent, and when."""

    queues: QueueSet
    applied_at: datetime

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "callin_ids": list(self.queues.callin_ids),
            "extensions": list(self.queues.extensions),
            "applied_at": self.applied_at.isoformat(timespec="seconds"),
        }
        if self.queues.callout_id is not None:
            data["callout_id"] = self.queues.callout_id
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> KnownState | None:
        """Parse a stored state; anything malformed counts as unknown (None)."""
        try:
            ids = data["callin_ids"]
            exts = data.get("extensions", [])
            callout = data.get("callout_id")
            when = datetime.fromisoformat(str(data["applied_at"]))
        except (KeyError, ValueError, TypeError):
            return None
        ok_ids = isinstance(ids, list) and all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids
        )
        ok_exts = isinstance(exts, list) and all(isinstance(e, str) for e in exts)
        ok_callout = callout is None or (isinstance(callout, int) and not isinstance(callout, bool))
        if not (ok_ids and ok_exts and ok_callout):
            return None
        return cls(QueueSet.of(ids, callout, exts), as_vn_aware(when))

    def after(self, wanted: QueueSet, at: datetime) -> KnownState:
        """The state once ``wanted`` is applied (an unsent callout keeps the known one)."""
        return after_apply(self, wanted, at)


def after_apply(previous: KnownState | None, wanted: QueueSet, at: datetime) -> KnownState:
    """Known state after a successful EDIT of ``wanted``.

    A body without calloutId leaves the server's callout as it was [assume], so the
    previously known callout (if any) still holds.
    """
    callout = wanted.callout_id
    if callout is None and previous is not None:
        callout = previous.queues.callout_id
    return KnownState(QueueSet(wanted.callin_ids, callout, wanted.extensions), at)


class AgentStateStore(Protocol):
    """Where known states are kept (:class:`alohub_tui.store.agent_state.AgentStates`)."""

    def agent_states(self) -> dict[str, dict[str, Any]]: ...

    def agent_state(self, user_name: str) -> dict[str, Any] | None: ...

    def set_agent_state(self, user_name: str, state: Mapping[str, Any]) -> None: ...


def load_known(store: AgentStateStore) -> dict[str, KnownState]:
    known: dict[str, KnownState] = {}
    for user, data in store.agent_states().items():
        state = KnownState.from_dict(data)
        if state is not None:
            known[user] = state
    return known


def last_known(store: AgentStateStore, user_name: str) -> KnownState | None:
    """What this profile last applied to ``user_name`` (its queues, callout and
    extensions, and when), or None when it never applied any (or it is unreadable)."""
    data = store.agent_state(user_name)
    return KnownState.from_dict(data) if data is not None else None


def save_known(store: AgentStateStore, user_name: str, state: KnownState) -> None:
    store.set_agent_state(user_name, state.to_dict())


@dataclass(frozen=True)
class AgentInfo:
    """One row of the agent list: from the config catalog, the listing, or both."""

    user_name: str
    name: str = ""
    extensions: tuple[str, ...] = ()
    listed: bool = False  # seen in the gateway/simulator listing
    in_catalog: bool = False

    def matches(self, text: str) -> bool:
        """Case-insensitive substring match on user name, name or an extension."""
        needle = text.strip().casefold()
        if not needle:
            return True
        haystack = (self.user_name, self.name, *self.extensions)
        return any(needle in value.casefold() for value in haystack)


@dataclass(frozen=True)
class QueueInfo:
    id: int
    name: str = ""

    @property
    def label(self) -> str:
        """``Name (id)``, or just the id when the name is unknown."""
        if self.name and self.name != str(self.id):
            return f"{self.name} ({self.id})"
        return str(self.id)


class _NamedAgent(Protocol):
    @property
    def user_name(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def extensions(self) -> tuple[str, ...]: ...


class _NamedQueue(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...


def merge_agents(
    catalog: Iterable[_NamedAgent], listed: Iterable[_NamedAgent] = ()
) -> list[AgentInfo]:
    """Catalog and listing merged by user name, sorted; extensions are the union.

    The catalog's display name wins (the user wrote it); the listing fills gaps.
    """
    merged: dict[str, AgentInfo] = {}
    for agent in catalog:
        merged[agent.user_name] = AgentInfo(
            agent.user_name, agent.name, tuple(dict.fromkeys(agent.extensions)), in_catalog=True
        )
    for agent in listed:
        have = merged.get(agent.user_name)
        if have is None:
            merged[agent.user_name] = AgentInfo(
                agent.user_name, agent.name, tuple(dict.fromkeys(agent.extensions)), listed=True
            )
            continue
        merged[agent.user_name] = AgentInfo(
            have.user_name,
            have.name or agent.name,
            tuple(dict.fromkeys((*have.extensions, *agent.extensions))),
            listed=True,
            in_catalog=have.in_catalog,
        )
    return sorted(merged.values(), key=lambda a: a.user_name.casefold())


def changed_agents(known: Mapping[str, KnownState]) -> list[AgentInfo]:
    """The agents this app has changed (their known states), as rows for the agent list:
    without a gateway they are listed beside the catalog's."""
    return [AgentInfo(user, "", state.queues.extensions) for user, state in known.items()]


def merge_queues(
    catalog: Iterable[_NamedQueue], listed: Iterable[_NamedQueue] = ()
) -> list[QueueInfo]:
    """Catalog queues in the user's order, then listed-only ones by id.

    The catalog's name wins over the listing's; the listing fills a missing name.
    """
    listed_by_id = {q.id: QueueInfo(q.id, q.name) for q in listed}
    merged: dict[int, QueueInfo] = {}
    for queue in catalog:
        listed_name = listed_by_id[queue.id].name if queue.id in listed_by_id else ""
        merged.setdefault(queue.id, QueueInfo(queue.id, queue.name or listed_name))
    extra = sorted((q for i, q in listed_by_id.items() if i not in merged), key=lambda q: q.id)
    return [*merged.values(), *extra]


def update_queue_url(base_url: str, user_name: str) -> str:
    """The request URL exactly as the client sends it (same encoding of userName)."""
    url = httpx.URL(base_url.rstrip("/") + UPDATE_QUEUE_PATH, params={"userName": user_name})
    return str(url)


def dry_run_url(base_url: str, user_name: str, *, demo: bool = False) -> str:
    """The URL as ``--dry-run`` prints it, which needs no config: a placeholder
    (``{base_url}``, ``{demo}/api``) stands for a base URL that is not known here."""
    if base_url and not demo:
        return safe_url(update_queue_url(base_url, user_name))
    placeholder = "{demo}/api" if demo else "{base_url}"
    return placeholder + update_queue_url("http://base", user_name).removeprefix("http://base")


def request_preview(base_url: str, user_name: str, wanted: QueueSet) -> tuple[str, str]:
    """(``POST <url>``, compact JSON body) for the preview pane."""
    body = json.dumps(wanted.body(), ensure_ascii=False)
    return f"POST {safe_url(update_queue_url(base_url, user_name))}", body
