"""The web-driver packet protocol as the server reads it, checked against Textual's own
encoder (``textual._binary_encode.dump``, what an app's WebDriver writes)."""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual._binary_encode import dump

from alohub_tui.serve.protocol import (
    MAX_PACKET,
    ProtocolError,
    data_packet,
    frame,
    meta_packet,
    read_packet,
    unpack,
)

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.binary(max_size=50)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(values)
def test_unpack_reads_what_textual_packs(value: object) -> None:
    assert unpack(dump(value)) == value


def test_a_delivered_chunk() -> None:
    chunk = bytes(range(256)) * 3
    assert unpack(dump(("deliver_chunk", "k3y", chunk))) == ("deliver_chunk", "k3y", chunk)


@pytest.mark.parametrize("broken", [b"", b"x", b"i12", b"5:abc", b"s9:short", b"l", b"tN",
                                    b"ie", b"NN", b"d1:ae", b"dle1:ae", b"-3:abc"])
def test_unpack_refuses_broken_values(broken: bytes) -> None:
    with pytest.raises(ProtocolError):
        unpack(broken)


def reader(data: bytes) -> asyncio.StreamReader:
    stream = asyncio.StreamReader()
    stream.feed_data(data)
    stream.feed_eof()
    return stream


async def test_packets_in_order_then_a_clean_end() -> None:
    stream = reader(data_packet("héllo") + meta_packet({"type": "exit"}) + frame(b"P", b"N"))
    assert await read_packet(stream) == (b"D", "héllo".encode())
    kind, payload = await read_packet(stream) or (b"", b"")
    assert kind == b"M" and json.loads(payload) == {"type": "exit"}
    assert await read_packet(stream) == (b"P", b"N")
    assert await read_packet(stream) is None


@pytest.mark.parametrize("data", [
    b"D\x00\x00",  # the header cut short
    b"D\x00\x00\x00\x09abc",  # the payload cut short
    b"X\x00\x00\x00\x01a",  # not a packet type
    b"D" + (MAX_PACKET + 1).to_bytes(4, "big"),  # absurd size
])
async def test_broken_output_is_a_protocol_error(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        await read_packet(reader(data))
