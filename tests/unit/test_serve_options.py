"""``alohub-tui serve``'s settings: safe defaults, the token rule, what the apps get."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from alohub_tui.__main__ import build_parser
from alohub_tui.config import Config, ServeConfig
from alohub_tui.exitcodes import UsageError
from alohub_tui.serve.cli import app_environment
from alohub_tui.serve.options import ServeOptions, app_argv, options_from


def parse(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["serve", *argv])


def options(*argv: str, env: dict[str, str] | None = None,
            config: Config | None = None) -> ServeOptions:
    return options_from(parse(*argv), config or Config(), env or {})


def test_defaults_are_a_loopback_wall_without_token() -> None:
    opts = options()
    assert (opts.listen.host, opts.listen.port) == ("127.0.0.1", 8080)
    assert opts.mode == "wall" and opts.token is None and opts.max_sessions == 8
    assert opts.fps == 5 and opts.base_path == "/"
    assert opts.browser_url(8080) == "http://127.0.0.1:8080/"


def test_a_non_loopback_listen_gets_a_generated_token() -> None:
    opts = options("--listen", "0.0.0.0:9000")
    assert opts.token is not None and opts.token_generated
    assert len(opts.token.reveal()) >= 32
    assert opts.browser_url(9000).endswith(f"/?token={opts.token.reveal()}")
    assert options("--listen", "0.0.0.0:9000").token != opts.token  # new for each run


def test_the_token_variable_is_used_wherever_it_listens() -> None:
    env = {"ALOHUB_SERVE_TOKEN": "from-the-env-123"}
    for listen in ("0.0.0.0:9000", "127.0.0.1:9000"):
        opts = options("--listen", listen, env=env)
        assert opts.token is not None and opts.token.reveal() == "from-the-env-123"
        assert not opts.token_generated
    custom = Config(serve=ServeConfig(token_env="WALL_TOKEN"))
    opts = options("--listen", "0.0.0.0:9000", env={"WALL_TOKEN": "t0k3n-abc"}, config=custom)
    assert opts.token is not None and opts.token.reveal() == "t0k3n-abc"


def test_the_full_app_needs_allow_actions() -> None:
    with pytest.raises(UsageError, match="--allow-actions"):
        options("--app")
    opts = options("--app", "--allow-actions")
    assert opts.mode == "app" and opts.fps == 30


def test_flags_win_over_the_config() -> None:
    config = Config(serve=ServeConfig(listen="127.0.0.1:7000", max_sessions=3, wall_fps=2,
                                      public_url="https://noc.example/wall"))
    opts = options(config=config)
    assert (opts.listen.port, opts.max_sessions, opts.fps) == (7000, 3, 2)
    assert opts.public_url == "https://noc.example/wall/" and opts.base_path == "/wall/"
    opts = options("--listen", "127.0.0.1:7001", "--max-sessions", "5",
                   "--public-url", "https://tv.example", config=config)
    assert (opts.listen.port, opts.max_sessions, opts.public_url) == (
        7001, 5, "https://tv.example/")


@pytest.mark.parametrize("argv, message", [
    (("--max-sessions", "0"), "--max-sessions must be between 1 and 64"),
    (("--listen", "nowhere"), "host:port"),
    (("--public-url", "ftp://x"), "http"),
    (("--public-url", "https://x/?a=1"), "without a query"),
])
def test_bad_values_are_one_line_usage_errors(argv: tuple[str, ...], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        options(*argv)


def test_the_apps_run_this_program_with_the_same_flags(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--read-only", "serve", "--config", str(tmp_path / "c"),
                                      "--demo", "--app", "--allow-actions"])
    assert app_argv(args, "app") == [sys.executable, "-m", "alohub_tui", "--config",
                                     str(tmp_path / "c"), "--demo", "--read-only"]
    assert app_argv(parse(), "wall") == [sys.executable, "-m", "alohub_tui", "--wall"]


def test_apps_never_get_the_webhook_key_or_the_token_and_the_wall_no_api_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("ALOHUB_API_KEY", "api"), ("ALOHUB_WEBHOOK_KEY", "hook"),
                        ("ALOHUB_SERVE_TOKEN", "tok"), ("HOME", "/home/x")):
        monkeypatch.setenv(name, value)
    served = {"ALOHUB_TUI_SERVED": "{}"}
    config = Config()
    wall = app_environment(config, options(), served, demo=False)
    app = app_environment(config, options("--app", "--allow-actions"), served, demo=False)
    demo_app = app_environment(config, options("--app", "--allow-actions"), served, demo=True)
    for env in (wall, app, demo_app):
        assert "ALOHUB_WEBHOOK_KEY" not in env and "ALOHUB_SERVE_TOKEN" not in env
        assert env["HOME"] == "/home/x" and env["ALOHUB_TUI_SERVED"] == "{}"
    assert "ALOHUB_API_KEY" not in wall and "ALOHUB_API_KEY" not in demo_app
    assert app["ALOHUB_API_KEY"] == "api"  # the full app calls the API (on the server)
