"""The results collector of the fault matrix.

Every matrix case records one :class:`Observation` (what the user saw, how many
requests went out, which checks failed) *before* it asserts, so the generated
``RELIABILITY.md`` shows bad behaviour instead of hiding it behind a failed test.
The collector is a module-level singleton: pytest imports this module once per
session (``tests/reliability`` is on ``sys.path``), and the session-finish hook in
``conftest.py`` renders it with :mod:`report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from _faults import KEY


@dataclass
class Observation:
    surface: str  # "API client", "CLI", "TUI Dial", ...
    operation: str  # "makeCall", "search", "updateQueue", "recording"
    fault: str  # Fault.id
    outcome: str  # short: "error", "outcome unknown", "succeeded", ...
    message: str  # what the user saw (one line)
    sent: int  # requests the surface sent for the operation (or the server received)
    state: str = ""  # what happened to the user's input / remembered state
    failed_checks: list[str] = field(default_factory=list)
    note: str = ""  # a caveat worth reading that is not a failed check
    timing: str = ""  # what its retries waited (``_faults.timing``); "" when none

    @property
    def family(self) -> str:
        """The column's kind of surface: API client, CLI or TUI."""
        return "TUI" if self.surface.startswith("TUI") else self.surface

    @property
    def ok(self) -> bool:
        return not self.failed_checks


class Collector:
    def __init__(self) -> None:
        self.observations: list[Observation] = []

    def record(self, obs: Observation) -> Observation:
        """Apply the checks every surface shares, store, and return ``obs``."""
        if not obs.message.strip():
            obs.failed_checks.append("no message shown")
        if "\n" in obs.message.strip():
            obs.failed_checks.append("message is not one line")
        if "Traceback" in obs.message:
            obs.failed_checks.append("traceback shown")
        if KEY in obs.message or KEY in obs.state:
            obs.failed_checks.append("API key shown")
        self.observations = [
            o for o in self.observations
            if (o.surface, o.operation, o.fault) != (obs.surface, obs.operation, obs.fault)
        ]
        self.observations.append(obs)
        return obs

    def check(self, obs: Observation) -> None:
        """Record, then fail the test if any check failed."""
        self.record(obs)
        assert obs.ok, f"{obs.surface} {obs.operation} {obs.fault}: {obs.failed_checks}: {obs}"


RESULTS = Collector()
