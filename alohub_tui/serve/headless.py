"""Headless Chromium for the browser tests and the browser screenshot.

The system's Chromium (Debian's ``chromium`` package) driven by Playwright's Python API:
Playwright's own browser download is never used (``playwright install`` needs the
internet). Playwright is in the ``test`` extra, not a runtime dependency.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM_ENV = "ALOHUB_TUI_CHROMIUM"
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
#: Headless, no sandbox (CI runs as root), and nothing that reaches the network by itself.
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def chromium_path() -> Path | None:
    """``$ALOHUB_TUI_CHROMIUM``, else the system Chromium, else None."""
    configured = os.environ.get(CHROMIUM_ENV, "").strip()
    for candidate in ((configured,) if configured else CANDIDATES):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    found = shutil.which("chromium")
    return Path(found) if found and not configured else None


def why_no_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[test]'"
    if chromium_path() is None:
        return ("no Chromium found (/usr/bin/chromium): apt-get install chromium, or set "
                f"${CHROMIUM_ENV}")
    return None


def launch(playwright: Playwright) -> Browser:
    path = chromium_path()
    if path is None:
        raise RuntimeError(why_no_browser() or "no Chromium")
    return playwright.chromium.launch(executable_path=str(path), args=list(CHROMIUM_ARGS))
