"""What the one-shot commands share: the yes/no question before a change, and the
profile's local store with its warnings printed once on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from alohub_tui.exitcodes import UsageError
from alohub_tui.store.local import LocalStore, open_local_store
from alohub_tui.store.profile import Profile


def confirm(question: str, assume_yes: bool) -> bool:
    """Ask ``question`` on the terminal (``--yes``: no question); not a terminal is a
    usage error rather than a silent no."""
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError("not a terminal: add --yes to confirm")
    answer = input(f"{question} [y/N] ").strip().lower()
    return answer in ("y", "yes")


@contextmanager
def profile_store(profile: Profile) -> Iterator[LocalStore]:
    """``profile``'s local store, its warnings printed, closed at the end (StoreError
    if it cannot open)."""
    store = open_local_store(profile)
    for warning in store.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    try:
        yield store
    finally:
        store.close()
