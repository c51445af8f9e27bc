"""Settings shared by every test folder.

Every test runs with its own state, data, cache and downloads folders (the
``ALOHUB_TUI_*_DIR`` variables, inherited by the processes a test starts), so no test
reads or writes the developer's real profiles, audit log or state file.

Hypothesis runs derandomized by default, so a test run (CI's or the README's) tries the
same examples every time: a property test fails on every run or on none. To explore
with fresh random examples, run ``HYPOTHESIS_PROFILE=explore python -m pytest``; a
failure then prints the seed and a ``@reproduce_failure`` blob to replay it, and the
example found belongs in an explicit ``@example`` beside the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(autouse=True)
def private_app_folders(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own app folders (a test may point them elsewhere itself)."""
    home = tmp_path_factory.mktemp("app-folders")
    for name in ("STATE", "DATA", "CACHE", "DOWNLOADS"):
        monkeypatch.setenv(f"ALOHUB_TUI_{name}_DIR", str(home / name.lower()))
    return home
