"""How a call record is written out: CLI table, CSV and JSON share these columns."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from alohub_tui.api.models import CallRecord
from alohub_tui.vntime import fmt_duration, wire_text

CSV_HEADERS = (
    "call_id",
    "starttime",
    "answertime",
    "endtime",
    "direction",
    "call_status",
    "caller_number",
    "destination_number",
    "agent",
    "total_duration",
    "holding_duration",
    "hangup_by",
    "transactionId",
    "recording_url",
)

TABLE_HEADERS = ("start", "dir", "status", "caller", "destination", "agent", "dur", "txn")


def csv_row(record: CallRecord) -> list[str]:
    return [
        record.call_id,
        wire_text(record.starttime),
        wire_text(record.answertime),
        wire_text(record.endtime),
        record.direction,
        record.call_status,
        record.caller_number,
        record.destination_number,
        record.agent,
        str(record.total_duration),
        str(record.holding_duration),
        record.hangup_by,
        record.transaction_id,
        record.recording_url,
    ]


def json_record(record: CallRecord) -> dict[str, Any]:
    return dict(zip(CSV_HEADERS, csv_row(record), strict=True))


def table_row(record: CallRecord) -> list[str]:
    return [
        wire_text(record.starttime),
        record.direction[:3],
        record.call_status,
        record.caller_number,
        record.destination_number,
        record.agent,
        fmt_duration(record.total_duration),
        record.transaction_id,
    ]


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def recording_file_name(ref: str, call_id: str = "") -> str:
    """A safe local file name for a recording: the call id, else the reference's name."""
    if call_id:
        return _UNSAFE.sub("_", call_id) + ".mp3"
    parts = urlsplit(ref)
    inner = parse_qs(parts.query).get("url", [""])[0] if parts.query else ""
    name = (inner or parts.path or ref).rstrip("/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip("._") or "recording"
    return name if name.lower().endswith(".mp3") else name + ".mp3"
