"""A dial: what one user action of dialling did, and what is known of its call since.

makeCall answers only "accepted" or "refused"; what happened to the call afterwards is
found by looking it up by transactionId in searchCallV2 (or from a webhook). This
module holds the record kept per dial (saved in the profile's local store), its outcomes
and their glyphs, and how makeCall's answer, a found call record or a webhook event
becomes an outcome.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from alohub_tui.api.errors import AlohubError, OutcomeUnknown, VendorError
from alohub_tui.api.models import CallRecord
from alohub_tui.webhook.events import CallEvent

# What the dial itself did.
SENDING = "sending"
SENT = "sent"  # accepted by the server; tracking the call
REFUSED = "refused"  # the server answered with a failure envelope
FAILED = "failed"  # never reached the server, or an HTTP error: nothing rang
UNKNOWN = "unknown"  # may have reached the server: looking it up, never re-sent
NOT_FOUND = "not found"  # tracked for long enough and no call appeared

IN_CALL = "in call"

GLYPHS = {
    SENDING: "…", SENT: "→", REFUSED: "✗", FAILED: "✗", UNKNOWN: "?", NOT_FOUND: "?",
    "ringing": "☎", IN_CALL: "☎", "answered": "✓", "missed": "✗", "busy": "✗", "noanswer": "✗",
}

STALE_AFTER = timedelta(minutes=15)


@dataclass
class Dial:
    """One user action of dialling, and what is known of the call since."""

    placed_at: datetime  # local Vietnam time, naive
    number: str
    extension: str
    transaction_id: str
    outcome: str = SENDING
    detail: str = ""
    call_id: str = ""
    duration: int = 0
    recording_url: str = ""
    final: bool = False
    answered_at: datetime | None = None  # local Vietnam time, naive

    def live_duration(self, now: datetime) -> int | None:
        """Seconds since the answer of a call still in progress (ticks on the Dial tab);
        None once it ended or while it is not answered."""
        if self.final or self.outcome != IN_CALL or self.answered_at is None:
            return None
        return max(self.duration, int((now - self.answered_at).total_seconds()))

    @property
    def label(self) -> str:
        """The outcome as glyph + word (never colour alone)."""
        return f"{GLYPHS.get(self.outcome, '•')} {self.outcome}"

    def to_state(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for name in ("placed_at", "answered_at"):
            moment = getattr(self, name)
            data[name] = moment.isoformat(timespec="seconds") if moment else None
        return data

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Dial | None:
        """Rebuild a persisted dial; ``None`` for an entry that is not one."""
        try:
            names = {f.name for f in dataclasses.fields(cls)}
            values = {k: v for k, v in data.items() if k in names}
            values["placed_at"] = datetime.fromisoformat(str(values["placed_at"]))
            answered = values.get("answered_at")
            values["answered_at"] = datetime.fromisoformat(str(answered)) if answered else None
            return cls(**values)
        except (KeyError, TypeError, ValueError):
            return None

    def answered(self, error: AlohubError | None) -> None:
        """Take makeCall's answer: accepted (``None``), refused, failed, or unknown."""
        if error is None:
            self.outcome = SENT
        elif isinstance(error, OutcomeUnknown):
            self.outcome, self.detail = UNKNOWN, error.message
        elif isinstance(error, VendorError):
            self.outcome, self.detail, self.final = REFUSED, error.message, True
        else:
            self.outcome, self.detail, self.final = FAILED, error.message, True

    def apply_record(self, record: CallRecord) -> None:
        """Take the outcome from the call as the server now reports it."""
        status = (record.call_status or "").lower()
        self.call_id = record.call_id or self.call_id
        self.duration = record.total_duration
        self.recording_url = record.recording_url
        self.final = record.final
        self.answered_at = record.answertime
        if status == "answered" and not self.final:
            self.outcome = IN_CALL
        else:
            self.outcome = status or ("ended" if self.final else "ringing")
        self.detail = f"call {record.call_id}" if record.call_id else ""

    def apply_event(self, event: CallEvent) -> bool:
        """Take the outcome from a webhook event of this dial's call (matched by
        transactionID). An event that would move a final dial backwards (a late "answered"
        after the end) is ignored. Returns whether the dial changed."""
        if self.final and not event.is_final:
            return False
        before = dataclasses.astuple(self)
        self.apply_record(event.to_record())
        return dataclasses.astuple(self) != before

    def give_up(self, now: datetime, lookup_error: str = "") -> bool:
        """Stop tracking a call no look-up has found for :data:`STALE_AFTER`.

        ``lookup_error``: the last look-up failed (an answer that could not be read, a
        refusal...): then the call is not said to be missing, only not looked up.
        """
        if self.final or now - self.placed_at < STALE_AFTER:
            return False
        if self.outcome in (SENT, UNKNOWN):
            if lookup_error:
                self.detail = f"could not be looked up: {lookup_error}"
            else:
                self.outcome = NOT_FOUND
                self.detail = "no call with this transactionId appeared in the history"
        self.final = True
        return True
