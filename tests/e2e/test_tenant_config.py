"""Config as a real tenant's user writes it (real processes): a key no header can carry,
``--config`` before the subcommand, and transactionIds in the screen's time."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import cli_env, run_cli

KEY_PARTS = ("Kx7", "SECRETPART", "q9")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, key=None, base_url="http://127.0.0.1:9/api")


@pytest.mark.parametrize("odd", ["\x01", "\x7f", "é", "\u200b", "\t"],
                         ids=["control", "delete", "accent", "zero-width", "tab"])
@pytest.mark.parametrize("command", [["history"], [], ["config", "show"]],
                         ids=["cli", "tui", "config-show"])
async def test_a_key_no_header_can_carry_is_refused_and_never_shown(
    env: dict[str, str], odd: str, command: list[str]
) -> None:
    key = KEY_PARTS[0] + odd + KEY_PARTS[1] + KEY_PARTS[2]
    result = await run_cli({**env, "ALOHUB_API_KEY": key}, *command, secret=key)
    shown = result.out + result.err
    assert not any(part in shown for part in KEY_PARTS)
    assert repr(key)[1:-1] not in shown and odd not in shown.replace("\n", "")
    if command == ["config", "show"]:
        assert result.code == 0
        assert "is set, but UNUSABLE: the key contains a character that cannot be sent in " \
               "a header" in result.out
        return
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "ALOHUB_API_KEY: the key contains a character that cannot be sent in a header" \
        in result.err


async def test_config_before_the_subcommand_is_the_file_config_show_and_path_use(
    env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "elsewhere.toml"
    config.write_text('[api]\nbase_url = "https://file.example:9909/api"\n', encoding="utf-8")
    env = {k: v for k, v in env.items() if k != "ALOHUB_BASE_URL"}
    shown = await run_cli(env, "--config", str(config), "config", "show", secret="none")
    assert shown.code == 0, shown.err
    assert f"# file: {config}" in shown.out
    assert 'base_url = "https://file.example:9909/api"' in shown.out
    where = await run_cli(env, "--config", str(config), "config", "path", secret="none")
    assert where.code == 0 and where.out.startswith(f"config:    {config}\n")
    after = await run_cli(env, "config", "show", "--config", str(config), secret="none")
    assert after.out == shown.out
