"""Config: lookup order, precedence (flag > env > file > default), and every error."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from alohub_tui import paths
from alohub_tui.config import (
    Config,
    ConfigError,
    find_config_file,
    load_config,
    parse_config,
    require_base_url,
    template_text,
)
from alohub_tui.config_keys import api_key


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_template_parses_and_matches_documented_shape() -> None:
    cfg = parse_config(template_text(), "config.example.toml")
    assert cfg.api.base_url == "https://tenant.example:9909/api"
    assert cfg.api.api_key_env == "ALOHUB_API_KEY"
    assert cfg.dial.default_extension == "6688"
    assert cfg.dial.duplicate_window_s == 120
    assert cfg.catalog.agents[0].user_name == "userName66"
    assert cfg.catalog.agents[0].extensions == ("6688",)
    assert [q.id for q in cfg.catalog.callin_queues] == [1, 2]
    assert cfg.catalog.callout_queues[0].id == 99999
    assert cfg.webhook.key_env == "ALOHUB_WEBHOOK_KEY"
    assert cfg.ui.theme == "textual-dark"


def example_lines(text: str) -> list[tuple[int, str]]:
    """(index, line without its ``#``) of every comment line that is TOML on its own: a
    ``key = value`` or a ``[table]`` example, as opposed to prose."""
    found = []
    for index, line in enumerate(text.splitlines()):
        body = line[1:].lstrip() if line.startswith("#") else None
        if not body:
            continue
        try:
            tomllib.loads(body)
        except tomllib.TOMLDecodeError:
            continue
        found.append((index, body))
    return found


def uncommented_template() -> str:
    lines = template_text().splitlines()
    for index, body in example_lines(template_text()):
        lines[index] = body
    return "\n".join(lines)


def test_every_example_line_of_the_template_loads_when_uncommented() -> None:
    """One test for the whole of config.example.toml: uncomment every example at once."""
    assert len(example_lines(template_text())) >= 10  # gateway, serve, keymap, wall...
    cfg = parse_config(uncommented_template(), "config.example.toml")
    assert cfg.serve.public_url == "https://noc.example/wall/"
    assert cfg.ui.keymap == {"tab.history": "f3,alt+2"}
    assert cfg.wall.on_alert == ("notify-send", "Alohub wall alert")
    assert cfg.wall.thresholds.waiting.warn_above == 5
    assert cfg.wall.thresholds.service_level.margin == 2
    assert cfg.gateway.base_url == "https://xapi.alohub.vn"
    assert cfg.profile.name == "hcm"
    assert cfg.callbacks.operator == "An"


def test_the_template_documents_every_setting() -> None:
    """Every key of every section is in config.example.toml (set or as an example); the
    wall's thresholds are documented per KPI in WALL.md, only some of them here."""
    data = tomllib.loads(uncommented_template())
    missing = []
    for section in dataclasses.fields(Config):
        if section.name == "source":
            continue
        default = section.default_factory()  # type: ignore[misc]
        for key in dataclasses.fields(default):
            if key.name not in data.get(section.name, {}):
                missing.append(f"{section.name}.{key.name}")
    assert missing == []


def test_defaults_without_any_file(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "none")}
    cfg = load_config(None, env)
    assert cfg == Config()
    assert cfg.history.page_size == 50


def test_lookup_order(tmp_path: Path) -> None:
    xdg = write(tmp_path / "xdg" / "alohub-tui" / "config.toml", "")
    explicit_env = write(tmp_path / "env.toml", "")
    flag = write(tmp_path / "flag.toml", "")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    assert find_config_file(None, env) == xdg
    env["ALOHUB_TUI_CONFIG"] = str(explicit_env)
    assert find_config_file(None, env) == explicit_env
    assert find_config_file(flag, env) == flag
    assert paths.config_candidates(env)[0] == explicit_env


def test_precedence_flag_over_env_over_file(tmp_path: Path) -> None:
    cfg_file = write(tmp_path / "c.toml", '[api]\nbase_url = "https://file.example/api"\n')
    assert load_config(cfg_file, {}).api.base_url == "https://file.example/api"
    env = {"ALOHUB_BASE_URL": "https://env.example/api"}
    assert load_config(cfg_file, env).api.base_url == "https://env.example/api"
    flagged = load_config(cfg_file, env, base_url="https://flag.example/api")
    assert flagged.api.base_url == "https://flag.example/api"


def test_media_url_defaults_to_base_without_api() -> None:
    cfg = parse_config('[api]\nbase_url = "https://t.example:9909/api"\n')
    assert cfg.effective_media_url == "https://t.example:9909"
    cfg = parse_config(
        '[api]\nbase_url = "https://t.example:9909/api"\nmedia_url = "https://t.example:1777/"\n'
    )
    assert cfg.effective_media_url == "https://t.example:1777"


def test_key_comes_from_the_named_variable() -> None:
    cfg = parse_config('[api]\napi_key_env = "MY_KEY"\n')
    key = api_key(cfg, {"MY_KEY": " s3cret ", "ALOHUB_API_KEY": "other"})
    assert key.reveal() == "s3cret"
    assert "s3cret" not in repr(cfg) + repr(key) + str(key)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("[api\n", "", "not valid TOML"),
        ("[api]\nbase_url = 42\n", "api.base_url", "expected a string, got 42"),
        ("[api]\nbase_ulr = 'x'\n", "api.base_ulr", 'did you mean "base_url"'),
        ("[dail]\n", "dail", 'did you mean "dial"'),
        ("[dial]\nduplicate_window_s = 'ten'\n", "dial.duplicate_window_s", "whole number"),
        ("[dial]\nduplicate_window_s = -1\n", "dial.duplicate_window_s", "0 or more"),
        ("[api]\nbase_url = 'ftp://x'\n", "api.base_url", "not an http(s) URL"),
        ("[api]\nsearch_timeout_s = 0\n", "api.search_timeout_s", "more than 0"),
        ("[api]\napi_key = 'abc'\n", "api.api_key", "must not be written in the config"),
        ("[ui]\nread_only = 'yes'\n", "ui.read_only", "true or false"),
        ("[[catalog.agents]]\nname = 'x'\n", "catalog.agents[0].user_name", "is required"),
        ("[[catalog.agents]]\nuser_name = 'a'\nextensions = [6688]\n",
         "catalog.agents[0].extensions[0]", "expected a string"),
        ("[[catalog.callin_queues]]\nid = 1\n[[catalog.callin_queues]]\nid = 1\n",
         "catalog.callin_queues[1].id", "listed twice"),
        ("[history]\npage_size = 1000\n", "history.page_size", "between 1 and 500"),
        ("[webhook]\nlisten = 'nowhere'\n", "webhook.listen", "host:port"),
        ("[ui.keymap]\n'tab.dial' = 3\n", "ui.keymap.tab.dial", "expected a string"),
        ("[serve]\nlisten = '8080'\n", "serve.listen", "host:port"),
        ("[serve]\nmax_sessions = 0\n", "serve.max_sessions", "between 1 and 64"),
        ("[serve]\nwall_fps = 120\n", "serve.wall_fps", "between 1 and 60"),
        ("[serve]\npublic_url = 'noc.example'\n", "serve.public_url", "http(s) URL"),
        ("[serve]\ntoken_env = ' '\n", "serve.token_env", "environment variable"),
        # Before these four, the first dial (or key read) failed without naming the setting:
        ("[api]\napi_key_env = ''\n", "api.api_key_env", "environment variable"),
        ("[webhook]\nkey_env = ' '\n", "webhook.key_env", "environment variable"),
        ("[dial]\ndefault_extension = 'abc'\n", "dial.default_extension", "2 to 8 digits"),
        ("[dial]\ntransaction_prefix = 'bad prefix!'\n", "dial.transaction_prefix",
         "1-40 characters"),
        ("[api]\nmedia_url = 'media:1777'\n", "api.media_url", "like https://host:1777"),
        ("[gateway]\nbase_url = 'xapi'\n", "gateway.base_url", "like https://xapi.alohub.vn"),
    ],
)
def test_errors_name_file_key_and_problem(text: str, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "/etc/x/config.toml")
    message = str(caught.value)
    assert message.startswith("/etc/x/config.toml: ")
    assert caught.value.key == key
    assert words in message
    assert "\n" not in message.strip()


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml", {})


def test_missing_base_url_is_explained() -> None:
    with pytest.raises(ConfigError, match="--demo"):
        require_base_url(Config())


def test_bad_env_url_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="ALOHUB_BASE_URL"):
        load_config(None, {"XDG_CONFIG_HOME": str(tmp_path), "ALOHUB_BASE_URL": "nonsense"})


@pytest.mark.parametrize(("text", "key"), [
    ('[callbacks]\ncalls_from = "events"',
     "callbacks.calls_from: must be one of auto, webhook, search"),
    ("[callbacks]\nclaim_minutes = 0", "callbacks.claim_minutes: must be between 1 and 1440"),
    ("[callbacks]\nsearch_interval_s = 5", "callbacks.search_interval_s: must be between 10"),
    ('[callbacks]\noperator = "a\\tb"', "callbacks.operator: at most 64 printable"),
])
def test_a_wrong_callbacks_setting_names_its_key(text: str, key: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(key)):
        parse_config(text, "c.toml")
