"""Names and sizes of the files History saves: recordings and CSV exports.

Reserving a name nobody has is :func:`alohub_tui.privfiles.reserve_unique`'s.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit


def export_file_name(now: datetime) -> str:
    """``alohub-calls-20261127-153000.csv``."""
    return now.strftime("alohub-calls-%Y%m%d-%H%M%S.csv")


def human_size(size: float) -> str:
    """``532 B``, ``14.1 KB``, ``2.3 MB``."""
    if size < 1024:
        return f"{size:.0f} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def recording_file_name(ref: str, call_id: str = "") -> str:
    """A safe local file name for a recording: the call id, else the reference's name."""
    if call_id:
        return _UNSAFE.sub("_", call_id) + ".mp3"
    parts = urlsplit(ref)
    inner = parse_qs(parts.query).get("url", [""])[0] if parts.query else ""
    name = (inner or parts.path or ref).rstrip("/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip("._") or "recording"
    return name if name.lower().endswith(".mp3") else name + ".mp3"
