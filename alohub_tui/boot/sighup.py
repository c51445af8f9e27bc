"""Leave cleanly when the terminal goes away (window closed, SSH dropped, pty closed).

Python's default for SIGHUP kills the process on the spot: a dial in flight stays
"sending" in the local store and nothing says whether it rang. Instead, SIGHUP asks the
app to exit from its own event loop, and :func:`settle_in_flight` (run after the app
returns, and by the watchdog if the shutdown stalls on the dead terminal) records any
dial whose request may have gone out as "outcome unknown": never re-sent, looked up by
transactionId at the next start. Queue changes need nothing here: their audit "sent"
line is written before the request.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, Protocol

from alohub_tui.dial.record import SENDING, UNKNOWN
from alohub_tui.exitcodes import EXIT_HANGUP
from alohub_tui.store.local import LocalStore

#: How long a shutdown on a dead terminal may take before the process leaves anyway.
WATCHDOG_S = 1.5
HANGUP_DETAIL = "the terminal closed while the request was in flight; not re-sent"


class Exitable(Protocol):
    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None: ...


def settle_in_flight(store: LocalStore) -> int:
    """Mark this process's dials still "sending" as "outcome unknown" (another window's
    dial in flight is its own); returns how many were marked."""
    marked = 0
    with contextlib.suppress(OSError):  # nothing more can be done on the way out
        for dial in store.dials.placed_here():
            if dial.get("outcome") == SENDING:
                dial["outcome"], dial["detail"] = UNKNOWN, HANGUP_DETAIL
                store.dials.save(dial)
                marked += 1
    return marked


class Hangup:
    """Whether SIGHUP arrived while the app ran."""

    def __init__(self) -> None:
        self.received = False
        self.watchdog: threading.Timer | None = None


@contextlib.contextmanager
def exit_on_hangup(app: Exitable, before_forced_exit: Callable[[], object] = lambda: None,
                   watchdog_s: float = WATCHDOG_S) -> Iterator[Hangup]:
    """While inside, SIGHUP makes ``app`` exit instead of killing the process.

    ``before_forced_exit`` runs if the app has not returned ``watchdog_s`` after the
    signal (then the process ends with :data:`EXIT_HANGUP`).
    """
    hangup = Hangup()

    def forced_exit() -> None:
        with contextlib.suppress(Exception):
            before_forced_exit()
        os._exit(EXIT_HANGUP)

    def on_sighup(_signum: int, _frame: FrameType | None) -> None:
        if hangup.received:
            return
        hangup.received = True
        hangup.watchdog = threading.Timer(watchdog_s, forced_exit)
        hangup.watchdog.daemon = True
        hangup.watchdog.start()
        try:
            loop = asyncio.get_running_loop()  # the handler runs on the app's thread
        except RuntimeError:
            raise SystemExit(EXIT_HANGUP) from None
        loop.call_soon_threadsafe(app.exit, None, EXIT_HANGUP)

    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "SIGHUP"
    ):
        yield hangup  # signals can only be handled on the main thread (and not on Windows)
        return
    previous = signal.signal(signal.SIGHUP, on_sighup)
    try:
        yield hangup
    finally:
        signal.signal(signal.SIGHUP, previous)
        if hangup.watchdog is not None:  # the app did return: no need to force it
            hangup.watchdog.cancel()
