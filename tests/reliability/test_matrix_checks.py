"""The matrix's own checks: a ✓ means the right error was shown, and a row's label says
what each column's retries really waited."""

from __future__ import annotations

from _faults import BY_ID, FAST_POLICY, POLICY, RecordingPolicy, kind_check, timing
from _render import waits_label
from _results import Observation

from alohub_tui.api.errors import ApiTimeout, OutcomeUnknown


def test_the_wrong_error_is_a_failed_check() -> None:
    timeout = BY_ID["read-timeout"]
    unknown = OutcomeUnknown("T1", ApiTimeout("read", 0.3))
    assert kind_check(timeout, "makeCall", unknown.message, unknown.title) == []
    plain = ApiTimeout("read", 0.3)  # a timeout shown as if nothing went out
    assert kind_check(timeout, "makeCall", plain.message, plain.title) == [
        "'Timed out' shown, want 'Outcome unknown'",
        "the message does not say 'may have reached' (Outcome unknown)",
    ]
    assert kind_check(timeout, "search", plain.message, None) == []
    assert kind_check(BY_ID["envelope"], "search", "✓ 3 calls", "succeeded") == [
        "succeeded, want 'Alohub refused'"]
    assert kind_check(BY_ID["huge"], "search", "✗ boom", None) == [
        "an error shown (✗ boom), want success"]


def test_labels_say_what_each_kind_of_column_waited() -> None:
    fast = RecordingPolicy(**FAST_POLICY)
    http429 = BY_ID["http429"]
    row = [
        Observation("API client", "search", "http429", "", "", 3,
                    timing=timing(http429, [1.0, 1.0], POLICY)),
        Observation("CLI", "history", "http429", "", "", 3,
                    timing=timing(http429, [0.0, 0.0], fast)),
        Observation("TUI History", "search", "http429", "", "", 3,
                    timing=timing(http429, [0.0, 0.0], fast)),
        Observation("CLI", "call", "http429", "", "", 1, timing=timing(http429, [], fast)),
    ]
    assert waits_label(row) == ("; waits: API client Retry-After 1 s; "
                                "CLI, TUI Retry-After 0 s")
    refused = BY_ID["refused"]
    assert timing(refused, [0.012], fast) == "backoff 0.01–0.02 s"
