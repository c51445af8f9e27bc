"""Reading a webhook body as JSON with broken text repaired, and the once-a-second log."""

from __future__ import annotations

import logging

import pytest

from alohub_tui.webhook.body import decode_json
from alohub_tui.webhook.log_limit import LogEvery


@pytest.mark.parametrize(("body", "charset", "value", "repaired"), [
    (b'{"a": "x"}', None, {"a": "x"}, False),
    (b'{"a": "\\ud83d\\ude00"}', None, {"a": "\U0001f600"}, False),  # a pair is one character
    (b'{"a": "\\ud800", "\\udfff": ["\\uDBFF"]}', None,
     {"a": "\ufffd", "\ufffd": ["\ufffd"]}, True),  # lone halves, keys and lists too
    (b'{"a": "Nguy\xe9n"}', None, {"a": "Nguy\ufffdn"}, True),
    (b'{"a": "Nguy\xe9n"}', "latin-1", {"a": "Nguy\xe9n"}, False),
    (b'{"a": "Nguy\xe9n"}', "no-such-charset", {"a": "Nguy\ufffdn"}, True),
    ('{"a": "é"}'.encode("utf-16"), None, {"a": "é"}, False),  # detected as JSON does
    (b'\xef\xbb\xbf{"a": 1}', "utf-8", {"a": 1}, False),  # a byte-order mark
])
def test_text_is_read_and_repaired(body: bytes, charset: str | None, value: object,
                                   repaired: bool) -> None:
    decoded = decode_json(body, charset)
    assert (decoded.value, decoded.repaired) == (value, repaired)


@pytest.mark.parametrize("body", [b"", b"call_id=c1", b'{"a": 1', b"\xff\xfe\x00"])
def test_what_is_not_json_is_refused(body: bytes) -> None:
    with pytest.raises(ValueError):
        decode_json(body)


def test_log_every_keeps_one_line_a_second_and_counts_the_rest(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [100.0]
    limit = LogEvery(logging.getLogger("test.limit"), clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="test.limit"):
        for at in (100.0, 100.2, 100.9, 101.0, 101.5, 103.0):
            now[0] = at
            limit.log(logging.WARNING, "disk full for %s", "c1")
    assert caplog.messages == [
        "disk full for c1", "disk full for c1 (and 2 more like it)",
        "disk full for c1 (and 1 more like it)",
    ]
