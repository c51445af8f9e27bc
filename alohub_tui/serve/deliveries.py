"""Files an app hands to the browser (a recording's Download or Play, ``App.deliver_*``).

When an app announces a delivery ("deliver_file_start"), the server pulls the whole file
from it at once, chunk by chunk ("deliver_chunk_request", answered by packed
"deliver_chunk" values), into a private folder; only then does the page learn its URL.
The browser thus gets an ordinary file (with its length, and ranges so an audio player
can seek), the app is done with it quickly, and the file goes when its session ends.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import logging
import re
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
CHUNK_TIMEOUT_S = 10.0
MAX_BYTES = 256 * 1024 * 1024  # per delivery; a recording is a few MB
KEY_PATTERN = re.compile(r"[0-9A-Za-z_-]{8,64}")
MIME_PATTERN = re.compile(r"[\w.+-]+/[\w.+-]+")

RequestChunk = Callable[[dict[str, Any]], Awaitable[bool]]


class DeliveryFailed(RuntimeError):
    pass


@dataclass
class Delivery:
    key: str
    session: int
    file_name: str
    mime_type: str
    open_method: str  # "download" or "browser"
    path: Path
    encoding: str = "utf-8"  # of text chunks (App.deliver_text)
    size: int = 0
    chunks: asyncio.Queue[bytes] = field(default_factory=asyncio.Queue)

    def describe(self, url: str) -> dict[str, Any]:
        """What the page is told: where to fetch it and what to do with it."""
        return {"url": url, "name": self.file_name, "mime_type": self.mime_type,
                "open_method": self.open_method, "size": self.size}


def safe_file_name(path_text: str) -> str:
    """The announced path's last part, without anything a header or a disk dislikes."""
    name = Path(str(path_text)).name
    name = re.sub(r"[^\w.\- ]", "_", name).strip(" .")
    return name[:120] or "download"


class Deliveries:
    """Every delivery of every session of one server, in one private folder."""

    def __init__(self) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._by_key: dict[str, Delivery] = {}
        self._ready: set[str] = set()

    @property
    def folder(self) -> Path:
        if self._folder is None:  # mode 0700, removed by close()
            self._folder = tempfile.TemporaryDirectory(prefix="alohub-serve-")
        return Path(self._folder.name)

    async def fetch(self, session: int, meta: dict[str, Any],
                    request_chunk: RequestChunk) -> Delivery:
        """Pull the file ``meta`` announces from the app; the finished delivery."""
        key = str(meta.get("key", ""))
        if not KEY_PATTERN.fullmatch(key) or key in self._by_key:
            raise DeliveryFailed(f"bad delivery key {key!r}")
        method = "browser" if meta.get("open_method") == "browser" else "download"
        encoding = str(meta.get("encoding") or "utf-8")
        try:
            codecs.lookup(encoding)
        except LookupError:
            encoding = "utf-8"
        mime = str(meta.get("mime_type") or "")
        if not MIME_PATTERN.fullmatch(mime):
            mime = "application/octet-stream"
        delivery = Delivery(key, session, safe_file_name(str(meta.get("path", ""))), mime,
                            method, self.folder / key, encoding)
        self._by_key[key] = delivery
        try:
            with delivery.path.open("wb") as out:
                while True:
                    asked = {"type": "deliver_chunk_request", "key": key, "size": CHUNK_SIZE,
                             "name": meta.get("name")}
                    if not await request_chunk(asked):
                        raise DeliveryFailed("the app ended during the delivery")
                    try:
                        chunk = await asyncio.wait_for(delivery.chunks.get(), CHUNK_TIMEOUT_S)
                    except TimeoutError:
                        raise DeliveryFailed("the app stopped sending the file") from None
                    if not chunk:
                        break
                    delivery.size += len(chunk)
                    if delivery.size > MAX_BYTES:
                        raise DeliveryFailed(f"larger than {MAX_BYTES // 2**20} MiB")
                    out.write(chunk)
        except BaseException:
            self._forget(key)
            raise
        self._ready.add(key)
        return delivery

    def chunk_arrived(self, value: Any) -> None:
        """A packed ``("deliver_chunk", key, chunk)`` from an app."""
        if not (isinstance(value, tuple | list) and len(value) == 3
                and value[0] == "deliver_chunk"):
            log.warning("unexpected packed value from an app: %.80r", value)
            return
        _, key, chunk = value
        delivery = self._by_key.get(str(key))
        if delivery is None or key in self._ready:
            return
        if isinstance(chunk, str):
            chunk = chunk.encode(delivery.encoding, errors="replace")
        delivery.chunks.put_nowait(chunk)

    def ready(self, key: str) -> Delivery | None:
        return self._by_key.get(key) if key in self._ready else None

    def end_session(self, session: int) -> None:
        """Remove the files of a session that ended."""
        for key in [k for k, d in self._by_key.items() if d.session == session]:
            self._forget(key)

    def _forget(self, key: str) -> None:
        self._ready.discard(key)
        delivery = self._by_key.pop(key, None)
        if delivery is not None:
            with contextlib.suppress(OSError):
                delivery.path.unlink()

    def close(self) -> None:
        self._by_key.clear()
        self._ready.clear()
        if self._folder is not None:
            with contextlib.suppress(OSError):
                self._folder.cleanup()
            self._folder = None
