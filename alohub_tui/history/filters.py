"""What History's filters mean: dates, presets and the searchCallV2 criteria.

One builder for the History tab and ``alohub-tui history``: how a date is read
(:func:`parse_day`), what a typed range is (:func:`day_range`), and how the filters become
:class:`SearchCriteria` (:func:`search_criteria`). Free of Textual so the rules (what
"yesterday" is, which filters are "extra") are testable on their own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from alohub_tui.api.errors import InvalidInput
from alohub_tui.api.models import SearchCriteria
from alohub_tui.api.phone import phone_filter, validate_extension
from alohub_tui.vntime import DATE_DISPLAY, day_bounds

TODAY = "today"
YESTERDAY = "yesterday"
LAST_7 = "7d"
LAST_30 = "30d"
CUSTOM = "custom"

#: (value, label) for the range picker, in the order shown.
RANGE_PRESETS: tuple[tuple[str, str], ...] = (
    (TODAY, "Today"),
    (YESTERDAY, "Yesterday"),
    (LAST_7, "Last 7 days"),
    (LAST_30, "Last 30 days"),
    (CUSTOM, "Custom dates…"),
)

DIRECTIONS: tuple[tuple[str, str], ...] = (("inbound", "← inbound"), ("outbound", "→ outbound"))
STATUSES: tuple[str, ...] = ("answered", "missed", "busy", "noanswer", "failed")
#: What ``alohub-tui history --status`` takes: the statuses, and ``hangup`` (every ended
#: call), which clients send as a filter (alohub-api.md §2).
STATUS_FILTERS: tuple[str, ...] = (*STATUSES, "hangup")


def parse_day(text: str, field: str) -> date | None:
    """``YYYY-MM-DD`` (also ``DD/MM/YYYY``) -> date; empty -> None; else InvalidInput."""
    value = text.strip()
    if not value:
        return None
    try:
        if "/" in value:
            return datetime.strptime(value, "%d/%m/%Y").date()
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f'"{value}" is not a date like 2026-11-27.') from None


def day_range(date_from: str, date_to: str, today: date,
              default_from: date | None = None) -> tuple[date, date]:
    """The first and last day of a typed range (raises InvalidInput naming "from"/"to").

    An empty "from" is ``default_from`` (today if None); an empty "to" is today, or the
    "from" day when that is later.
    """
    first = parse_day(date_from, "from") or default_from or today
    last = parse_day(date_to, "to") or max(first, today)
    if last < first:
        raise InvalidInput("to", "The 'to' date is before the 'from' date.")
    return first, last


def search_criteria(first: date, last: date, *, limit: int, call_id: str = "",
                    phone: str = "", direction: str = "", status: str = "",
                    agents: Iterable[str] = (), extension: str = "",
                    transaction_id: str = "") -> SearchCriteria:
    """searchCallV2 criteria for page 1 of the calls from ``first`` to ``last``, inclusive.

    Typed text is tidied the same way for every front end: ids without surrounding
    spaces, a phone number without any spaces. A phone number with no digit, or with a
    letter, raises InvalidInput("phone"): sent as it is, a server may read it as "no
    filter" and answer every call.
    """
    start, end = day_bounds(first, last)
    return SearchCriteria(
        start=start,
        end=end,
        call_id=call_id.strip(),
        customer_number=phone_filter(phone),
        direction=direction,
        call_status=status,
        agents=tuple(agents),
        ip_phone=extension.strip(),
        transaction_id=transaction_id.strip(),
        page=1,
        limit=limit,
    )


def day_span(criteria: SearchCriteria) -> str:
    """The days a search covers: ``27/11/2026``, or ``01/11–27/11/2026``."""
    first, last = criteria.start.date(), criteria.end.date()
    if first == last:
        return first.strftime(DATE_DISPLAY)
    return f"{first:%d/%m}–{last:%d/%m/%Y}"


@dataclass(frozen=True)
class HistoryFilters:
    """Everything the filter bar and the "More filters" dialog hold, as typed."""

    preset: str = TODAY
    date_from: str = ""  # custom range only
    date_to: str = ""
    phone: str = ""
    direction: str = ""
    status: str = ""
    agent: str = ""
    extension: str = ""
    transaction_id: str = ""
    call_id: str = ""

    def replace(self, **changes: str) -> HistoryFilters:
        return dataclasses.replace(self, **changes)

    def day_range(self, today: date) -> tuple[date, date]:
        """The first and last day searched (raises InvalidInput for bad custom dates)."""
        if self.preset == YESTERDAY:
            day = today - timedelta(days=1)
            return day, day
        if self.preset == LAST_7:
            return today - timedelta(days=6), today
        if self.preset == LAST_30:
            return today - timedelta(days=29), today
        if self.preset == CUSTOM:
            return day_range(self.date_from, self.date_to, today)
        return today, today

    def extras(self) -> list[str]:
        """Short descriptions of the filters that live in the "More filters" dialog."""
        out: list[str] = []
        if self.preset == CUSTOM:
            out.append(f"{self.date_from or 'today'}…{self.date_to or 'today'}")
        if self.transaction_id.strip():
            out.append(f"txn {self.transaction_id.strip()}")
        if self.call_id.strip():
            out.append(f"call {self.call_id.strip()}")
        return out

    def to_criteria(self, today: date, limit: int) -> SearchCriteria:
        """searchCallV2 criteria for page 1 (raises InvalidInput on a bad value: a date,
        a phone number or extension no call can have)."""
        first, last = self.day_range(today)
        extension = validate_extension(self.extension) if self.extension.strip() else ""
        return search_criteria(
            first, last, limit=limit, call_id=self.call_id, phone=phone_filter(self.phone),
            direction=self.direction, status=self.status,
            agents=(self.agent,) if self.agent else (), extension=extension,
            transaction_id=self.transaction_id,
        )
