"""A one-shot timer that always fires, for code that re-arms itself.

Textual's ``set_timer(delay, callback)`` is a ``Timer(repeat=0, skip=True)``: if more
than ``delay`` passes between the two clock reads that start its run (the thread
preempted, or another thread holding the GIL, in between), the *skip* logic counts the
tick as missed and the timer ends without ever calling ``callback``. A loop that re-arms
itself from its own callback (read, then set a timer for the next read) would then stop
for good, silently. Rare with a delay of 1 ms (docs/WALL.md, "A wall never freezes
silently", has the measurement), never with :func:`call_after`: it uses the event
loop's own ``call_later``, which is late under load but never skips, and hands the
callback to ``node`` as a message, as ``set_timer`` does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.message_pump import MessagePump


def call_after(node: MessagePump, delay: float, callback: Callable[[], Any]) -> asyncio.TimerHandle:
    """Run ``callback`` on ``node`` after ``delay`` seconds (cancel with ``.cancel()``)."""
    loop = asyncio.get_running_loop()
    return loop.call_later(max(0.0, delay), node.call_later, callback)
