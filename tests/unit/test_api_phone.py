import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alohub_tui.api import InvalidInput, PhoneCheck, normalise_phone, validate_extension


@pytest.mark.parametrize(
    "text",
    [
        "0912345678",
        "+84 912 345 678",
        "+84912345678",
        "84912345678",
        "0084 912 345 678",
        "0912.345.678",
        "0912-345-678",
        "(091) 234 5678",
        "  0912345678  ",
        "+84 0912 345 678",
        "912345678",
    ],
)
def test_vietnamese_mobile_forms_normalise_to_national(text: str) -> None:
    assert normalise_phone(text).number == "0912345678"


def test_valid_numbers_have_no_warning() -> None:
    assert normalise_phone("+84 912 345 678") == PhoneCheck("0912345678", None)
    assert normalise_phone("+84 28 3822 1234") == PhoneCheck("02838221234", None)
    assert normalise_phone("1900 1234") == PhoneCheck("19001234", None)


def test_missing_trunk_zero_is_added_with_a_warning() -> None:
    check = normalise_phone("912345678")
    assert check.number == "0912345678"
    assert check.warning and "leading 0" in check.warning


def test_docs_example_number_is_allowed_with_warning() -> None:
    check = normalise_phone("0123456789")
    assert check.number == "0123456789"
    assert check.warning and "not a valid Vietnamese number" in check.warning


@pytest.mark.parametrize("text", ["6688", "113", "888"])
def test_short_numbers_allowed_as_extensions(text: str) -> None:
    check = normalise_phone(text)
    assert check.number == text
    assert check.warning and "Short number" in check.warning


def test_international_kept_in_e164_with_warning() -> None:
    check = normalise_phone("+1 (650) 253-0000")
    assert check.number == "+16502530000"
    assert check.warning and "International" in check.warning
    odd = normalise_phone("+44 123 45")
    assert odd.number == "+4412345" and odd.warning and "not a valid" in odd.warning


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Enter a phone number"),
        ("   ", "Enter a phone number"),
        ("0912abc678", "letters"),
        ("CALL-ME", "letters"),
        ("12", "Too short"),
        ("1234567890123456", "Too long"),
        ("091+2345678", "'+' may only"),
        ("0912#345", "Unexpected character"),
        ("+999 1234 5678", "country code"),
    ],
)
def test_rejections_have_specific_messages(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        normalise_phone(text)
    assert fragment in info.value.message
    assert info.value.field == "phone"


@settings(deadline=None)  # shared CI cores; phonenumbers loads metadata lazily
@given(st.text(max_size=40))
def test_normalise_phone_returns_check_or_invalid_input(text: str) -> None:
    try:
        check = normalise_phone(text)
    except InvalidInput as err:
        assert err.message and "\n" not in err.message
        return
    assert isinstance(check, PhoneCheck)
    assert check.number.lstrip("+").isdigit()
    assert 3 <= len(check.number.lstrip("+")) <= 16


@settings(deadline=None)  # shared CI cores; phonenumbers loads metadata lazily
@given(st.from_regex(r"\+?[0-9 .()-]{0,25}", fullmatch=True))
def test_normalise_phone_on_phone_like_text(text: str) -> None:
    try:
        check = normalise_phone(text)
    except InvalidInput:
        return
    # Separators are gone; anything but a valid Vietnamese number carries a warning.
    assert check.number.lstrip("+").isdigit()
    if check.warning is None:
        assert not check.number.startswith("+")
        assert phonenumbers.is_valid_number(phonenumbers.parse(check.number, "VN"))


@pytest.mark.parametrize("text", ["66", "6688", " 6688 ", "12345678"])
def test_valid_extensions(text: str) -> None:
    assert validate_extension(text) == text.strip()


@pytest.mark.parametrize("text", ["", "6", "123456789", "66a8", "+6688", "٦٦٨٨"])
def test_invalid_extensions(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_extension(text)
    assert info.value.field == "extension"
