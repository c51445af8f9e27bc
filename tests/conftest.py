"""Settings shared by every test folder.

Hypothesis runs derandomized by default, so a test run (CI's or the README's) tries the
same examples every time: a property test fails on every run or on none. To explore
with fresh random examples, run ``HYPOTHESIS_PROFILE=explore python -m pytest``; a
failure then prints the seed and a ``@reproduce_failure`` blob to replay it, and the
example found belongs in an explicit ``@example`` beside the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fake_tenant import FakeTenant
from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture
def fake_tenant() -> Iterator[FakeTenant]:
    """A loopback server answering what the test sets (``tests/fake_tenant.py``): for the
    shapes a real tenant sends and the simulator does not."""
    with FakeTenant() as tenant:
        yield tenant
