"""Small apps for the server tests, run as ``python _serve_apps.py MODE [ARG]``.

- ``echo``: speaks the web-driver protocol by hand: says what it gets (keys, resize,
  focus) as terminal output, and leaves on "quit" or on the key ``q``.
- ``stubborn``: like echo, but ignores "quit" and SIGTERM (only SIGKILL ends it).
- ``fail``: writes an error and exits 3 before speaking the protocol.
- ``deliver PATH``: a real Textual app that hands PATH to the browser when it starts
  (``App.deliver_binary``), as the History tab's Download does when served.
"""

from __future__ import annotations

import json
import os
import signal
import sys


def _packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def _say(text: str) -> None:
    os.write(1, _packet(b"D", text.encode()))


def _read_exact(size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = os.read(0, size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def echo(stubborn: bool = False) -> None:
    if stubborn:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.write(1, b"__GANGLION__\n")
    _say(f"hello {os.environ['COLUMNS']}x{os.environ['ROWS']} fps={os.environ['TEXTUAL_FPS']}"
         + " " * 600)  # a first "frame"
    try:
        while True:
            head = _read_exact(5)
            payload = _read_exact(int.from_bytes(head[1:], "big"))
            if head[:1] == b"D":
                _say(f"key:{payload.decode()}")
                if payload == b"q" and not stubborn:
                    return
            else:
                meta = json.loads(payload)
                if meta["type"] == "quit" and not stubborn:
                    return
                _say("meta:" + json.dumps(meta, sort_keys=True))
    except EOFError:
        if stubborn:
            signal.pause()


def deliver(path: str) -> None:
    from textual.app import App

    class Deliver(App[None]):
        def on_mount(self) -> None:
            self.deliver_binary(path, open_method="download")

    Deliver().run()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "fail":
        sys.stderr.write("boom: the config is broken\n")
        sys.exit(3)
    elif mode == "deliver":
        deliver(sys.argv[2])
    else:
        echo(stubborn=mode == "stubborn")
