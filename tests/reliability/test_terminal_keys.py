"""Tab keys as tmux, screen and xterm over SSH send them: alt+digit is ESC then the digit.

Textual 8.2 reads ``ESC 1`` as macOS's Option+1 character ``¡`` (typed into the phone
field); :mod:`alohub_tui.ui.terminal_keys` makes it alt+1. Checked in Textual's parser
and in the app running in a real pty, fed the bytes ``tmux send-keys M-2`` writes.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _faults import KEY
from _pty import PtyApp, app_env
from textual import events
from textual._xterm_parser import XTermParser

from alohub_tui.sim.server import Simulator
from alohub_tui.ui import terminal_keys

TMUX_ALT = {digit: b"\x1b" + digit.encode() for digit in "1234"}  # tmux send-keys M-1..M-4


def parsed_keys(data: str) -> list[str]:
    return [token.key for token in XTermParser().feed(data) if isinstance(token, events.Key)]


def test_the_parser_reads_esc_digit_as_alt_digit() -> None:
    terminal_keys.install()
    assert parsed_keys("\x1b1") == ["alt+1"]
    # One read holding a tab key and what was typed after it: nothing is held back.
    assert parsed_keys("\x1b20912\x1b4") == ["alt+2", "0", "9", "1", "2", "alt+4"]
    assert parsed_keys("\x1b[12~") == ["f2"]  # other sequences as before


@pytest.fixture
def pty_app(sim: Simulator, tmp_path: Path) -> Iterator[PtyApp]:
    app = PtyApp([], app_env(sim, tmp_path, KEY))
    app.start()
    try:
        yield app
    finally:
        app.close()


async def until(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    pytest.fail(f"{what} did not happen")


def requests_to(sim: Simulator, endpoint: str) -> list[dict[str, Any]]:
    return [r for r in sim.requests if r["path"].endswith(endpoint)]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pty")
async def test_alt_digits_from_tmux_switch_tabs_in_the_running_app(
    sim: Simulator, pty_app: PtyApp
) -> None:
    await pty_app.wait_for_output(b"Recent dials")
    await pty_app.wait_for_output(b"Live [F5]")
    pty_app.send(TMUX_ALT["2"])  # History: its first search goes out when it opens
    await until(lambda: bool(requests_to(sim, "/searchCallV2")), "History's search")
    pty_app.send(TMUX_ALT["1"] + b"0912345673\r")  # back to Dial and dial, in one burst
    await until(lambda: bool(requests_to(sim, "/makeCall")), "the dial")
    (call,) = requests_to(sim, "/makeCall")
    assert call["body"]["phoneNumber"] == "0912345673"  # no "¡" or "™" typed before it
