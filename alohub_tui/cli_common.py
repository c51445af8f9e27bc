"""What the one-shot commands share: the yes/no question before a change, and the
profile's local store with its warnings printed once on stderr."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from alohub_tui.exitcodes import UsageError
from alohub_tui.store.local import LocalStore, open_local_store
from alohub_tui.store.profile import Profile


def ask(question: str) -> str | None:
    """The line typed after ``question`` on the terminal; None for Ctrl+D (no answer).

    Ctrl+C interrupts at once with KeyboardInterrupt, also inside ``asyncio.run``, whose
    own SIGINT handler only cancels its task when the loop next runs: after Enter, so
    the Ctrl+C was lost and the next line typed was read as the answer.
    """
    if not sys.stdin.isatty():
        raise UsageError("not a terminal: add --yes to confirm")
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main_thread else None
    if previous is not None:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return input(question)
    except EOFError:
        print(file=sys.stderr)  # the shell's prompt on a line of its own
        return None
    except KeyboardInterrupt:
        print("\ninterrupted; nothing was sent.", file=sys.stderr)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def confirm(question: str, assume_yes: bool) -> bool:
    """Ask ``question`` on the terminal (``--yes``: no question); not a terminal is a
    usage error rather than a silent no, Ctrl+D a no."""
    if assume_yes:
        return True
    answer = ask(f"{question} [y/N] ")
    return (answer or "").strip().lower() in ("y", "yes")


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
