"""A first config from the setup answers: the commented template with them filled in,
the example catalog commented out, written 0600 and never over an existing file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from alohub_tui.config import parse_config
from alohub_tui.config_write import SetupAnswers, config_text, write_config

ANSWERS = SetupAnswers("https://hcm.example:9909/api", api_key_env="HCM_KEY",
                       default_extension="6688", transaction_prefix="HCM")


def test_the_answers_fill_the_commented_template() -> None:
    text = config_text(ANSWERS)
    cfg = parse_config(text)
    assert (cfg.api.base_url, cfg.api.api_key_env, cfg.dial.default_extension,
            cfg.dial.transaction_prefix) == ("https://hcm.example:9909/api", "HCM_KEY",
                                             "6688", "HCM")
    assert cfg.api.key_command == () and "# key_command = " in text  # still explained
    assert cfg.catalog.agents == () and "# user_name = " in text  # examples are not ours
    assert "# Tenant API base URL" in text  # the comments are kept


def test_a_key_command_is_written_as_an_argument_list() -> None:
    answers = SetupAnswers("https://t.example/api", key_command=("pass", "show", "a b"))
    assert parse_config(config_text(answers)).api.key_command == ("pass", "show", "a b")


def test_a_gateway_is_set_only_when_given() -> None:
    """Without one the Agents tab lists only the catalog: a first run may name it."""
    assert parse_config(config_text(ANSWERS)).gateway.base_url == ""
    assert '# base_url = "https://xapi.alohub.vn"' in config_text(ANSWERS)  # still explained
    given = SetupAnswers("https://t.example/api", gateway_url="https://xapi.example")
    assert parse_config(config_text(given)).gateway.base_url == "https://xapi.example"


def test_problems_name_the_setting() -> None:
    bad = SetupAnswers("tenant.example", api_key_env="1KEY", default_extension="61a",
                       gateway_url="xapi.example")
    assert set(bad.problems()) == {"api.base_url", "api.api_key_env", "dial.default_extension",
                                   "gateway.base_url"}
    assert ANSWERS.problems() == {}


def test_written_private_and_never_over_a_file(tmp_path: Path) -> None:
    target = tmp_path / "alohub-tui" / "config.toml"
    write_config(target, ANSWERS)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        write_config(target, SetupAnswers("https://other.example/api"))
    assert parse_config(target.read_text(encoding="utf-8")).api.api_key_env == "HCM_KEY"
