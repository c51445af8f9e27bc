"""Recording downloads: exact URL, atomic .part file, mode 0600, checks, host safety."""

import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from _api_fakes import KEY, MEDIA, make_client, reply

from alohub_tui.api import (
    BadResponse,
    ConnectionFailed,
    ForeignHostError,
    InvalidInput,
    ServerError,
    VendorError,
)

AUDIO = b"ID3" + bytes(range(256)) * 64  # 16 KiB after an ID3 tag: an MP3 by its bytes
EXPORT = f"{MEDIA}/IPCCMedia/MP3Export.do"


def audio(body: bytes = AUDIO, ctype: str = "audio/mpeg", **headers: str) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": ctype, **headers})


class BrokenStream(httpx.AsyncByteStream):
    """Sends some bytes, then fails like a dropped connection."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield AUDIO[:1000]
        raise httpx.ReadError("connection reset")


def broken() -> httpx.Response:
    return httpx.Response(
        200,
        stream=BrokenStream(),
        headers={"content-type": "audio/mpeg", "content-length": str(len(AUDIO))},
    )


def short_body() -> httpx.Response:
    return httpx.Response(
        200,
        stream=httpx.ByteStream(AUDIO[:100]),
        headers={"content-type": "audio/mpeg", "content-length": str(len(AUDIO))},
    )


async def test_download_exact_request_bytes_mode_and_progress(tmp_path: Path) -> None:
    client, server, _ = make_client(audio(**{"content-length": str(len(AUDIO))}))
    seen: list[tuple[int, int | None]] = []
    dest = tmp_path / "rec.mp3"
    async with client:
        result = await client.download_recording(
            "recording_url.mp3", dest, lambda d, t: seen.append((d, t))
        )
    assert result == dest
    (request,) = server.requests
    assert request.method == "GET"
    assert str(request.url) == f"{EXPORT}?url=recording_url.mp3&source=ipcc"
    assert request.headers["authorization"] == KEY
    assert dest.read_bytes() == AUDIO
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert not (tmp_path / "rec.mp3.part").exists()
    assert seen[-1] == (len(AUDIO), len(AUDIO))


async def test_full_mp3_export_url_used_as_is(tmp_path: Path) -> None:
    client, server, _ = make_client(audio(ctype="application/octet-stream"))
    full = f"{MEDIA}/IPCCMedia/MP3Export.do?url=file.mp3&source=ipcc"
    async with client:
        await client.download_recording(full, tmp_path / "a.mp3")
    assert str(server.requests[0].url) == full


async def test_path_reference_is_url_encoded(tmp_path: Path) -> None:
    client, server, _ = make_client(audio())
    async with client:
        await client.download_recording("2024/01/13/a b.mp3", tmp_path / "a.mp3")
    assert server.requests[0].url.query == b"url=2024%2F01%2F13%2Fa%20b.mp3&source=ipcc"


async def test_existing_part_file_with_wide_mode_is_replaced(tmp_path: Path) -> None:
    part = tmp_path / "a.mp3.part"
    part.write_bytes(b"stale")
    os.chmod(part, 0o644)
    client, _, _ = make_client(audio())
    async with client:
        await client.download_recording("a.mp3", tmp_path / "a.mp3")
    assert (tmp_path / "a.mp3").read_bytes() == AUDIO
    assert stat.S_IMODE((tmp_path / "a.mp3").stat().st_mode) == 0o600


async def test_size_mismatch_detected_and_part_removed(tmp_path: Path) -> None:
    client, server, _ = make_client(short_body())
    dest = tmp_path / "a.mp3"
    async with client:
        with pytest.raises(BadResponse, match="cut short"):
            await client.download_recording("a.mp3", dest)
    assert not dest.exists() and list(tmp_path.iterdir()) == []
    assert len(server.requests) == 1  # a short body is not a transient failure


async def test_dropped_connection_retried_then_part_removed(tmp_path: Path) -> None:
    client, server, sleeps = make_client(lambda _req: broken())  # a fresh stream each time
    async with client:
        with pytest.raises(ConnectionFailed):
            await client.download_recording("a.mp3", tmp_path / "a.mp3")
    assert len(server.requests) == 3 and len(sleeps.delays) == 2
    assert list(tmp_path.iterdir()) == []


async def test_retry_after_drop_succeeds(tmp_path: Path) -> None:
    client, server, _ = make_client(lambda _req: broken(), audio())
    async with client:
        await client.download_recording("a.mp3", tmp_path / "a.mp3")
    assert (tmp_path / "a.mp3").read_bytes() == AUDIO
    assert len(server.requests) == 2


async def test_failed_progress_callback_removes_part(tmp_path: Path) -> None:
    def explode(done: int, total: int | None) -> None:
        raise RuntimeError("ui gone")

    client, _, _ = make_client(audio())
    async with client:
        with pytest.raises(RuntimeError):
            await client.download_recording("a.mp3", tmp_path / "a.mp3", explode)
    assert list(tmp_path.iterdir()) == []


async def test_json_failure_envelope_instead_of_audio(tmp_path: Path) -> None:
    body = {"success": "0", "error_code": "FILE_NOT_FOUND", "error_message": "Không tìm thấy file"}
    client, _, _ = make_client(reply(body=body))
    async with client:
        with pytest.raises(VendorError, match="Không tìm thấy file"):
            await client.download_recording("a.mp3", tmp_path / "a.mp3")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>login</html>", headers={"content-type": "text/html"}),
        httpx.Response(200, json={"success": "1"}),
        httpx.Response(200, text="File not found", headers={"content-type": "text/plain"}),
        audio(b""),
        audio(b"<html><body>Session expired</body></html>"),  # labelled audio, but HTML
        audio(bytes(range(256))),  # labelled audio, but no MP3 inside
    ],
)
async def test_non_audio_bodies_rejected(tmp_path: Path, response: httpx.Response) -> None:
    client, _, _ = make_client(response)
    async with client:
        with pytest.raises(BadResponse):
            await client.download_recording("a.mp3", tmp_path / "a.mp3")
    assert list(tmp_path.iterdir()) == []


async def test_server_error_retried_then_reported(tmp_path: Path) -> None:
    client, server, _ = make_client(reply(503))
    async with client:
        with pytest.raises(ServerError):
            await client.download_recording("a.mp3", tmp_path / "a.mp3")
    assert len(server.requests) == 3


async def test_no_recording(tmp_path: Path) -> None:
    client, server, _ = make_client(audio())
    async with client:
        with pytest.raises(InvalidInput, match="no recording"):
            await client.download_recording("", tmp_path / "a.mp3")
    assert server.requests == []


async def test_foreign_recording_url_refused_without_sending(tmp_path: Path) -> None:
    client, server, _ = make_client(audio())
    foreign = "https://evil.example:1777/IPCCMedia/MP3Export.do?url=a.mp3&source=ipcc"
    async with client:
        with pytest.raises(ForeignHostError, match=r"evil\.example"):
            await client.download_recording(foreign, tmp_path / "a.mp3")
        # Same host, different port or scheme, is another origin too.
        for other in ("https://tenant.example:8443", "http://tenant.example:1777"):
            with pytest.raises(ForeignHostError):
                await client.download_recording(
                    f"{other}/IPCCMedia/MP3Export.do?url=a&source=ipcc", tmp_path / "a.mp3"
                )
    assert server.requests == []


async def test_redirect_to_configured_host_followed_with_key(tmp_path: Path) -> None:
    api_host_url = "https://tenant.example:9909/files/a.mp3"
    client, server, _ = make_client(reply(302, None, location=api_host_url), audio())
    async with client:
        await client.download_recording("a.mp3", tmp_path / "a.mp3")
    assert [str(r.url) for r in server.requests][1] == api_host_url
    assert all(r.headers["authorization"] == KEY for r in server.requests)
    assert (tmp_path / "a.mp3").read_bytes() == AUDIO


async def test_relative_redirect_followed(tmp_path: Path) -> None:
    client, server, _ = make_client(reply(307, None, location="/store/a.mp3"), audio())
    async with client:
        await client.download_recording("a.mp3", tmp_path / "a.mp3")
    assert str(server.requests[1].url) == f"{MEDIA}/store/a.mp3"


async def test_redirect_to_foreign_host_refused_key_not_sent(tmp_path: Path) -> None:
    client, server, _ = make_client(
        reply(302, None, location="https://cdn.evil.example/a.mp3"), audio()
    )
    async with client:
        with pytest.raises(ForeignHostError, match=r"cdn\.evil\.example"):
            await client.download_recording("a.mp3", tmp_path / "a.mp3")
    assert len(server.requests) == 1  # the foreign host was never contacted
    assert list(tmp_path.iterdir()) == []


async def test_redirect_loop_stops(tmp_path: Path) -> None:
    client, server, _ = make_client(reply(302, None, location=f"{MEDIA}/again"))
    async with client:
        with pytest.raises(BadResponse, match="redirects"):
            await client.download_recording("a.mp3", tmp_path / "a.mp3")
    assert len(server.requests) == 4  # the first request and 3 redirects
