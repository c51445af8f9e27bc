"""The simulator's defaults, importable without loading its server (aiohttp)."""

from __future__ import annotations

import os

DEMO_KEY = "demo-key"
MAX_CALLS = 100_000
#: A dialled number's last digit decides how the simulated call ends (else answered).
OUTCOME_BY_LAST_DIGIT = {"0": "busy", "1": "noanswer", "2": "failed"}


def default_api_key() -> str:
    return os.environ.get("ALOHUB_API_KEY") or DEMO_KEY
