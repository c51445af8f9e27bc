"""The phone filter of a call search (History tab and `alohub-tui history --phone`)."""

from __future__ import annotations

from datetime import date

import pytest

from alohub_tui.api.errors import InvalidInput
from alohub_tui.history.filters import HistoryFilters, search_criteria

DAY = date(2026, 11, 27)


@pytest.mark.parametrize(("typed", "sent"), [
    ("0912 345 678", "0912345678"), ("+84 912-345.678", "+84912345678"), ("", ""),
    ("  ", ""), ("(028) 3822", "0283822"),
])
def test_a_phone_filter_is_sent_without_separators(typed: str, sent: str) -> None:
    assert search_criteria(DAY, DAY, limit=50, phone=typed).customer_number == sent


@pytest.mark.parametrize("typed", ["abc", "09l2345678", "+", "--", "0912;345"])
def test_a_phone_filter_without_digits_or_with_letters_is_refused(typed: str) -> None:
    """Before, "abc" was sent, and a server that keeps only the digits (the simulator
    does) answered every call of the period as if it matched."""
    with pytest.raises(InvalidInput) as caught:
        search_criteria(DAY, DAY, limit=50, phone=typed)
    assert caught.value.field == "phone"  # the message: api/phone.py's, as Dial's
    with pytest.raises(InvalidInput):  # the History tab's filter bar: the same rule
        HistoryFilters(phone=typed).to_criteria(DAY, 50)
