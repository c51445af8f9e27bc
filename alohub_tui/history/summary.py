"""The one line under the History filters that says what the page on screen is."""

from __future__ import annotations

from alohub_tui.api.models import SearchCriteria, SearchPage
from alohub_tui.api.paging import PageWalk, unreadable_note

from .filters import day_span


def results_summary(page: SearchPage, criteria: SearchCriteria, walk: PageWalk,
                    sort_description: str) -> tuple[str, bool]:
    """(the line, whether it warns): where we are in the results, how they are sorted, and
    what went wrong reading them (calls with unreadable fields, a repeated page)."""
    span = day_span(criteria)
    if not page.records and page.page == 1:
        line = f"No calls match these filters ({span}). Press / to change them."
    else:
        if page.total_exact:
            where = f"page {page.page} of {page.page_count} · {page.total:,} calls"
        else:
            more = "+" if page.has_next else ""
            where = f"page {page.page} · {page.total:,}{more} calls"
        line = f"{where} · {span} · {sort_description} · Enter: detail"
    if page.unreadable:
        line += f" · ⚠ {unreadable_note(page.unreadable)}"
    if walk.repeat_note:
        line = f"⚠ {walk.repeat_note}. {line}"
    return line, bool(page.unreadable or walk.repeat_note)
