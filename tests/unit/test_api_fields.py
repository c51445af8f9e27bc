"""One reader for the fields of a call: a search result and a webhook post differ only
in the names they use and in what a malformed field does."""

from __future__ import annotations

import pytest

from alohub_tui.api.fields import API_NAMES, CALL_FIELDS
from alohub_tui.api.models import CallRecord
from alohub_tui.webhook.events import CallEvent
from alohub_tui.webhook.samples import call_payload


@pytest.mark.parametrize("step", ["ringing", "answered", "ended", "missed"])
def test_a_webhook_post_reads_the_same_as_a_search_result(step: str) -> None:
    payload = call_payload("c1", step, transaction_id="TXN_1", agent="userName66", hold=4)
    from_search = CallRecord.from_api(payload)
    from_webhook = CallEvent.parse(payload).to_record()
    for name in CALL_FIELDS:
        if name != "source":
            assert getattr(from_webhook, name) == getattr(from_search, name), name
    assert (from_webhook.transaction_id, from_webhook.agent) == ("TXN_1", "userName66")
    assert from_webhook.source == "webhook"


def test_a_malformed_field_is_unknown_in_a_search_result_and_in_an_event() -> None:
    """A search result names the fields it could not read (the screen counts them)."""
    payload = call_payload("c2", "ended", starttime="yesterday", total_duration=[1])
    record = CallRecord.from_api(payload)
    assert (record.call_id, record.starttime, record.total_duration) == ("c2", None, 0)
    assert record.unreadable == ("starttime", "total_duration")
    event = CallEvent.parse(payload)
    assert (event.call_id, event.starttime, event.total_duration) == ("c2", None, 0)


def test_the_detail_view_knows_every_key_the_api_reader_reads() -> None:
    assert {"callId", "callStatus", "transactionID", "transaction_id", "userName",
            "source"} <= API_NAMES.keys()
