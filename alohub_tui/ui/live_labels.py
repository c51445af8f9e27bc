"""How a live call is shown: cells of the feed and status words with glyphs (Rich only).

Status is never colour alone: each cell is a glyph and a word, so it reads the same on
a monochrome wall screen or in a screenshot.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from alohub_tui.live.feed import RINGING, TALKING, live_status
from alohub_tui.ui.call_labels import direction_text, status_text
from alohub_tui.vntime import fmt_duration, short_when
from alohub_tui.webhook.events import CallEvent, Stage

_LIVE_LOOK = {RINGING: ("☎", "bold yellow"), TALKING: ("●", "bold cyan")}
IDLE = "idle"


def live_status_text(status: str) -> Text:
    """``☎ ringing``, ``● talking``, else the ended status as History shows it."""
    look = _LIVE_LOOK.get(status)
    if look is not None:
        return Text(f"{look[0]} {status}", style=look[1])
    if status == IDLE:
        return Text("· idle", style="dim")
    return status_text(status)


def call_time(event: CallEvent, today: date) -> str:
    """``15:04:05`` today, ``12/01 15:04`` another day; blank when unknown."""
    start = event.starttime
    if start is None:
        return ""
    return short_when(start, today)


def call_duration(event: CallEvent) -> str:
    """Total duration once ended; ``…`` while in progress."""
    if event.stage is not Stage.ENDED:
        return "…"
    return fmt_duration(event.total_duration)


def feed_cell(column: str, event: CallEvent, today: date) -> str | Text:
    """The text of ``column`` (a key of the feed table) for ``event``."""
    if column == "time":
        return call_time(event, today)
    if column == "direction":
        return direction_text(event.direction)
    if column == "status":
        return live_status_text(live_status(event))
    if column == "caller":
        return Text(event.caller_number)
    if column == "destination":
        return Text(event.destination_number)
    if column in ("customer", "hotline"):
        inbound = event.direction == "inbound"
        ours, theirs = ((event.destination_number, event.caller_number) if inbound
                        else (event.caller_number, event.destination_number))
        return Text(theirs if column == "customer" else ours)
    if column == "agent":
        return Text(event.user_name or "—")
    if column == "duration":
        return call_duration(event)
    raise KeyError(column)
