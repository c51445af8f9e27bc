import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alohub_tui.api import InvalidInput, make_call_body, update_queue_body


def test_docs_example_exact_body_and_key_order() -> None:
    body = update_queue_body([2, 1, 2], 99999, ["6688"])
    assert body == {
        "action": "EDIT",
        "callinId": [1, 2],
        "calloutId": 99999,
        "lstExtension": ["6688"],
    }
    assert list(body) == ["action", "callinId", "calloutId", "lstExtension"]


def test_callout_omitted_extensions_always_a_list() -> None:
    assert update_queue_body([3]) == {"action": "EDIT", "callinId": [3], "lstExtension": []}
    assert update_queue_body((), extensions=("6689", "6688", "6689"))["lstExtension"] == [
        "6689",
        "6688",
    ]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (([True],), "callinId"),
        ((["1"],), "callinId"),
        (([1.0],), "callinId"),
        (([-1],), "callinId"),
        (([1], False), "calloutId"),
        (([1], -5), "calloutId"),
        (([1], None, ["66a8"]), "lstExtension"),
        (([1], None, [6688]), "lstExtension"),
        (([1], None, ["٦٦٨٨"]), "lstExtension"),  # non-ASCII digits
        (([1], None, "6688"), "lstExtension"),  # a bare string, not a list
        (("12",), "callinId"),
    ],
)
def test_rejections(args: tuple, field: str) -> None:
    with pytest.raises(InvalidInput) as info:
        update_queue_body(*args)
    assert info.value.field == field


@settings(deadline=None)  # timing varies on shared CI cores
@given(
    ids=st.lists(st.integers(min_value=0, max_value=2**31)),
    callout=st.none() | st.integers(min_value=0, max_value=2**31),
    exts=st.lists(st.from_regex(r"[0-9]{2,8}", fullmatch=True)),
)
def test_update_queue_body_properties(ids: list[int], callout: int | None, exts: list[str]) -> None:
    body = update_queue_body(ids, callout, exts)
    expected_keys = [
        "action",
        "callinId",
        *(["calloutId"] if callout is not None else []),
        "lstExtension",
    ]
    assert list(body) == expected_keys
    assert body["action"] == "EDIT"
    assert body["callinId"] == sorted(set(ids))
    assert all(type(i) is int for i in body["callinId"])
    assert body["lstExtension"] == list(dict.fromkeys(exts))
    if callout is not None:
        assert body["calloutId"] == callout


@settings(deadline=None)  # timing varies on shared CI cores
@given(st.lists(st.one_of(st.booleans(), st.text(), st.floats(), st.none(), st.integers())))
def test_update_queue_body_only_invalid_input_escapes(ids: list[object]) -> None:
    try:
        body = update_queue_body(ids)  # type: ignore[arg-type]
    except InvalidInput:
        return
    assert all(type(i) is int and i >= 0 for i in body["callinId"])


def test_make_call_body() -> None:
    assert make_call_body("0123456789", "6688", "ALOHUB_3432323435545") == {
        "phoneNumber": "0123456789",
        "ipPhone": "6688",
        "transactionId": "ALOHUB_3432323435545",
    }
    assert make_call_body("0912345678", "6688", None) == {
        "phoneNumber": "0912345678",
        "ipPhone": "6688",
    }
    with pytest.raises(InvalidInput):
        make_call_body("", "6688", None)
    with pytest.raises(InvalidInput):
        make_call_body("0912345678", " ", None)
