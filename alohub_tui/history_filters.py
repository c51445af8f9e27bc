"""What the History tab's filters mean: date presets and the searchCallV2 criteria.

Kept free of Textual so the rules (what "yesterday" is, how a custom date is read,
which filters are "extra") are testable on their own and reusable by other front ends.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from alohub_tui.api.errors import InvalidInput
from alohub_tui.api.models import SearchCriteria
from alohub_tui.vntime import day_bounds

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
            first = parse_day(self.date_from, "from") or today
            last = parse_day(self.date_to, "to") or max(first, today)
            if last < first:
                raise InvalidInput("to", "The 'to' date is before the 'from' date.")
            return first, last
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
        """searchCallV2 criteria for page 1 (raises InvalidInput on a bad value)."""
        first, last = self.day_range(today)
        start, end = day_bounds(first, last)
        return SearchCriteria(
            start=start,
            end=end,
            call_id=self.call_id.strip(),
            customer_number="".join(self.phone.split()),
            direction=self.direction,
            call_status=self.status,
            agents=(self.agent,) if self.agent else (),
            ip_phone=self.extension.strip(),
            transaction_id=self.transaction_id.strip(),
            page=1,
            limit=limit,
        )
