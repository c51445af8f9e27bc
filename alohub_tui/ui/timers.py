"""A one-shot timer that always fires, for code that re-arms itself.

Textual's ``set_timer(delay, callback)`` is a ``Timer(repeat=0, skip=True)``: when its
task wakes up later than ``delay`` (a busy event loop, another thread holding the GIL),
the *skip* logic counts the tick as missed and the timer ends without ever calling
``callback``. A loop that re-arms itself from its own callback (read, then set a timer
for the next read) then stops for good, silently: that is how the wall froze at 4,575
calls while its clock went on (docs/WALL.md). :func:`call_after` uses the event loop's
own ``call_later``, which is late under load but never skips, and hands the callback
to ``node`` as a message, as ``set_timer`` does.
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
