"""A webhook body as JSON, keeping the event when some of its text is broken.

Alohub should send UTF-8 JSON. When a text field is not valid text, the event is still a
call we must not lose (a 4xx would tell Alohub never to send it again), so the bad
characters are replaced with U+FFFD and the event is stored:

- bytes that are not valid in the body's encoding (Latin-1 bytes in a UTF-8 body, say);
  a ``charset`` in the Content-Type is honoured, else JSON's own detection (UTF-8,
  or UTF-16/32 by their byte patterns) is used;
- a lone surrogate escape such as ``"\\ud800"``: valid JSON, but no text a file or
  database can hold. A pair (``"\\ud83d\\ude00"``) is one character and stays.

Only what is not JSON at all is refused (:class:`ValueError` / :class:`RecursionError`).
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A ``\\uD800``-``\\uDFFF`` escape in the JSON text: only then can a lone surrogate exist.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


@dataclass(frozen=True, slots=True)
class DecodedBody:
    value: object
    repaired: bool  # some text was replaced with U+FFFD


def _codec(charset: str | None, body: bytes) -> str:
    if charset:
        try:
            return codecs.lookup(charset).name
        except LookupError:
            pass
    return json.detect_encoding(body)


def _without_surrogates(value: object) -> object:
    if isinstance(value, str):
        return _SURROGATE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {_SURROGATE.sub(REPLACEMENT, k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    return value


def decode_json(body: bytes, charset: str | None = None) -> DecodedBody:
    """The JSON value of ``body``; broken text replaced (see the module docstring)."""
    codec = _codec(charset, body)
    try:
        text, repaired = body.decode(codec), False
    except UnicodeDecodeError:
        text, repaired = body.decode(codec, errors="replace"), True
    text = text.removeprefix("\ufeff")  # a byte-order mark, as json.loads(bytes) allows
    value = json.loads(text)
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):  # rare: walk the value only then
        cleaned = _without_surrogates(value)
        repaired = repaired or cleaned != value
        value = cleaned
    return DecodedBody(value, repaired)
