"""Reading a search page after page when the server may not page at all.

A server may ignore ``page`` (alohub-api.md §2) and answer every page with the first
one: walking "until the last page" would then read the same calls again and again, and
an export would write them as many times. :class:`PageWalk` remembers the calls each
page number brought: a page with only calls already read on another page ends the walk
("page 2 repeated calls already read; stopped"); a page that overlaps an earlier one (new calls
pushed the older ones down) is kept without the calls already read. It also counts the
calls that had a field it could not read, so the screen can say how many.

Only the first page and the few pages just read are remembered (:data:`RECENT_PAGES`):
a repeat is of the first page, an overlap is with the pages just before, and remembering
every call id of a 100,000-call export grew its memory by ~200 bytes a call.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .models import CallRecord, SearchPage

CallKey = str | CallRecord
#: Pages remembered besides the first one read.
RECENT_PAGES = 4


def call_key(record: CallRecord) -> CallKey:
    """What identifies a call: its id, or all its fields when it came without one."""
    return record.call_id or record


@dataclass
class PageWalk:
    """The pages of one search read so far (start a new walk for new criteria)."""

    pages: dict[int, frozenset[CallKey]] = field(default_factory=dict)
    repeated_page: int | None = None  # the page number that brought only calls read before
    calls: int = 0  # calls kept, each once
    unreadable: int = 0  # of which had a field that could not be read

    def take(self, page: SearchPage) -> SearchPage | None:
        """``page`` without the calls another page already brought; None when it brought
        nothing new (a repeat: the walk ends there, see :attr:`repeated_page`)."""
        keys = [call_key(r) for r in page.records]
        others: set[CallKey] = set()
        for number, seen in self.pages.items():
            if number != page.page:
                others |= seen
        if keys and all(key in others for key in keys):
            self.repeated_page = page.page
            return None
        self.pages[page.page] = frozenset(keys)
        self._forget_old_pages()
        if others.isdisjoint(keys) and len(set(keys)) == len(keys):
            kept = page
        else:
            fresh: list[CallRecord] = []
            taken: set[CallKey] = set(others)
            for record, key in zip(page.records, keys, strict=True):
                if key not in taken:
                    taken.add(key)
                    fresh.append(record)
            kept = dataclasses.replace(page, records=tuple(fresh))
        self.calls += len(kept.records)
        self.unreadable += kept.unreadable
        return kept

    def _forget_old_pages(self) -> None:
        """Keep the first page read and the :data:`RECENT_PAGES` read last."""
        numbers = list(self.pages)  # in the order first read
        for number in numbers[1:-RECENT_PAGES]:
            del self.pages[number]

    def is_repeat_at_or_before(self, number: int) -> bool:
        """True when the server repeated a page at or before ``number`` (no page after)."""
        return self.repeated_page is not None and self.repeated_page <= number

    @property
    def repeat_note(self) -> str | None:
        """What to tell the user when the server repeated a page, else None."""
        if self.repeated_page is None:
            return None
        return (f"page {self.repeated_page} repeated calls already read (the server may "
                "ignore paging); stopped there, each call kept once")

    def notes(self) -> list[str]:
        """One line per thing the user should know about every call read."""
        out = [self.repeat_note] if self.repeat_note else []
        if self.unreadable:
            out.append(unreadable_note(self.unreadable))
        return out


def unreadable_note(count: int) -> str:
    """``3 calls had fields that could not be read (left blank)``."""
    calls = "1 call" if count == 1 else f"{count:,} calls"
    return f"{calls} had fields that could not be read (left blank)"
