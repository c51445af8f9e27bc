"""``alohub-tui webhook`` argument handling (the running receiver is tested in e2e)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from alohub_tui.config import ApiConfig, Config, ProfileConfig
from alohub_tui.exitcodes import UsageError
from alohub_tui.netaddr import is_loopback
from alohub_tui.webhook import cli, listen


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.add_webhook_arguments(parser)
    return parser.parse_args(list(argv))


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ALOHUB_TUI_DATA_DIR", str(tmp_path))
    args = _args()
    assert (args.listen, args.key_env, args.db, args.allow_remote) == (
        "127.0.0.1:8787", "ALOHUB_WEBHOOK_KEY", None, False
    )
    assert args.config is None
    named = Config(profile=ProfileConfig(name="hcm"))
    assert listen.default_db_path(named) == tmp_path / "profiles" / "hcm" / "events.sqlite3"
    tenant = Config(api=ApiConfig(base_url="https://tenant.example/api"))
    assert listen.default_db_path(tenant) == (
        tmp_path / "profiles" / "tenant.example" / "events.sqlite3")


@pytest.mark.parametrize(
    ("text", "host", "port"),
    [("127.0.0.1:8787", "127.0.0.1", 8787), ("[::1]:0", "::1", 0), ("localhost:1", "localhost", 1)],
)
def test_parse_listen(text: str, host: str, port: int) -> None:
    assert listen.parse_listen(text) == listen.Listen(host, port)


@pytest.mark.parametrize("text", ["8787", ":8787", "host:", "host:99999", "host:x"])
def test_parse_listen_refuses(text: str) -> None:
    with pytest.raises(UsageError):
        listen.parse_listen(text)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("192.168.1.5", False), ("example.com", False)],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_refuses_remote_listen_without_flag(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("ALOHUB_WEBHOOK_KEY", "k")
    assert cli.run_from_args(_args("--listen", "0.0.0.0:8787", "--db", str(tmp_path / "e"))) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--allow-remote" in err
    assert not (tmp_path / "e").exists()


def test_refuses_an_unset_key_by_its_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MY_HOOK_KEY", raising=False)
    assert cli.run_from_args(_args("--key-env", "MY_HOOK_KEY")) == 2
    assert "MY_HOOK_KEY" in capsys.readouterr().err


def test_bad_db_path_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("ALOHUB_WEBHOOK_KEY", "k")
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cli.run_from_args(_args("--db", str(blocker / "events.sqlite3"))) == 1
    assert "cannot open the event store" in capsys.readouterr().err
