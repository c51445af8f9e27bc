"""The simulator's defaults, importable without loading its server (aiohttp)."""

from __future__ import annotations

import os

DEMO_KEY = "demo-key"
MAX_CALLS = 100_000


def default_api_key() -> str:
    return os.environ.get("ALOHUB_API_KEY") or DEMO_KEY
