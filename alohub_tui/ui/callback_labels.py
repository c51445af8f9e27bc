"""How the Callbacks tab words things: its status line, a row's cells and the highlighted
item in full (Rich only). Cleared items are dimmed; status is a glyph and a word."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text

from alohub_tui.callbacks.desk import CallbackDesk
from alohub_tui.callbacks.sources import SEARCH, SOURCE_LABELS
from alohub_tui.callbacks.text import state_text, summary_text, waiting_text
from alohub_tui.callbacks.worklist import Callback
from alohub_tui.vntime import CLOCK_DISPLAY

HHMM = "%H:%M"
WAITING = "Callbacks: waiting for the call source…"


def status_text(desk: CallbackDesk | None, now: datetime, error: str | None) -> Text:
    """``☎ 3 open · oldest 42 min · from <source> (<why>) · you: An``, and a problem."""
    text = Text()
    if desk is None:
        text.append(WAITING)
    elif not desk.source_name:
        text.append(f"⚠ No source: {desk.choice.why}.", style="bold")
    else:
        text.append(f"☎ {summary_text(desk.worklist, now)}", style="bold")
        source = SOURCE_LABELS[desk.source_name]
        if desk.source_name == SEARCH:
            read = desk.read_at.strftime(CLOCK_DISPLAY) if desk.read_at else "not yet"
            source += f" every {desk.settings.search_interval_s} s, read {read}"
        text.append(f" · from {source} ({desk.choice.why}) · you: {desk.operator}")
        if desk.worklist.no_number:
            text.append(f" · {desk.worklist.no_number} missed without a number")
    if error:
        text.append(f"\n⚠ {error}")
    return text


def row_cells(item: Callback, now: datetime, me: str,
              columns: Sequence[str]) -> tuple[str | Text, ...]:
    """The cells of ``columns`` (number, times, hotline, waiting, state) for one item."""
    number = f"{item.number} ×{item.count}" if item.count > 1 else item.number
    times = (f"{item.first:{HHMM}}–{item.last:{HHMM}}" if item.count > 1
             else f"{item.first:{HHMM}}")
    cells = {"number": number, "times": times, "hotline": item.hotline,
             "waiting": waiting_text(item, now), "state": state_text(item, now, me)}
    values = tuple(cells[key] for key in columns)
    if item.is_open:
        return values
    return tuple(Text(value, style="dim") for value in values)


def detail_text(item: Callback, now: datetime, me: str) -> str:
    """Two lines: the item in full, then its state and the keys that apply to it."""
    missed = (f"{item.count} missed calls, {item.first:{HHMM}} to {item.last:{HHMM}}"
              if item.count > 1 else f"missed at {item.first:{HHMM}}")
    hotline = f" · hotline {item.hotline}" if item.hotline else ""
    state = state_text(item, now, me)
    if item.is_open and item.claim is None:
        state += " · Enter: claim and dial"
    elif item.claim is not None and item.claim.operator == me:
        state += " · Enter: dial · u: release"
    elif item.closing is not None and item.closing.manual:
        state += " · o: reopen"
    waited = "waiting" if item.is_open else "waited"
    return f"{item.number} · {missed}{hotline} · {waited} {waiting_text(item, now)}\n{state}"
