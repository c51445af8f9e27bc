"""The read-only rule for commands that change the tenant, in one place.

Read-only mode (``--read-only`` or ``[ui] read_only = true``) lets a command show what it
would send (``--dry-run``) and refuses to send it: exit 2 with one line. The TUI hides
the same actions (the Agents tab); ``alohub-tui queue`` and ``plan apply``/``undo`` use
:func:`refuse_in_read_only`. Dialling is not a change of the tenant and stays allowed.
"""

from __future__ import annotations

from alohub_tui.config import Config
from alohub_tui.exitcodes import UsageError


def read_only_refusal(what: str) -> str:
    """The one line read-only mode answers a change with."""
    return (f"read-only mode (--read-only or [ui] read_only = true): {what} is not sent; "
            "--dry-run shows what would be")


def refuse_in_read_only(cfg: Config, what: str, *, dry_run: bool = False) -> None:
    """Raise :class:`UsageError` (exit 2) when ``cfg`` is read-only and this is no dry run."""
    if cfg.ui.read_only and not dry_run:
        raise UsageError(read_only_refusal(what))
