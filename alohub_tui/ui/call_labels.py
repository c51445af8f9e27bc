"""How one call is shown: table cells and detail rows (Rich text, no Textual).

Status is never colour alone: every status cell starts with a glyph and carries the
word, so it reads the same on a monochrome terminal or in a screenshot.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from alohub_tui.api.clean import clean_text
from alohub_tui.api.fields import API_NAMES
from alohub_tui.api.models import CallRecord
from alohub_tui.vntime import MINUTE_DISPLAY, fmt_duration, wire_text

_DIRECTIONS = {"inbound": "← in", "outbound": "→ out"}
_STATUS_LOOK = {
    "answered": ("✓", "green"),
    "missed": ("✗", "red"),
    "busy": ("⊘", "yellow"),
    "noanswer": ("○", "yellow"),
    "failed": ("⚠", "red"),
}
_KNOWN_RAW = API_NAMES.keys()  # shown as fields; any other key is listed as extra


def direction_text(direction: str) -> str:
    """``← in`` / ``→ out``; anything else verbatim (or ``?``)."""
    return _DIRECTIONS.get(direction, direction or "?")


def status_text(status: str) -> Text:
    """Glyph and word, coloured when the status is known (``· other`` otherwise)."""
    glyph, style = _STATUS_LOOK.get(status.lower(), ("·", ""))
    return Text(f"{glyph} {status or 'unknown'}", style=style)


def short_time(moment: datetime | None) -> str:
    """``27/11 15:04`` for the table (the detail shows the full time)."""
    return moment.strftime(MINUTE_DISPLAY) if moment else ""


def hangup_text(hangup_by: str) -> str:
    return hangup_by or "—"


def recording_mark(record: CallRecord) -> str:
    return "♪" if record.recording_url else ""


def duration_text(record: CallRecord, now: datetime | None) -> str:
    """The duration; for a call in progress, how long so far at ``now`` (it ticks)."""
    if now is not None and not record.final:
        so_far = record.seconds_so_far(now)
        doing = "talking" if record.answered else "ringing"
        return f"{fmt_duration(so_far)} so far ({doing}, in progress)"
    return f"{fmt_duration(record.total_duration)} ({record.total_duration} s)"


def detail_rows(record: CallRecord, now: datetime | None = None) -> list[tuple[str, str | Text]]:
    """Every field of the record, then any extra field the server sent, as label/value.
    ``now`` (naive Vietnam time): a call in progress shows its duration so far."""
    rows: list[tuple[str, str | Text]] = [
        ("Call id", record.call_id),
        ("Status", status_text(record.call_status)),
        ("Direction", f"{direction_text(record.direction)} ({record.direction or '?'})"),
        ("Start", wire_text(record.starttime) or "—"),
        ("Answered", wire_text(record.answertime) or "not answered"),
        ("End", wire_text(record.endtime) or ("—" if record.final else "in progress")),
        ("Duration", duration_text(record, now)),
        ("On hold", f"{fmt_duration(record.holding_duration)} ({record.holding_duration} s)"),
        ("Hung up by", hangup_text(record.hangup_by)),
        ("Caller", record.caller_number or "—"),
        ("Destination", record.destination_number or "—"),
        ("Agent", record.agent or "—"),
        ("Txn id", record.transaction_id or "—"),
        ("Source", record.source or "—"),
        ("Recording", record.recording_url or "none"),
    ]
    for key in sorted(set(record.raw) - _KNOWN_RAW):
        value = record.raw[key]
        rows.append((clean_text(key), "" if value is None else clean_text(str(value))))
    return rows
