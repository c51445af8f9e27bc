"""Let the keys already read finish their work before deciding something for the user.

ctrl+q is a priority binding: the app handles it as soon as it is read, while an Enter
read in the same burst is still on its way (the field, then the app's binding, then the
field's Submitted message, then the Dial tab, which places the dial). Quitting at once
would find no dial in flight. :func:`messages_handled` waits until every widget has
handled what was queued, a few rounds (each hop queues the next message), without
blocking the app's own queue: call it from a worker.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from textual.app import App

ROUNDS = 4
ROUND_TIMEOUT_S = 0.5


async def messages_handled(app: App[Any], rounds: int = ROUNDS) -> None:
    for _ in range(rounds):
        await _one_round(app)


async def _one_round(app: App[Any]) -> None:
    """Until the app and every widget on its screen have handled what is queued now."""
    pending = 0
    done = asyncio.Event()

    def handled() -> None:
        nonlocal pending
        pending -= 1
        if pending == 0:
            done.set()

    for node in [app, *app.screen.walk_children(with_self=True)]:
        if node.call_later(handled):
            pending += 1
    if pending:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(done.wait(), ROUND_TIMEOUT_S)
