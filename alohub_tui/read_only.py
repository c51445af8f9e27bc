"""The read-only rule for commands that change the tenant, in one place.

Read-only mode (``--read-only`` or ``[ui] read_only = true``) lets a command show what it
would send (``--dry-run``) and refuses to send it: exit 2 with one line. The TUI hides
the same actions (the Agents tab); ``alohub-tui queue``, ``plan apply``/``undo`` and
``call`` use :func:`refuse_in_read_only`. A makeCall rings real phones and makes a call
record at Alohub, so read-only mode refuses it too (the TUI's Dial tab says so).
"""

from __future__ import annotations

from alohub_tui.config import Config
from alohub_tui.exitcodes import UsageError

DRY_RUN_HINT = "--dry-run shows what would be"


def read_only_refusal(what: str, hint: str = DRY_RUN_HINT) -> str:
    """The one line read-only mode answers a change with."""
    return (f"read-only mode (--read-only or [ui] read_only = true): {what} is not sent"
            + (f"; {hint}" if hint else ""))


def refuse_in_read_only(cfg: Config, what: str, *, dry_run: bool = False,
                        hint: str = DRY_RUN_HINT) -> None:
    """Raise :class:`UsageError` (exit 2) when ``cfg`` is read-only and this is no dry run."""
    if cfg.ui.read_only and not dry_run:
        raise UsageError(read_only_refusal(what, hint))
