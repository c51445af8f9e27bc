"""``GET /IPCCMedia/MP3Export.do``: recordings as real MP3 bytes, with Range support."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

from aiohttp import web

from .mp3 import silent_mp3
from .responses import fail

#: Recordings that exist in every simulator, so the vendor's examples work verbatim:
#: ``recording_url.mp3`` (the curl example) and ``file.mp3`` (the webhook example, 300 s).
SAMPLE_RECORDINGS = {"recording_url.mp3": 30, "file.mp3": 300}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RecordingStore:
    """Recording name -> talk seconds, found by full path or bare file name."""

    def __init__(self, initial: Mapping[str, int] | None = None) -> None:
        self._by_path: dict[str, int] = {}
        self._by_name: dict[str, int] = {}
        for path, seconds in {**SAMPLE_RECORDINGS, **(initial or {})}.items():
            self.add(path, seconds)

    def add(self, path: str, seconds: int) -> None:
        self._by_path[path] = seconds
        self._by_name[path.rsplit("/", 1)[-1]] = seconds

    def __len__(self) -> int:
        return len(self._by_path)

    def lookup(self, url: str) -> int | None:
        """Seconds of the recording ``url`` names: a path, a file name, or a full export URL."""
        ref = url.strip()
        if "MP3Export.do" in ref:  # a full export URL passed as the reference
            inner = parse_qs(urlsplit(ref).query).get("url", [""])[0]
            ref = inner.strip()
        ref = ref.lstrip("/")
        if ref in self._by_path:
            return self._by_path[ref]
        return self._by_name.get(ref.rsplit("/", 1)[-1])


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """Inclusive (first, last) for a single-range ``Range`` header.

    Returns None to serve the whole file (absent, malformed or multi-range header) and
    raises ``ValueError`` when the range cannot be satisfied.
    """
    m = _RANGE.match(header.strip())
    if m is None:
        return None
    first, last = m.group(1), m.group(2)
    if not first and not last:
        return None
    if not first:  # suffix: the last N bytes
        n = int(last)
        if n == 0:
            raise ValueError("empty suffix range")
        return max(0, size - n), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise ValueError("range outside the file")
    return start, end


class MediaApi:
    def __init__(self, store: RecordingStore, *, require_source: bool = True) -> None:
        self.store = store
        self._require_source = require_source

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/IPCCMedia/MP3Export.do", self.export, name="recording")]

    async def export(self, request: web.Request) -> web.StreamResponse:
        url = request.query.get("url", "")
        if not url.strip():
            return fail("MISSING_PARAM", "Thiếu tham số url", 400)
        if self._require_source and not request.query.get("source", "").strip():
            return fail("MISSING_PARAM", "Thiếu tham số source (vd source=ipcc)", 400)
        seconds = self.store.lookup(url)
        if seconds is None:
            return fail("NOT_FOUND", f"Không tìm thấy file ghi âm: {url}", 404)
        audio = silent_mp3(seconds)
        size = len(audio)
        name = url.rsplit("/", 1)[-1] or "recording.mp3"
        headers = {
            "Accept-Ranges": "bytes",
            "Content-Disposition": f'inline; filename="{name}"',
        }
        try:
            rng = byte_range(request.headers.get("Range", ""), size)
        except ValueError:
            headers["Content-Range"] = f"bytes */{size}"
            return fail("RANGE_NOT_SATISFIABLE", "Requested range not satisfiable", 416, headers)
        if rng is None:
            return web.Response(body=audio, content_type="audio/mpeg", headers=headers)
        first, last = rng
        headers["Content-Range"] = f"bytes {first}-{last}/{size}"
        return web.Response(
            body=audio[first : last + 1], status=206, content_type="audio/mpeg", headers=headers
        )
