import re
from datetime import UTC, datetime

import pytest

from alohub_tui.api import InvalidInput, new_transaction_id


def test_format_is_prefix_vietnam_time_random() -> None:
    """The time in the id is the one the screens show: 08:30 UTC is 15:30 in Vietnam."""
    when = datetime(2026, 11, 27, 8, 30, 0, tzinfo=UTC)
    txn = new_transaction_id("ALOHUB_TUI", now=when)
    assert re.fullmatch(r"ALOHUB_TUI_20261127153000_[0-9a-f]{8}", txn)
    naive = new_transaction_id("ALOHUB_TUI", now=datetime(2026, 11, 27, 15, 30))
    assert naive.startswith("ALOHUB_TUI_20261127153000_")


def test_default_prefix_and_uniqueness() -> None:
    ids = {new_transaction_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(i.startswith("ALOHUB_TUI_") for i in ids)


@pytest.mark.parametrize("prefix", ["", "has space", "a/b", "x" * 41, "é"])
def test_bad_prefix_rejected(prefix: str) -> None:
    with pytest.raises(InvalidInput) as info:
        new_transaction_id(prefix)
    assert info.value.field == "transaction_prefix"


def test_allowed_prefix_characters() -> None:
    assert new_transaction_id("Shop-1_a").startswith("Shop-1_a_")
