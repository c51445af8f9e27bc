"""Names and sizes of what the History tab saves (reserving the file is
:func:`alohub_tui.privfiles.reserve_unique`'s)."""

from __future__ import annotations

from datetime import datetime


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
