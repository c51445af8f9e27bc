"""The simulator's defaults, importable without loading its server (aiohttp)."""

from __future__ import annotations

import os

DEMO_KEY = "demo-key"
#: The demo gateway's own key (alohub-api.md §6: the gateway has its own key).
DEMO_GATEWAY_KEY = "demo-gateway-key"
#: Where the simulator serves the gateway: its own path prefix, as a real gateway has
#: its own host (``https://xapi.alohub.vn``).
GATEWAY_PREFIX = "/gateway"
MAX_CALLS = 100_000
#: A dialled number's last digit decides how the simulated call ends (else answered).
OUTCOME_BY_LAST_DIGIT = {"0": "busy", "1": "noanswer", "2": "failed"}


def default_api_key() -> str:
    return os.environ.get("ALOHUB_API_KEY") or DEMO_KEY


def gateway_url_for(base_url: str) -> str:
    """The simulator's gateway URL beside its API base URL (``.../api`` -> ``.../gateway``)."""
    return base_url.rstrip("/").removesuffix("/api") + GATEWAY_PREFIX
