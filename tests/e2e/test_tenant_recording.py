"""`alohub-tui recording` against how a real tenant serves recordings: the bytes decide,
not the label (a real process, a real socket to ``fake_tenant``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Result, cli_env, run_cli
from fake_tenant import FakeTenant

from alohub_tui.sim.mp3 import silent_mp3

EXPORT = "/IPCCMedia/MP3Export.do"
MP3 = silent_mp3(3)  # MPEG frames, no ID3 tag
ID3_MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + MP3


@pytest.fixture
def env(fake_tenant: FakeTenant, tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, key=fake_tenant.key, base_url=fake_tenant.base_url)


async def fetch(env: dict[str, str], out: Path) -> Result:
    return await run_cli(env, "recording", "2024/01/13/call.mp3", "-o", str(out),
                         secret=env["ALOHUB_API_KEY"])


@pytest.mark.parametrize("label", ["application/force-download", "application/x-download",
                                   "application/octet-stream", "text/plain", "audio/mpeg"])
@pytest.mark.parametrize("body", [MP3, ID3_MP3], ids=["frames", "id3"])
async def test_an_mp3_is_a_recording_whatever_its_label(
    fake_tenant: FakeTenant, env: dict[str, str], tmp_path: Path, label: str, body: bytes
) -> None:
    fake_tenant.answer("GET", EXPORT, body=body, content_type=label)
    result = await fetch(env, tmp_path / "call.mp3")
    assert result.code == 0, result.err
    assert (tmp_path / "call.mp3").read_bytes() == body
    (seen,) = fake_tenant.seen(EXPORT)
    assert seen.query == {"url": ["2024/01/13/call.mp3"], "source": ["ipcc"]}


@pytest.mark.parametrize(
    ("body", "label", "said"),
    [
        (b"<!DOCTYPE html><html><body>Login</body></html>", "audio/mpeg",
         "an HTML page instead of the recording"),
        (b'{"success": "0", "error_code": "FILE_NOT_FOUND", "error_message": "Het han"}',
         "application/force-download", "Alohub refused: Het han (FILE_NOT_FOUND)"),
        (b'{"status": "error"}', "audio/mpeg", "a JSON answer instead of the recording"),
        (b"File not found on the media server", "application/octet-stream",
         "a body that is not a recording"),
    ],
    ids=["html-as-audio", "envelope-as-download", "json-as-audio", "text-as-octets"],
)
async def test_anything_else_is_not_a_recording_and_leaves_no_file(
    fake_tenant: FakeTenant, env: dict[str, str], tmp_path: Path, body: bytes, label: str,
    said: str,
) -> None:
    fake_tenant.answer("GET", EXPORT, body=body, content_type=label)
    result = await fetch(env, tmp_path / "call.mp3")
    assert result.code == 1
    assert said in result.err and result.err.count("\n") == 1
    assert list(tmp_path.glob("call.mp3*")) == []


async def test_a_404_says_not_found_or_expired_not_base_url(
    fake_tenant: FakeTenant, env: dict[str, str], tmp_path: Path
) -> None:
    fake_tenant.answer("GET", EXPORT, status=404, json_body={
        "success": "0", "error_code": "NOT_FOUND", "error_message": "not found"})
    result = await fetch(env, tmp_path / "call.mp3")
    assert result.code == 1
    assert "The recording was not found (HTTP 404): it may have expired" in result.err
    assert "base URL" not in result.err
    assert len(fake_tenant.seen(EXPORT)) == 1  # a 404 is not retried
