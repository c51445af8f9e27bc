"""Downloading a recording (MP3Export.do), deciding by its bytes what came.

Tenants label recordings loosely (``application/force-download``,
``application/x-download``, ``application/octet-stream``, even ``text/plain``), and an
error may come as a 200 HTML or JSON page labelled ``audio/mpeg``. So the label is not
read: the first bytes are. An MP3 (an ID3 tag or an MPEG frame sync) is a recording,
as are the WAV and Ogg containers; a JSON body is Alohub's envelope (its refusal is
shown) or an error; an HTML page, an empty body or other bytes are errors. A 404 means
the recording is not there (Alohub keeps recordings for a limited time), not a wrong
base URL.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from pathlib import Path

import httpx

from ..digits import whole_number
from ..privfiles import PartFile
from .envelope import check_envelope
from .errors import AlohubError, BadResponse, error_for_exception
from .transport import Transport
from .urls import mp3_export_url

Progress = Callable[[int, int | None], None]

#: Enough bytes to recognise a recording (an ID3 tag, a frame header, a RIFF header).
HEAD_BYTES = 12
#: The most of a non-audio body read to say what it is (an envelope is small).
MAX_ERROR_BODY = 64 * 1024


def looks_like_audio(head: bytes) -> bool:
    """True for the start of an MP3 (ID3 tag or MPEG frame sync), a WAV or an Ogg file."""
    if head.startswith(b"ID3"):
        return True
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return True
    return head.startswith(b"OggS") or (head.startswith(b"RIFF") and head[8:12] == b"WAVE")


def not_audio(body: bytes, content_type: str) -> AlohubError:
    """The error for a body that is not a recording, saying what it is (never its bytes)."""
    text = body.lstrip()
    if not text:
        return BadResponse("an empty recording")
    if text.startswith((b"{", b"[")):
        try:
            decoded = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            decoded = None
        if isinstance(decoded, dict) and "success" in decoded:
            check_envelope(decoded)  # a refusal is Alohub's own words (VendorError)
        return BadResponse("a JSON answer instead of the recording")
    if text[:1] == b"<":
        return BadResponse("an HTML page instead of the recording")
    label = content_type or "no content type"
    return BadResponse(f"a body that is not a recording ({label}, {len(body):,}+ bytes)")


class RecordingDownloads(Transport):
    """The recording endpoint of :class:`~alohub_tui.api.client.AlohubClient`."""

    _media: str

    def recording_url_for(self, recording_url: str) -> str:
        """The MP3Export.do URL for a record's ``recording_url`` (a full one is kept)."""
        return mp3_export_url(self._media, recording_url)

    async def download_recording(
        self, recording_url: str, dest: Path, progress: Progress | None = None
    ) -> Path:
        """Stream a recording to ``dest`` (mode 0600) via ``dest.part``; returns ``dest``."""
        url = self.recording_url_for(recording_url)
        self._auth_headers(url)  # refuse a foreign host before anything else

        async def attempt(n: int) -> Path:
            return await self._download_once(url, Path(dest), progress, n)

        return await self._run(attempt, idempotent=True)

    async def _download_once(
        self, url: str, dest: Path, progress: Progress | None, attempt: int
    ) -> Path:
        response, started = await self._open_recording(url, attempt)
        error: AlohubError | None = None
        chunks = self._chunks(response)
        try:
            head = await _read(chunks, HEAD_BYTES)
            if not looks_like_audio(head):
                rest = await _read(chunks, MAX_ERROR_BODY)  # enough to say what it is
                raise not_audio(head + rest, _content_type(response))
            total = whole_number(response.headers.get("content-length", ""))
            with PartFile(dest) as part:
                chunk: bytes | None = head
                while chunk is not None:
                    part.write(chunk)
                    if progress is not None:
                        progress(part.size, total)
                    chunk = await anext(chunks, None)
                received = _received_bytes(response, part.size)
                if total is not None and received != total:
                    raise BadResponse(f"the recording was cut short ({received} of {total} bytes)")
                part.commit()
        except AlohubError as err:
            error = err
            raise
        finally:
            await chunks.aclose()
            await response.aclose()
            self._log("GET", str(response.url), response.status_code, started, attempt, error)
        return dest

    async def _chunks(self, response: httpx.Response) -> AsyncGenerator[bytes, None]:
        """The body's chunks; a transport failure mid-body becomes the typed error."""
        try:
            async for chunk in response.aiter_bytes():
                yield chunk
        except httpx.HTTPError as exc:
            timeout = self._timeouts.http(self._timeouts.recording)
            raise error_for_exception(exc, timeout).redact(self._key) from None


async def _read(chunks: AsyncIterator[bytes], at_least: int) -> bytes:
    """The next chunks, until ``at_least`` bytes (fewer only at the end of the body)."""
    data = b""
    async for chunk in chunks:
        data += chunk
        if len(data) >= at_least:
            break
    return data


def _content_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _received_bytes(response: httpx.Response, written: int) -> int:
    """Bytes on the wire, which is what Content-Length counts (differs when compressed)."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    return response.num_bytes_downloaded if encoding not in ("", "identity") else written
