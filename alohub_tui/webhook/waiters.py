"""Telling the callers of the event store's writer thread how their commit went.

A caller waits either on a :class:`concurrent.futures.Future` (a thread) or on an
asyncio future of its own event loop; the writer resolves them all after each batch.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib

Waiter = concurrent.futures.Future[bool] | tuple[asyncio.AbstractEventLoop, asyncio.Future[bool]]
"""True (new), False (an exact duplicate), or the exception, once committed."""


def _resolve(future: asyncio.Future[bool] | concurrent.futures.Future[bool],
             outcome: bool | Exception) -> None:
    if future.done():  # the caller stopped waiting
        return
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


def _resolve_all(items: list[tuple[asyncio.Future[bool], bool | Exception]]) -> None:
    for future, outcome in items:
        _resolve(future, outcome)


def settle(waiters: list[Waiter], outcomes: list[bool | Exception]) -> None:
    """Tell each caller its outcome: one wake-up per event loop per batch, not per event
    (each ``call_soon_threadsafe`` is a syscall, and a batch can hold hundreds)."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[bool], bool | Exception]]]
    by_loop = {}
    for waiter, outcome in zip(waiters, outcomes, strict=True):
        if isinstance(waiter, concurrent.futures.Future):
            with contextlib.suppress(concurrent.futures.InvalidStateError):  # cancelled
                _resolve(waiter, outcome)
        else:
            loop, future = waiter
            by_loop.setdefault(loop, []).append((future, outcome))
    for loop, items in by_loop.items():
        with contextlib.suppress(RuntimeError):  # that loop is closed: nobody is waiting
            loop.call_soon_threadsafe(_resolve_all, items)
