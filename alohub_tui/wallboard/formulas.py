"""Service-level formulas, selectable by name (``[wall] service_level_formula``).

Contact centres disagree on what "service level" divides by (ICMI lists several
variants; Asterisk reports two), so each formula here has a name, the expression a tile
can show, and a worked example in docs/WALL.md and tests/unit/test_wallboard_formulas.py.

Every formula works on the same counts of one day's offered inbound calls (T is
``sl_threshold_s``):

- ``answered``: answered calls whose wait is known;
- ``answered_within``: of those, waited T seconds or less;
- ``abandoned``: not answered after waiting more than ``short_abandon_s``;
- ``abandoned_within``: of those, waited T seconds or less;
- ``short_abandoned``: not answered after waiting ``short_abandon_s`` or less.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SlCounts:
    """The counts every formula draws on; see the module docstring."""

    answered: int = 0
    answered_within: int = 0
    abandoned: int = 0
    abandoned_within: int = 0
    short_abandoned: int = 0


@dataclass(frozen=True)
class ServiceLevelFormula:
    """One way to compute service level as a fraction (None when nothing to divide by)."""

    name: str
    expression: str  # short, for a tile or a report line
    summary: str  # one sentence: what it rewards or ignores
    numerator: Callable[[SlCounts], int]
    denominator: Callable[[SlCounts], int]

    def __call__(self, counts: SlCounts) -> float | None:
        below = self.denominator(counts)
        return self.numerator(counts) / below if below > 0 else None


DEFAULT_FORMULA = "default"

FORMULAS: dict[str, ServiceLevelFormula] = {
    formula.name: formula
    for formula in (
        ServiceLevelFormula(
            "default",
            "answered ≤ T ÷ (answered + abandoned)",
            "Short abandons count neither for nor against; every other abandon counts "
            "against, however soon it hung up.",
            lambda c: c.answered_within,
            lambda c: c.answered + c.abandoned,
        ),
        ServiceLevelFormula(
            "with_short_abandons",
            "answered ≤ T ÷ (answered + abandoned + short abandons)",
            "Every offered call counts, short abandons too (against).",
            lambda c: c.answered_within,
            lambda c: c.answered + c.abandoned + c.short_abandoned,
        ),
        ServiceLevelFormula(
            "abandons_within_met",
            "(answered ≤ T + abandoned ≤ T) ÷ (answered + abandoned)",
            "A caller who hung up within T seconds counts as served in time (Asterisk's "
            "second service level).",
            lambda c: c.answered_within + c.abandoned_within,
            lambda c: c.answered + c.abandoned,
        ),
        ServiceLevelFormula(
            "abandons_within_ignored",
            "answered ≤ T ÷ (answered + abandoned − abandoned ≤ T)",
            "A caller who hung up within T seconds is left out; later abandons count against.",
            lambda c: c.answered_within,
            lambda c: c.answered + c.abandoned - c.abandoned_within,
        ),
        ServiceLevelFormula(
            "answered_only",
            "answered ≤ T ÷ answered",
            "Only answered calls count: abandons are ignored (Asterisk's first service "
            "level).",
            lambda c: c.answered_within,
            lambda c: c.answered,
        ),
    )
}
