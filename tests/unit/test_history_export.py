"""What an export writes: cells a spreadsheet would run as formulas are quoted; each call
once, even when pages repeat (PageWalk)."""

from __future__ import annotations

import pytest

from alohub_tui.api.models import CallRecord, SearchPage
from alohub_tui.api.paging import RECENT_PAGES, PageWalk
from alohub_tui.history.export import spreadsheet_safe


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-1+2", "'-1+2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),
        ("3.5", "3.5"),
        ("+84912345678", "+84912345678"),
        ("0912345678", "0912345678"),
        ("userName66", "userName66"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(cell: str, written: str) -> None:
    assert spreadsheet_safe(cell) == written


def page(number: int, *ids: str, limit: int = 3) -> SearchPage:
    records = tuple(CallRecord.from_api({"call_id": i}) for i in ids)
    return SearchPage(records, 0, number, limit, total_exact=False)


def test_a_repeated_page_ends_the_walk_and_an_overlap_is_kept_once() -> None:
    walk = PageWalk()
    assert walk.take(page(1, "a", "b", "c")) is not None
    second = walk.take(page(2, "c", "d", "e"))
    assert second is not None and [r.call_id for r in second.records] == ["d", "e"]
    assert walk.take(page(3, "a", "b", "c")) is None
    assert walk.repeated_page == 3 and walk.calls == 5
    assert walk.is_repeat_at_or_before(3) and not walk.is_repeat_at_or_before(2)
    assert walk.notes() == ["page 3 repeated calls already read (the server may ignore "
                            "paging); stopped there, each call kept once"]


def test_reading_a_page_again_is_not_a_repeat() -> None:
    """The History tab goes back to page 1: the same page number is no repeat."""
    walk = PageWalk()
    walk.take(page(1, "a", "b"))
    walk.take(page(2, "c"))
    again = walk.take(page(1, "a", "b"))
    assert again is not None and walk.repeated_page is None


def test_unreadable_calls_are_counted() -> None:
    walk = PageWalk()
    bad = CallRecord.from_api({"call_id": "x", "total_duration": "N/A"})
    walk.take(SearchPage((bad, CallRecord.from_api({"call_id": "y"})), 2, 1, 50))
    assert walk.unreadable == 1
    assert walk.notes() == ["1 call had fields that could not be read (left blank)"]


def test_a_long_walk_remembers_the_first_page_and_the_last_few() -> None:
    """An export of 100,000 calls: memory stays flat, and a repeat of page 1 or an overlap
    with the page before is still caught at page 1,000."""
    walk = PageWalk()
    for number in range(1, 1000):
        assert walk.take(page(number, f"{number}a", f"{number}b", f"{number}c")) is not None
    assert len(walk.pages) == 1 + RECENT_PAGES and 1 in walk.pages and 999 in walk.pages
    overlap = walk.take(page(1000, "999c", "1000a", "1000b"))
    assert overlap is not None and [r.call_id for r in overlap.records] == ["1000a", "1000b"]
    assert walk.take(page(1001, "1a", "1b", "1c")) is None and walk.repeated_page == 1001
    assert walk.calls == 999 * 3 + 2
