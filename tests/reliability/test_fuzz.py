"""Property-based fuzzing: each parser/builder returns a valid value or raises the
project's own error with a message; nothing else escapes.

Complements ``tests/unit`` (which already fuzzes ``CallRecord.from_api``,
``CallEvent.parse`` on JSON values, ``update_queue_body`` and ``normalise_phone``):
here the page/listing parsers, ``make_call_body``, the transactionId check, the config
loader on random TOML, and the webhook path from raw bytes.
"""

from __future__ import annotations

import json
import math
import string
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alohub_tui.api.errors import AlohubError, InvalidInput
from alohub_tui.api.models import Agent, CallRecord, Queue, SearchPage
from alohub_tui.api.payloads import make_call_body
from alohub_tui.api.txn import check_transaction_id
from alohub_tui.config import Config, ConfigError, parse_config
from alohub_tui.webhook.events import CallEvent, WebhookPayloadError

FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text(max_size=30))
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=6),
    max_leaves=25,
)
RECORD_KEYS = ["call_id", "direction", "call_status", "starttime", "answertime", "endtime",
               "total_duration", "holding_duration", "transactionId", "transactionID",
               "recording_url", "agent", "caller_number", "destination_number"]
record_like = st.dictionaries(st.sampled_from(RECORD_KEYS), json_values | st.sampled_from(
    ["2026-11-27 08:00:00", "", "300", "-5", "1e9", "OUTBOUND", "answered"]), max_size=10)
page_like = st.fixed_dictionaries(
    {}, optional={"success": st.sampled_from(["1", "0", 1, True, None]),
                  "data": st.lists(record_like, max_size=4) | json_values,
                  "totalRecord": json_values | st.integers(-5, 10**12)},
)


def assert_own_error(exc: Exception) -> None:
    assert isinstance(exc, AlohubError), type(exc)
    assert exc.message.strip(), "an error without a message"


@FUZZ
@given(json_values | page_like | st.lists(record_like, max_size=4),
       st.integers(1, 10**6), st.integers(1, 1000))  # as SearchCriteria guarantees
def test_search_page_from_any_json(body: Any, page: int, limit: int) -> None:
    try:
        result = SearchPage.from_api(body, page, limit)
    except AlohubError as exc:
        assert_own_error(exc)
        return
    assert all(isinstance(r, CallRecord) for r in result.records)
    assert isinstance(result.total, int) and result.total >= 0
    assert result.page_count >= 0
    assert isinstance(result.has_next, bool)


@FUZZ
@given(json_values | st.dictionaries(st.sampled_from(
    ["userName", "fullName", "name", "extensions", "callinIds", "calloutId", "status",
     "callinId", "callinName", "agentCount"]), json_values, max_size=8))
def test_listing_items_from_any_json(obj: Any) -> None:
    for parse in (Agent.from_api, Queue.from_api):
        try:
            parse(obj)
        except AlohubError as exc:
            assert_own_error(exc)


@FUZZ
@given(json_values, json_values, json_values)
def test_make_call_body_on_anything(phone: Any, ip_phone: Any, txn: Any) -> None:
    try:
        body = make_call_body(phone, ip_phone, txn)
    except InvalidInput as exc:
        assert_own_error(exc)
        return
    assert body["phoneNumber"] == phone.strip() and body["ipPhone"] == ip_phone.strip()
    assert set(body) <= {"phoneNumber", "ipPhone", "transactionId"}
    json.dumps(body)


@FUZZ
@given(st.text(max_size=80))
def test_transaction_id_check(text: str) -> None:
    try:
        value = check_transaction_id(text)
    except InvalidInput as exc:
        assert_own_error(exc)
        return
    assert value == text.strip() and 1 <= len(value) <= 64


# ------------------------------------------------------------------ config loader

toml_scalars = (st.booleans() | st.integers(-(2**63), 2**63 - 1)
                | st.floats(allow_nan=False, allow_infinity=True) | st.text(max_size=20))
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(string.ascii_letters + "_", min_size=1, max_size=10), inner,
                      max_size=3),
    max_leaves=10,
)
KNOWN = {
    "api": ["base_url", "media_url", "api_key_env", "tenant_user", "connect_timeout_s",
            "call_timeout_s", "search_timeout_s", "queue_timeout_s",
            "recording_chunk_timeout_s", "api_key"],
    "dial": ["default_extension", "transaction_prefix", "duplicate_window_s"],
    "history": ["page_size", "downloads_dir"],
    "webhook": ["listen", "key_env"],
    "ui": ["theme", "read_only", "keymap"],
    "catalog": ["agents", "callin_queues", "callout_queues"],
}
known_docs = st.dictionaries(
    st.sampled_from(sorted(KNOWN)) | st.text(min_size=1, max_size=8), st.none(), max_size=4,
).flatmap(lambda sections: st.fixed_dictionaries({
    name: st.dictionaries(st.sampled_from(KNOWN.get(name, ["x"])) | st.text(max_size=6),
                          toml_values, max_size=4) | toml_values
    for name in sections
}))


def check_config(text: str) -> None:
    try:
        cfg = parse_config(text, "fuzz.toml")
    except ConfigError as exc:
        assert str(exc).startswith("fuzz.toml: ") and exc.problem.strip()
        return
    assert isinstance(cfg, Config)
    for name in ("connect_timeout_s", "call_timeout_s", "search_timeout_s"):
        value = getattr(cfg.api, name)
        assert value > 0 and not math.isnan(value)


@FUZZ
@given(known_docs)
def test_config_loader_on_random_documents_with_known_keys(doc: dict[str, Any]) -> None:
    check_config(tomli_w.dumps(doc))


@FUZZ
@given(st.text(max_size=200))
def test_config_loader_on_random_text(text: str) -> None:
    check_config(text)


@FUZZ
@given(st.sampled_from(["[api]\nbase_url = ", "[api]\nconnect_timeout_s = ",
                        "[dial]\nduplicate_window_s = ", "[history]\npage_size = ",
                        "[[catalog.callin_queues]]\nid = ",
                        "[webhook]\nlisten = ", "[ui.keymap]\nx = "]),
       st.sampled_from(["1", "-1", "inf", "nan", "1e400", '"x"', "[]", "{}", "true",
                        '"127.0.0.1:99999"', '"http://"', "9223372036854775807"]))
def test_config_loader_on_edge_values(prefix: str, value: str) -> None:
    check_config(prefix + value + "\n")


# ------------------------------------------------------------------ webhook bytes

@FUZZ
@given(st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_webhook_body_bytes_give_an_event_or_a_payload_error(raw: bytes) -> None:
    """The receiver's path: bytes -> json.loads (400 on failure) -> CallEvent.parse."""
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError):
        return  # the receiver answers 400 "malformed JSON"
    try:
        event = CallEvent.parse(obj)
    except WebhookPayloadError as exc:
        assert str(exc).strip()
        return
    assert event.call_id
    json.dumps(event.to_payload())

