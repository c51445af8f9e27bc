"""Text from the API and the webhook reaches the screen without control characters."""

from __future__ import annotations

from alohub_tui.api import CallRecord
from alohub_tui.api.clean import clean_text
from alohub_tui.api.errors import vendor_fields
from alohub_tui.ui.call_labels import detail_rows
from alohub_tui.webhook.events import CallEvent

CLEAR_SCREEN = "\x1b[2J"
SET_TITLE = "\x1b]0;pwned\x07"


def test_clean_text_drops_controls_and_keeps_the_rest() -> None:
    assert clean_text(f" Nam{CLEAR_SCREEN} ") == "Nam[2J"
    assert clean_text(f"{SET_TITLE}Lan") == "]0;pwnedLan"
    assert clean_text("a\tb\nc\r") == "a b c"
    assert clean_text("bell\x07 del\x7f c1\x9b") == "bell del c1"
    assert clean_text("Nguyễn Thị\u00a0Lan ☎") == "Nguyễn Thị\u00a0Lan ☎"  # kept
    assert clean_text("0912345678") == "0912345678"


def test_call_records_are_cleaned_where_they_are_parsed() -> None:
    record = CallRecord.from_api({
        "call_id": f"c1{CLEAR_SCREEN}", "agent": f"{SET_TITLE}userName66",
        "caller_number": "0912\x1b[1A345678", "starttime": "2026-11-27 10:00:00",
        "note": f"extra{CLEAR_SCREEN}", f"odd{CLEAR_SCREEN}key": "x",
    })
    assert record.call_id == "c1[2J"
    assert record.agent == "]0;pwneduserName66"
    assert record.caller_number == "0912[1A345678"
    shown = "".join(f"{label}{value}" for label, value in detail_rows(record))
    assert "\x1b" not in shown and "\x07" not in shown
    assert "extra[2J" in shown


def test_webhook_events_and_vendor_errors_are_cleaned() -> None:
    event = CallEvent.parse({"call_id": "c2", "userName": f"agent{CLEAR_SCREEN}",
                             "caller_number": "09\x0812"})
    assert (event.user_name, event.caller_number) == ("agent[2J", "0912")
    assert vendor_fields({"error_code": "E1", "error_message": f"bad{SET_TITLE}"}) == (
        "E1", "bad]0;pwned")
