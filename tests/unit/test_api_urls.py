import pytest

from alohub_tui.api import InvalidInput
from alohub_tui.api.urls import (
    check_base_url,
    default_media_url,
    host_port,
    mp3_export_url,
    origin,
)


def test_origin_fills_default_ports_and_lowercases() -> None:
    assert origin("https://Tenant.Example/api") == ("https", "tenant.example", 443)
    assert origin("http://tenant.example:80/x") == ("http", "tenant.example", 80)
    assert origin("https://tenant.example:9909/api") != origin("https://tenant.example:1777")


def test_media_defaults_to_base_without_api() -> None:
    assert default_media_url("https://t.example:9909/api") == "https://t.example:9909"
    assert default_media_url("https://t.example:9909/api/") == "https://t.example:9909"
    assert default_media_url("http://127.0.0.1:8088") == "http://127.0.0.1:8088"


def test_mp3_export_url() -> None:
    media = "https://t.example:1777"
    assert (
        mp3_export_url(media, "recording_url.mp3")
        == "https://t.example:1777/IPCCMedia/MP3Export.do?url=recording_url.mp3&source=ipcc"
    )
    assert mp3_export_url(media, "2024/01/a b.mp3").endswith(
        "?url=2024%2F01%2Fa%20b.mp3&source=ipcc"
    )
    full = "https://domain:9000/IPCCMedia/MP3Export.do?url=file.mp3&source=ipcc"
    assert mp3_export_url(media, full) == full
    with pytest.raises(InvalidInput):
        mp3_export_url(media, "  ")


@pytest.mark.parametrize(
    "bad", ["", "tenant.example/api", "ftp://x/api", "https://", "http://h:99999/api"]
)
def test_check_base_url_rejects(bad: str) -> None:
    with pytest.raises(InvalidInput):
        check_base_url(bad)


def test_check_base_url_and_host_port() -> None:
    assert check_base_url("https://t.example:9909/api/") == "https://t.example:9909/api"
    assert host_port("https://t.example:9909/api") == "t.example:9909"
