"""transactionId generation: how a placed call is found again (search, webhooks)."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from .errors import InvalidInput

DEFAULT_PREFIX = "ALOHUB_TUI"
_PREFIX = re.compile(r"[A-Za-z0-9_-]{1,40}")


def validate_prefix(prefix: str) -> str:
    if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
        raise InvalidInput(
            "transaction_prefix",
            "A transactionId prefix is 1-40 characters of letters, digits, '_' or '-'.",
        )
    return prefix


def new_transaction_id(prefix: str = DEFAULT_PREFIX, *, now: datetime | None = None) -> str:
    """``<prefix>_<UTC yyyymmddHHMMSS>_<8 hex>``, e.g. ``ALOHUB_TUI_20261127083000_9f86d081``.

    The random part comes from the OS CSPRNG, so two processes (or two app windows)
    starting in the same second still get different ids.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{validate_prefix(prefix)}_{moment:%Y%m%d%H%M%S}_{secrets.token_hex(4)}"
