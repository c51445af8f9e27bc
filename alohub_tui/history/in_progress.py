"""Calls shown while still in progress: looking one up again until it has ended.

A History page can hold calls that were ringing or talking when it was fetched; their
row would stay "in progress" for good. :func:`look_up_again` fetches one call by its
id (a one-day search around its start), so the tab can replace the row when the call
ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alohub_tui.api.models import CallRecord, SearchCriteria
from alohub_tui.vntime import day_bounds

if TYPE_CHECKING:
    from alohub_tui.api.client import AlohubClient

#: Seconds between two look-ups of the calls in progress on the page shown.
REFRESH_S = 5.0


def in_progress(records: tuple[CallRecord, ...] | list[CallRecord]) -> list[CallRecord]:
    """The records of calls that have not ended (and can be looked up by id)."""
    return [record for record in records if not record.final and record.call_id]


async def look_up_again(client: AlohubClient, record: CallRecord) -> CallRecord | None:
    """The call as the server has it now (the latest of its rows), or None if not found."""
    if record.starttime is None:
        return None
    day = record.starttime.date()
    start, end = day_bounds(day, day)
    page = await client.search_calls(
        SearchCriteria(start=start, end=end, call_id=record.call_id, limit=10))
    rows = [r for r in page.records if r.call_id == record.call_id]
    # the row that knows the most: ended beats ongoing, then the latest end or start
    return max(rows, key=lambda r: (r.final, r.endtime or r.starttime or start), default=None)
