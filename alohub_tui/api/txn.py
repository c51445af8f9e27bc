"""transactionIds: how a placed call is found again (search, webhooks); generated here,
or typed by the user and checked here (the Dial tab, `alohub-tui call --txn`)."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from ..vntime import VN_TZ, as_vn_aware, now_vn
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
    """``<prefix>_<yyyymmddHHMMSS>_<8 hex>`` in Vietnam time, the time the screens show,
    e.g. ``ALOHUB_TUI_20261127153000_9f86d081`` for a dial at 15:30:00 (a naive ``now``
    is Vietnam time already).

    The random part comes from the OS CSPRNG, so two processes (or two app windows)
    starting in the same second still get different ids.
    """
    moment = as_vn_aware(now).astimezone(VN_TZ) if now is not None else now_vn()
    return f"{validate_prefix(prefix)}_{moment:%Y%m%d%H%M%S}_{secrets.token_hex(4)}"


_TRANSACTION_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def check_transaction_id(text: str) -> str:
    """A transactionId the user typed or kept: 1-64 letters, digits, ``_ . : -``."""
    value = text.strip()
    if not value:
        raise InvalidInput("transactionId", "The transactionId is empty; press Ctrl+N for one.")
    if not _TRANSACTION_ID.fullmatch(value):
        raise InvalidInput(
            "transactionId",
            "A transactionId is up to 64 letters, digits, '_', '.', ':' or '-' (no spaces).",
        )
    return value
