"""Webhook payloads in the documented shape, for tests, demos and the Live tab's Pilot tests.

Each call goes through the posts Alohub sends: ``ringing`` (nothing known yet),
``answered`` (picked up, ``endtime`` still ``""``), then an end: ``ended`` (answered and
hung up) or one of the not-answered endings (``missed``, ``busy``, ``noanswer``, ...).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..vntime import wire_text
from .events import CallEvent

DEFAULT_START = datetime(2024, 1, 13, 15, 0, 30)


def call_payload(
    call_id: str,
    step: str = "ended",
    *,
    start: datetime = DEFAULT_START,
    ring: int = 5,
    talk: int = 60,
    hold: int = 0,
    agent: str = "agent1",
    transaction_id: str = "",
    direction: str = "outbound",
    **overrides: Any,
) -> dict[str, Any]:
    """One post for ``call_id`` at ``step``: ringing, answered, ended, or a missed status.

    ``ring`` is seconds until the answer (or until the end of a missed call), ``talk``
    seconds from answer to end. ``overrides`` replace payload keys verbatim.
    """
    answered = step in ("answered", "ended")
    ended = step not in ("ringing", "answered")
    answer_at = start + timedelta(seconds=ring) if answered else None
    end_at = None
    if ended:
        end_at = answer_at + timedelta(seconds=talk) if answer_at else start + timedelta(
            seconds=ring
        )
    status = {"ringing": "ringing", "answered": "answered", "ended": "answered"}.get(step, step)
    payload: dict[str, Any] = {
        "call_id": call_id,
        "call_status": status,
        "direction": direction,
        "caller_number": "0912345678",
        "destination_number": "6688",
        "starttime": wire_text(start),
        "answertime": wire_text(answer_at),
        "endtime": wire_text(end_at),
        "hangup_by": "customer" if ended else "",
        "hotline": "",
        "total_duration": str(int((end_at - start).total_seconds())) if end_at else "0",
        "holding_duration": str(hold),
        "recording_url": f"https://media.example:1777/IPCCMedia/MP3Export.do?url={call_id}.mp3"
        "&source=ipcc" if answered and ended else "",
        "objectId": 1,
        "transactionID": transaction_id,
        "userName": agent,
        "eventType": "call",
    }
    payload.update(overrides)
    return payload


def call_event(call_id: str, step: str = "ended", **kwargs: Any) -> CallEvent:
    """:func:`call_payload` parsed into a :class:`CallEvent`."""
    return CallEvent.parse(call_payload(call_id, step, **kwargs))
