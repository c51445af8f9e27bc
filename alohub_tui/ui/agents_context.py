"""What the Agents tab and its modal screens share: data, known states, sending.

Requests run as App-level workers in the ``queue`` group (never exclusive), so a modal
closed mid-request neither cancels nor hides it: the outcome still reaches the audit
log, the known state, the tab's table and a toast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from textual.worker import Worker

from alohub_tui.agents.apply import ApplyOutcome, apply_queues
from alohub_tui.agents.audit import AuditLog
from alohub_tui.agents.membership import AgentState, ReadState, agent_state, read_membership
from alohub_tui.agents.model import AgentInfo, KnownState, QueueInfo, QueueSet, load_known
from alohub_tui.ui.host import Host

QUEUE_GROUP = "queue"
OutcomeCallback = Callable[[ApplyOutcome], None]


@dataclass(frozen=True)
class Change:
    """One request to send: the agent, the wanted queues and the state it replaces."""

    user_name: str
    wanted: QueueSet
    previous: KnownState | None
    kind: str = "edit"
    undo_of: str | None = None
    run: str | None = None  # the plan run it belongs to
    batch: str | None = None  # the bulk send it belongs to


@dataclass
class AgentsContext:
    host: Host
    audit: AuditLog
    agents: list[AgentInfo] = field(default_factory=list)
    callin_queues: list[QueueInfo] = field(default_factory=list)
    callout_queues: list[QueueInfo] = field(default_factory=list)
    known: dict[str, KnownState] = field(default_factory=dict)
    read: dict[str, ReadState] = field(default_factory=dict)  # from the gateway, if any
    listeners: list[OutcomeCallback] = field(default_factory=list)

    @property
    def read_only(self) -> bool:
        return self.host.config.ui.read_only

    @property
    def base_url(self) -> str:
        return self.host.client.base_url

    @property
    def queue_names(self) -> dict[int, str]:
        return {q.id: q.name for q in (*self.callin_queues, *self.callout_queues) if q.name}

    def agent(self, user_name: str) -> AgentInfo | None:
        return next((a for a in self.agents if a.user_name == user_name), None)

    def reload_known(self) -> set[str]:
        """Read the known states again (another window may have applied some); returns
        the agents whose state changed. A store that cannot be read keeps the last."""
        try:
            fresh = load_known(self.host.store.agents)
        except OSError as exc:
            self.host.notify(f"Could not read the last applied queues: {exc.strerror}",
                             severity="warning")
            return set()
        changed = {user for user in {*fresh, *self.known}
                   if fresh.get(user) != self.known.get(user)}
        self.known = fresh
        return changed

    def state_of(self, user_name: str) -> AgentState:
        """The agent's queues as best known now: read from Alohub or applied from here."""
        agent = self.agent(user_name)
        return agent_state(self.known.get(user_name), self.read.get(user_name),
                           agent.extensions if agent else ())

    def baseline(self, user_name: str) -> KnownState | None:
        """What a change is planned from and compared with: the state shown as current
        (read from Alohub or applied from here, the newer), or None when unknown."""
        state = self.state_of(user_name)
        if state.queues is None or state.at is None:
            return None
        return KnownState(state.queues, state.at)

    def baselines(self, users: Iterable[str] | None = None) -> dict[str, KnownState]:
        """:meth:`baseline` of ``users`` (default: every agent listed, read or applied)
        whose state is known."""
        if users is None:
            users = {*(a.user_name for a in self.agents), *self.read, *self.known}
        return {user: base for user in users if (base := self.baseline(user)) is not None}

    async def read_membership(self, listed: Iterable[str] | None = None) -> dict[str, ReadState]:
        """Read every agent's callin queues from the gateway (it must be set); ``listed``:
        the gateway's agents (default: those read before), in no queue when in none."""
        gateway = self.host.gateway
        assert gateway is not None
        users = list(self.read) if listed is None else list(listed)
        self.read = await read_membership(gateway, [q.id for q in self.callin_queues], users,
                                          self.host.clock())
        return self.read

    async def _apply(self, change: Change) -> ApplyOutcome:
        outcome = await apply_queues(
            self.host.client, self.audit, self.host.store.agents, change.user_name,
            change.wanted,
            change.previous, kind=change.kind, undo_of=change.undo_of, run=change.run,
            batch=change.batch,
        )
        if outcome.ok and outcome.state is not None:
            self.known[change.user_name] = outcome.state
        if outcome.warning:
            self.host.notify(f"{change.user_name}: {outcome.warning}", title="Applied, but",
                            severity="warning")
        for listener in list(self.listeners):
            listener(outcome)
        return outcome

    def send(self, change: Change, done: OutcomeCallback) -> Worker[None]:
        """Send one change; ``done`` runs on the UI loop with the outcome."""

        async def work() -> None:
            done(await self._apply(change))

        return self.host.run_api(work(), group=QUEUE_GROUP,
                                description=f"updateQueue {change.user_name}")

    def send_all(
        self,
        changes: Sequence[Change],
        on_each: Callable[[int, ApplyOutcome], None],
        on_start: Callable[[int], None] | None = None,
        on_done: Callable[[], None] | None = None,
    ) -> Worker[None]:
        """Send ``changes`` one at a time, in order, reporting each by its index."""

        async def work() -> None:
            try:
                for index, change in enumerate(changes):
                    if on_start is not None:
                        on_start(index)
                    on_each(index, await self._apply(change))
            finally:
                if on_done is not None:
                    on_done()

        return self.host.run_api(work(), group=QUEUE_GROUP,
                                description=f"bulk updateQueue x{len(changes)}")
