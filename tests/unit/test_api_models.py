import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alohub_tui.api import (
    Agent,
    BadResponse,
    CallRecord,
    InvalidInput,
    Queue,
    SearchCriteria,
    SearchPage,
)
from alohub_tui.api.fields import CALL_FIELDS
from alohub_tui.vntime import VN_TZ

DOC_RECORD: dict[str, Any] = {
    "call_id": "20210222084953-NSOJCGOO-49278",
    "source": "ipcc",
    "direction": "OUTBOUND",
    "call_status": "answered",
    "starttime": "2021-02-22 08:49:53",
    "answertime": "2021-02-22 08:50:01",
    "endtime": "2021-02-22 08:55:01",
    "total_duration": "308",
    "holding_duration": "0",
    "hangup_by": "customer",
    "recording_url": "2021/02/22/rec.mp3",
    "caller_number": "6688",
    "destination_number": "0912345678",
    "transactionId": "ALOHUB_TUI_1",
    "agent": "userName66",
}


def test_documented_record() -> None:
    rec = CallRecord.from_api(DOC_RECORD)
    assert rec.direction == "outbound"
    assert rec.starttime == datetime(2021, 2, 22, 8, 49, 53)
    assert rec.answertime is not None and rec.answered
    assert (rec.total_duration, rec.holding_duration) == (308, 0)
    assert rec.transaction_id == "ALOHUB_TUI_1"
    assert rec.raw == DOC_RECORD
    assert "raw" not in repr(rec)
    assert hash(rec) == hash(CallRecord.from_api(dict(DOC_RECORD)))


def test_tolerant_variants() -> None:
    rec = CallRecord.from_api(
        {
            "direction": "Inbound",
            "call_status": "WeirdStatus",
            "answertime": "",
            "endtime": None,
            "total_duration": 42,
            "holding_duration": "",
            "transactionID": "TRANSID_1111",
            "caller_number": 912345678,
            "userName": "adminxxx",
        }
    )
    assert rec.direction == "inbound"
    assert rec.call_status == "WeirdStatus"
    assert rec.answertime is None and rec.endtime is None and rec.starttime is None
    assert (rec.total_duration, rec.holding_duration) == (42, 0)
    assert rec.transaction_id == "TRANSID_1111"
    assert rec.caller_number == "912345678"
    assert rec.agent == "adminxxx"
    assert rec.call_id == "" and not rec.answered


def test_iso_time_with_offset_becomes_naive_vietnam_time() -> None:
    rec = CallRecord.from_api(
        {"starttime": "2025-04-13T01:00:00+00:00", "endtime": "0000-00-00 00:00:00"}
    )
    assert rec.starttime == datetime(2025, 4, 13, 8, 0, 0)
    assert rec.endtime is None


@pytest.mark.parametrize("bad", [[], "text", None, 7])
def test_a_record_that_is_not_an_object_raises_bad_response(bad: object) -> None:
    with pytest.raises(BadResponse):
        CallRecord.from_api(bad)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("total_duration", "N/A"),
        ("total_duration", True),
        ("holding_duration", "ten"),
        ("starttime", "yesterday"),
        ("starttime", 42),
        ("answertime", {"at": 1}),
        ("call_id", {"nested": 1}),
        ("agent", ["a"]),
    ],
)
def test_one_bad_field_spoils_that_field_only(field: str, value: object) -> None:
    """The record is kept, the field is blank and named; every other field is read."""
    rec = CallRecord.from_api({**DOC_RECORD, field: value})
    assert rec.unreadable == (field,)
    assert not rec.readable(field) and rec.readable("caller_number")
    good = CallRecord.from_api(DOC_RECORD)
    for name in ("direction", "caller_number", "destination_number", "transaction_id"):
        assert getattr(rec, name) == getattr(good, name)
    assert getattr(rec, field) in ("", None, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13/01/2024 15:00:30", datetime(2024, 1, 13, 15, 0, 30)),
        ("13/01/2024", datetime(2024, 1, 13)),
        (1705132830, datetime(2024, 1, 13, 15, 0, 30)),  # epoch seconds (UTC 08:00:30)
        (1705132830000, datetime(2024, 1, 13, 15, 0, 30)),  # epoch milliseconds
        ("1705132830", datetime(2024, 1, 13, 15, 0, 30)),
    ],
)
def test_unambiguous_time_shapes_are_read(value: object, expected: datetime) -> None:
    rec = CallRecord.from_api({**DOC_RECORD, "starttime": value})
    assert rec.starttime == expected and rec.unreadable == ()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
record_keys = st.sampled_from(
    [
        "call_id",
        "direction",
        "starttime",
        "answertime",
        "total_duration",
        "holding_duration",
        "transactionId",
        "transactionID",
        "agent",
        "recording_url",
    ]
)
time_like = st.from_regex(
    r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?", fullmatch=True
)


@settings(deadline=None)  # timing varies on shared CI cores
@given(json_values | st.dictionaries(record_keys, json_values | time_like))
def test_from_api_returns_record_or_bad_response(obj: object) -> None:
    try:
        rec = CallRecord.from_api(obj)
    except BadResponse:
        assert not isinstance(obj, dict)  # a mapping always gives a record
        return
    assert isinstance(rec, CallRecord)
    assert rec.direction == rec.direction.lower()
    assert set(rec.unreadable) <= set(CALL_FIELDS)
    assert isinstance(rec.total_duration, int) and isinstance(rec.holding_duration, int)


START = datetime(2026, 11, 1, 0, 0, 0, tzinfo=VN_TZ)
END = datetime(2026, 11, 27, 23, 59, 59, tzinfo=VN_TZ)


def test_criteria_payload_exact_fields_and_order() -> None:
    criteria = SearchCriteria(
        START,
        END,
        customer_number="0912345678",
        direction="inbound",
        call_status="answered",
        agents=("userName66",),
        ip_phone="6688",
        transaction_id="ALOHUB_3432323435545",
        page=2,
        limit=50,
    )
    payload = criteria.to_payload()
    assert payload == {
        "starttime": "2026-11-01T00:00:00+07:00",
        "endtime": "2026-11-27T23:59:59+07:00",
        "call_id": "",
        "customer_number": "0912345678",
        "direction": "inbound",
        "call_status": "answered",
        "agent": ["userName66"],
        "ipPhone": "6688",
        "transactionId": "ALOHUB_3432323435545",
        "callType": "",
        "page": 2,
        "limit": 50,
    }
    assert list(payload) == [
        "starttime",
        "endtime",
        "call_id",
        "customer_number",
        "direction",
        "call_status",
        "agent",
        "ipPhone",
        "transactionId",
        "callType",
        "page",
        "limit",
    ]


def test_criteria_times_converted_to_vietnam_offset() -> None:
    utc_start = datetime(2026, 10, 31, 17, 0, 0, 123456, tzinfo=UTC)
    naive_end = datetime(2026, 11, 1, 12, 0, 0)  # naive = Vietnam local
    payload = SearchCriteria(utc_start, naive_end).to_payload()
    assert payload["starttime"] == "2026-11-01T00:00:00+07:00"
    assert payload["endtime"] == "2026-11-01T12:00:00+07:00"
    assert payload["agent"] == [] and payload["transactionId"] == ""


def test_criteria_validation_and_with_page() -> None:
    criteria = SearchCriteria(START, END)
    assert criteria.with_page(3).page == 3 and criteria.page == 1
    for kwargs in ({"page": 0}, {"limit": 0}, {"limit": 100000}, {"agents": "userName66"}):
        with pytest.raises(InvalidInput):
            SearchCriteria(START, END, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        SearchCriteria(END, START)
    with pytest.raises(InvalidInput):
        SearchCriteria("2026-11-01", END)  # type: ignore[arg-type]
    other_tz = datetime(2026, 11, 1, 0, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert SearchCriteria(START, other_tz).end == other_tz


def test_search_page_shapes() -> None:
    env = {"success": "1", "data": [DOC_RECORD, DOC_RECORD], "totalRecord": 5}
    page = SearchPage.from_api(env, page=1, limit=2)
    assert len(page.records) == 2 and page.total == 5 and page.page_count == 3 and page.has_next
    last = SearchPage.from_api({**env, "data": [DOC_RECORD]}, page=3, limit=2)
    assert not last.has_next
    bare = SearchPage.from_api([DOC_RECORD], page=1, limit=50)
    assert bare.total == 1 and not bare.total_exact and not bare.has_next
    bare_full = SearchPage.from_api([DOC_RECORD, DOC_RECORD], page=1, limit=2)
    assert bare_full.has_next
    empty = SearchPage.from_api({"success": "1"}, page=1, limit=50)
    assert empty.records == () and empty.page_count == 1 and not empty.has_next
    as_text = SearchPage.from_api({"data": [], "totalRecord": "0"}, page=1, limit=50)
    assert as_text.total == 0 and as_text.total_exact
    for bad in ({"data": {"x": 1}}, {"data": [], "totalRecord": "many"}, "x", 7):
        with pytest.raises(BadResponse):
            SearchPage.from_api(bad, page=1, limit=50)


@pytest.mark.parametrize(
    "body",
    [
        {"success": "1", "data": [DOC_RECORD], "totalRecord": 1},  # the envelope
        [DOC_RECORD],  # a bare list
        DOC_RECORD,  # a bare record: the seed's only example
        {"success": "1", "data": DOC_RECORD},  # data holding one record
    ],
    ids=["envelope", "bare-list", "bare-record", "data-record"],
)
def test_every_documented_shape_is_one_call(body: object) -> None:
    page = SearchPage.from_api(body, page=1, limit=50)
    assert [r.call_id for r in page.records] == [DOC_RECORD["call_id"]]
    assert not page.has_next


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"result": [DOC_RECORD]}, "keys: result"),
        ({"success": "1", "data": "none"}, "'data' is a string"),
        ({"success": "1", "data": {"items": []}}, "keys: items"),
        ({"success": "1", "totalRecord": 3}, "'totalRecord' is 3 but there is no 'data'"),
        ("OK", "a string instead of call records"),
        (None, "null instead of call records"),
    ],
)
def test_any_other_shape_is_an_error_naming_what_came(body: object, named: str) -> None:
    with pytest.raises(BadResponse, match=re.escape(named)) as err:
        SearchPage.from_api(body, page=1, limit=50)
    assert "\n" not in err.value.message


def test_agent_and_queue_parsing() -> None:
    assert Agent.from_api(
        {"userName": "u66", "fullName": "Agent 66", "lstExtension": ["6688", 6689]}
    ) == Agent("u66", "Agent 66", ("6688", "6689"))
    assert Agent.from_api({"user_name": "u1", "ipPhone": "6601"}) == Agent("u1", "u1", ("6601",))
    assert Queue.from_api({"callinId": 1001226, "callinName": "test"}) == Queue(1001226, "test")
    assert Queue.from_api({"id": "7"}) == Queue(7, "7")
    for bad_agent in ({}, [], {"userName": "u", "extensions": [{"x": 1}]}):
        with pytest.raises(BadResponse):
            Agent.from_api(bad_agent)
    with pytest.raises(BadResponse):
        Queue.from_api({"callinId": "abc"})
