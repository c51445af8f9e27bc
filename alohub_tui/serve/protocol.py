"""The pipe protocol of Textual's web driver, as the server side speaks it.

An app started with ``TEXTUAL_DRIVER=textual.drivers.web_driver:WebDriver`` writes the
line ``__GANGLION__`` to stdout, then only packets: one type byte, a 4-byte big-endian
length, the payload. ``D`` is terminal output (bytes for xterm), ``M`` a JSON object
("exit", "open_url", "deliver_file_start"), ``P`` a packed value (a file chunk being
delivered, see :func:`unpack`). The server writes the same framing to the app's stdin:
``D`` for keys and mouse (what xterm sends), ``M`` for "resize", "focus", "blur", "quit"
and "deliver_chunk_request".
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

READY_LINE = b"__GANGLION__\n"
DATA, META, PACKED = b"D", b"M", b"P"
#: The largest packet we accept from an app (a frame of a very large screen is ~1 MB).
MAX_PACKET = 32 * 1024 * 1024


class ProtocolError(ValueError):
    """The app wrote something that is not a packet (or an undecodable packed value)."""


def frame(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def data_packet(text: str) -> bytes:
    return frame(DATA, text.encode("utf-8"))


def meta_packet(meta: dict[str, Any]) -> bytes:
    return frame(META, json.dumps(meta).encode("utf-8"))


async def read_packet(stream: asyncio.StreamReader) -> tuple[bytes, bytes] | None:
    """The next ``(kind, payload)``, or None at a clean end of the stream."""
    try:
        head = await stream.readexactly(5)
    except asyncio.IncompleteReadError as exc:
        if exc.partial:
            raise ProtocolError("the app's output ended inside a packet") from None
        return None
    kind, size = head[:1], int.from_bytes(head[1:], "big")
    if kind not in (DATA, META, PACKED) or size > MAX_PACKET:
        raise ProtocolError(f"not a packet: type {kind!r}, {size} bytes")
    try:
        return kind, await stream.readexactly(size)
    except asyncio.IncompleteReadError:
        raise ProtocolError("the app's output ended inside a packet") from None


def unpack(encoded: bytes) -> Any:
    """Decode a ``P`` payload: Textual's bencode-like format.

    ``N`` None, ``T``/``F`` booleans, ``i<n>e`` ints, ``<len>:<bytes>`` bytes,
    ``s<len>:<utf-8>`` strings, ``l…e`` lists, ``t…e`` tuples, ``d…e`` dicts.
    """
    value, end = _decode(encoded, 0)
    if end != len(encoded):
        raise ProtocolError("trailing data after a packed value")
    return value


def _length(data: bytes, pos: int) -> tuple[int, int]:
    colon = data.find(b":", pos)
    if colon < 0 or not data[pos:colon].isdigit():
        raise ProtocolError(f"bad length at {pos}")
    size, start = int(data[pos:colon]), colon + 1
    if start + size > len(data):
        raise ProtocolError(f"a value at {pos} runs past the end")
    return start, start + size


def _decode(data: bytes, pos: int) -> tuple[Any, int]:
    tag = data[pos:pos + 1]
    if not tag:
        raise ProtocolError("packed value ends early")
    if tag in (b"N", b"T", b"F"):
        return {b"N": None, b"T": True, b"F": False}[tag], pos + 1
    if tag == b"i":
        end = data.find(b"e", pos)
        try:
            return int(data[pos + 1:end]), end + 1
        except ValueError:
            raise ProtocolError(f"bad integer at {pos}") from None
    if tag.isdigit():
        start, end = _length(data, pos)
        return data[start:end], end
    if tag == b"s":
        start, end = _length(data, pos + 1)
        return data[start:end].decode("utf-8", errors="replace"), end
    if tag in (b"l", b"t", b"d"):
        items: list[Any] = []
        pos += 1
        while data[pos:pos + 1] != b"e":
            item, pos = _decode(data, pos)
            items.append(item)
        pos += 1
        if tag == b"l":
            return items, pos
        if tag == b"t":
            return tuple(items), pos
        if len(items) % 2:
            raise ProtocolError("a packed dict has a key without a value")
        try:
            return dict(zip(items[::2], items[1::2], strict=True)), pos
        except TypeError:  # a list as a key
            raise ProtocolError("a packed dict has an unhashable key") from None
    raise ProtocolError(f"unknown packed type {tag!r} at {pos}")
