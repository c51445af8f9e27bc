"""One call's contribution to the day's totals, and the totals themselves.

Every total is a sum over calls, so the running aggregate can take a call's old
contribution out and put its new one in when a later post changes the call; nothing is
ever recounted. The definitions are the issue's (docs/WALL.md):

- *wait* = answer − start if answered, else end − start;
- *offered* = an inbound call that ended today; of those *answered*, *short abandoned*
  (not answered, wait ≤ ``short_abandon_s``) and *abandoned* (not answered, wait
  longer, or unknown: a call that ended without an end time is counted against).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from .calls import CallFacts
from .formulas import SlCounts

#: A start further ahead of now than this is a broken clock or field: not counted.
FUTURE_LIMIT = timedelta(days=1)


@dataclass(slots=True)
class Tally:
    """Sums over calls; see the module docstring. Also the per-agent and per-hotline row."""

    offered: int = 0
    answered: int = 0
    answered_timed: int = 0  # answered with a known wait: the calls in SL and ASA
    answered_within: int = 0  # of those, wait ≤ sl_threshold_s
    wait_sum_s: int = 0  # total wait of answered_timed
    short_abandoned: int = 0
    abandoned: int = 0
    abandoned_within: int = 0  # abandoned with a known wait ≤ sl_threshold_s
    abandoned_untimed: int = 0  # abandoned without a known wait
    talk_s: int = 0  # answered calls' talk time
    from_search: int = 0  # offered calls backfilled from searchCallV2
    no_start: int = 0  # inbound calls left out: start time missing or unreadable
    future_start: int = 0  # inbound calls left out: start more than a day ahead

    def add(self, other: Tally, sign: int = 1) -> None:
        for name in _NAMES:
            setattr(self, name, getattr(self, name) + sign * getattr(other, name))

    @property
    def missed(self) -> int:
        """Offered and not answered (short abandons included): an agent's missed calls."""
        return self.short_abandoned + self.abandoned

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in _NAMES)

    def sl_counts(self) -> SlCounts:
        return SlCounts(
            answered=self.answered_timed,
            answered_within=self.answered_within,
            abandoned=self.abandoned,
            abandoned_within=self.abandoned_within,
            short_abandoned=self.short_abandoned,
        )


_NAMES = tuple(f.name for f in fields(Tally))


def contribution(call: CallFacts, now: datetime, sl_threshold_s: int,
                 short_abandon_s: int) -> Tally | None:
    """What an ended ``call`` adds to its day's totals; None when it is not inbound.

    ``now`` is naive Vietnam local time (for the "more than a day ahead" rule).
    """
    if not call.inbound:
        return None
    if call.start is None:
        return Tally(no_start=1)
    if call.start > now + FUTURE_LIMIT:
        return Tally(future_start=1)
    tally = Tally(offered=1, from_search=int(call.from_search))
    wait = call.wait_s
    if call.answered:
        tally.answered = 1
        tally.talk_s = call.talk_s
        if wait is not None:
            tally.answered_timed = 1
            tally.wait_sum_s = wait
            tally.answered_within = int(wait <= sl_threshold_s)
    elif wait is not None and wait <= short_abandon_s:
        tally.short_abandoned = 1
    else:
        tally.abandoned = 1
        tally.abandoned_untimed = int(wait is None)
        tally.abandoned_within = int(wait is not None and wait <= sl_threshold_s)
    return tally
