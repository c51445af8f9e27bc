"""Phone number and extension checks for Vietnam (pure; phonenumbers, region VN).

Invalid-looking numbers are allowed with a warning rather than refused: extensions,
service numbers and test numbers (the vendor docs' own ``0123456789``) are real.

phonenumbers is imported by the functions that use it, not at the top: the Dial tab
imports this module before the TUI's first frame, and loading phonenumbers and its
metadata takes tens of milliseconds (the app calls :func:`warm_up` after that frame).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InvalidInput

if TYPE_CHECKING:
    import phonenumbers

REGION = "VN"
VN_CODE = "84"
MIN_DIGITS = 3
MAX_DIGITS = 15  # E.164
MAX_SHORT = 8  # extensions, 1900/1800 and emergency numbers
_SEPARATORS = frozenset(" .-()\t")
_EXTENSION = re.compile(r"[0-9]{2,8}")
#: What an extension is, for the messages that refuse one.
EXTENSION_RULE = "An extension is 2 to 8 digits"


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    """``number`` is what to send: national form ``0...`` or E.164 ``+CC...`` abroad."""

    number: str
    warning: str | None = None


def _check_characters(text: str) -> None:
    """Refuse what no phone number holds: a letter, a '+' after the start, a symbol."""
    for index, char in enumerate(text):
        if char.isalpha():
            raise InvalidInput("phone", f"A phone number cannot contain letters: {text!r}.")
        if char == "+" and index == 0:
            continue
        if char == "+":
            raise InvalidInput("phone", "'+' may only appear at the start of a phone number.")
        if not ("0" <= char <= "9" or char in _SEPARATORS):
            raise InvalidInput("phone", f"Unexpected character {char!r} in phone number.")


def _digits(text: str) -> str:
    """The ASCII digits of ``text``; any other character than separators is refused."""
    _check_characters(text)
    digits = "".join(c for c in text if "0" <= c <= "9")
    if len(digits) < MIN_DIGITS:
        raise InvalidInput("phone", f"Too short: a phone number needs {MIN_DIGITS}+ digits.")
    if len(digits) > MAX_DIGITS:
        raise InvalidInput("phone", f"Too long: a phone number has at most {MAX_DIGITS} digits.")
    return digits


def _international(digits: str, plus: bool) -> str | None:
    """Digits after the country code prefix (+, 00, or a bare 84 on a full-length number)."""
    if plus:
        return digits
    if digits.startswith("00") and len(digits) > 4:
        return digits[2:]
    if digits.startswith(VN_CODE) and len(digits) in (11, 12):
        return digits
    return None


def _national_text(number: phonenumbers.PhoneNumber) -> str:
    import phonenumbers

    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return re.sub(r"[^0-9]", "", formatted)


def _check_vietnam(national: str) -> PhoneCheck:
    """``national`` is digits as dialled inside Vietnam (usually starting with 0)."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(national, REGION)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        number = _national_text(parsed)
        if not national.startswith("0") and number.startswith("0"):
            return PhoneCheck(number, f"Read as {number} (added the leading 0).")
        return PhoneCheck(number)
    if not national.startswith("0") and len(national) <= MAX_SHORT:
        return PhoneCheck(national, "Short number: dialled as an extension or service number.")
    return PhoneCheck(
        national,
        f"{national} is not a valid Vietnamese number; it will be dialled as typed.",
    )


def _check_abroad(intl: str) -> PhoneCheck:
    import phonenumbers

    try:
        parsed = phonenumbers.parse("+" + intl, None)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            message = f"+{intl} does not start with a known country code."
        else:
            message = f"+{intl} is too short or not a phone number."
        raise InvalidInput("phone", message) from None
    code = str(parsed.country_code)
    if code == VN_CODE:
        rest = intl[len(code) :]
        # "+84 0912..." is a common way of writing it: drop the redundant trunk 0.
        return _check_vietnam("0" + rest.removeprefix("0"))
    number = "+" + intl
    warning = f"International number (+{code}): check that calls abroad are allowed."
    if not phonenumbers.is_valid_number(parsed):
        warning = f"+{intl} is not a valid number for country code +{code}; dialled as typed."
    return PhoneCheck(number, warning)


def normalise_phone(text: str) -> PhoneCheck:
    """Normalise a typed number; raises :class:`InvalidInput` with a specific message.

    ``"+84 912 345 678"``, ``"84912345678"`` and ``"0912.345.678"`` all give
    ``"0912345678"``. Other countries keep E.164 (``+16502530000``) with a warning.
    """
    if not isinstance(text, str):
        raise InvalidInput("phone", "The phone number must be text.")
    stripped = text.strip()
    if not stripped:
        raise InvalidInput("phone", "Enter a phone number.")
    digits = _digits(stripped)
    intl = _international(digits, stripped.startswith("+"))
    if intl is None:
        return _check_vietnam(digits)
    return _check_abroad(intl)


def phone_filter(text: str) -> str:
    """A search's phone filter as typed, without separators: any part of a number may be
    searched, but a letter or symbol is refused (no number holds it, so the search could
    only find nothing)."""
    value = text.strip()
    _check_characters(value)
    if value and not any("0" <= char <= "9" for char in value):
        raise InvalidInput("phone", f"A phone number is digits, e.g. 0912345678; got {text!r}.")
    return "".join(char for char in value if char not in _SEPARATORS)


def warm_up() -> None:
    """Load phonenumbers and Vietnam's metadata now, so the first check is quick."""
    normalise_phone("0912345678")


def validate_extension(text: str) -> str:
    """An agent's IP phone extension: 2 to 8 digits, surrounding spaces ignored."""
    value = text.strip() if isinstance(text, str) else ""
    if not value:
        raise InvalidInput("extension", "Enter an extension (the agent's IP phone number).")
    if not _EXTENSION.fullmatch(value):
        raise InvalidInput("extension", f"{EXTENSION_RULE}, got {value!r}.")
    return value
