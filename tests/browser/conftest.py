"""Browser tests: ``alohub-tui serve`` in a real headless Chromium (the system's).

They skip, saying why, only where no browser can run (no Playwright, no Chromium; CI
installs Chromium in ``.ci/run``). Each test module starts its own server on free ports
and each test gets its own browser context, so the modules can run in parallel under
pytest-xdist (``-n 2``); ``xdist_group`` keeps one module's tests on one worker, where
they share that module's server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from alohub_tui.serve.headless import launch, why_no_browser


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group(item.path.stem))


@pytest.fixture
def chromium() -> Iterator[Any]:
    """A browser for one test. Not shared between tests: Playwright's sync API runs an
    event loop while it is open, and the asyncio tests that pytest-xdist may run next
    in the same process need none to be running."""
    reason = why_no_browser()
    if reason:
        pytest.skip(f"browser tests need a browser: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 720},
                                   accept_downloads=True)
    yield context
    context.close()
