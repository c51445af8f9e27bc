"""Seeded tenant data: agents (user names, extensions), callin and callout queues.

The user names and extensions are fixed so the vendor's examples work verbatim
(``userName66`` owns extension ``6688`` and sits in callin queues 1 and 2 with callout
queue 99999); only display names, statuses and the other agents' memberships vary
with the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

DEFAULT_SEED = 1

CALLIN_QUEUES: tuple[tuple[int, str], ...] = (
    (1, "Sales"),
    (2, "Support"),
    (3, "Billing"),
    (4, "VIP"),
    (5, "Technical"),
    (6, "Complaints"),
)
CALLOUT_QUEUES: tuple[tuple[int, str], ...] = (
    (99999, "Outbound"),
    (99998, "Telesales"),
    (99997, "Collections"),
)
#: Agent numbers: user name ``userName<N>``, first extension ``<N>88``.
AGENT_NUMBERS: tuple[int, ...] = (60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71)
EXAMPLE_AGENT = "userName66"

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
_MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thu", "Quốc", "Kim")
_GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Long",
          "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến")


@dataclass
class Agent:
    user_name: str
    full_name: str
    extensions: list[str]
    callin_ids: list[int]
    callout_id: int | None
    status: int  # 1 = online/active, 0 = offline [assume]

    def to_listing(self) -> dict[str, Any]:
        """The agent as ``GET /v1/agents`` shows it."""
        return {
            "userName": self.user_name,
            "fullName": self.full_name,
            "name": self.full_name,
            "extensions": list(self.extensions),
            "callinIds": list(self.callin_ids),
            "calloutId": self.callout_id,
            "status": self.status,
        }


@dataclass
class Tenant:
    agents: dict[str, Agent]
    callin_queues: dict[int, str]
    callout_queues: dict[int, str]
    _by_extension: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._reindex()

    def _reindex(self) -> None:
        self._by_extension = {
            ext: agent.user_name for agent in self.agents.values() for ext in agent.extensions
        }

    def agent_for_extension(self, extension: str) -> Agent | None:
        user = self._by_extension.get(extension)
        return self.agents[user] if user is not None else None

    def extension_owner(self, extension: str) -> str | None:
        return self._by_extension.get(extension)

    def apply_edit(
        self,
        user_name: str,
        callin_ids: list[int],
        callout_id: int | None,
        extensions: list[str] | None,
        *,
        set_callout: bool,
    ) -> Agent:
        """updateQueue EDIT: replace the agent's lists with what was sent.

        ``extensions=None`` and ``set_callout=False`` mean the optional field was
        omitted and the current value is kept [assume].
        """
        agent = self.agents[user_name]
        agent.callin_ids = sorted(set(callin_ids))
        if set_callout:
            agent.callout_id = callout_id
        if extensions is not None:
            agent.extensions = list(dict.fromkeys(extensions))
        self._reindex()
        return agent

    def all_extensions(self) -> list[str]:
        return sorted(self._by_extension)


def _full_name(rng: random.Random) -> str:
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def build_tenant(seed: int = DEFAULT_SEED) -> Tenant:
    """The seeded tenant. Same seed, same tenant."""
    rng = random.Random(f"tenant:{seed}")
    callin_ids = [qid for qid, _ in CALLIN_QUEUES]
    callout_ids = [qid for qid, _ in CALLOUT_QUEUES]
    agents: dict[str, Agent] = {}
    for number in AGENT_NUMBERS:
        user = f"userName{number}"
        extensions = [f"{number}88"]
        if user != EXAMPLE_AGENT and rng.random() < 0.25:
            extensions.append(f"{number}89")
        if user == EXAMPLE_AGENT:
            queues, callout, status = [1, 2], 99999, 1
        else:
            queues = sorted(rng.sample(callin_ids, rng.randint(1, 3)))
            callout = rng.choice(callout_ids)
            status = 1 if rng.random() < 0.7 else 0
        agents[user] = Agent(user, _full_name(rng), extensions, queues, callout, status)
    return Tenant(agents, dict(CALLIN_QUEUES), dict(CALLOUT_QUEUES))


def demo_catalog(seed: int = DEFAULT_SEED) -> dict[str, list[dict[str, Any]]]:
    """Agents, queues and extensions of the seeded tenant, for a demo configuration.

    Shape::

        {"agents": [{"user_name": "userName66", "name": "...", "extensions": ["6688"],
                     "callin_ids": [1, 2], "callout_id": 99999}, ...],
         "callin_queues": [{"id": 1, "name": "Sales"}, ...],
         "callout_queues": [{"id": 99999, "name": "Outbound"}, ...],
         "extensions": [{"extension": "6088", "user_name": "userName60"}, ...]}
    """
    tenant = build_tenant(seed)
    return {
        "agents": [
            {
                "user_name": a.user_name,
                "name": a.full_name,
                "extensions": list(a.extensions),
                "callin_ids": list(a.callin_ids),
                "callout_id": a.callout_id,
            }
            for a in tenant.agents.values()
        ],
        "callin_queues": [{"id": i, "name": n} for i, n in tenant.callin_queues.items()],
        "callout_queues": [{"id": i, "name": n} for i, n in tenant.callout_queues.items()],
        "extensions": [
            {"extension": ext, "user_name": tenant.extension_owner(ext)}
            for ext in tenant.all_extensions()
        ],
    }
