"""api.key_command: the key from a command (as git's credential helpers), run without a
shell and with a timeout, used when the key's variable is unset; each failure is one
line naming the setting, never showing the output."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from alohub_tui.config import Config, ConfigError, parse_config
from alohub_tui.config_keys import api_key, key_source

PY = sys.executable


def config_with(command: list[str]) -> Config:
    quoted = ", ".join(f'"{part}"' for part in command)
    return parse_config(f"[api]\nkey_command = [{quoted}]\n")


def test_the_variable_wins_then_the_command() -> None:
    cfg = config_with([PY, "-c", "print('from-command'); print('second line')"])
    assert api_key(cfg, {"ALOHUB_API_KEY": "from-env"}).reveal() == "from-env"
    assert api_key(cfg, {}).reveal() == "from-command"  # its first line
    assert "key_command" in key_source(cfg, {}) and "not run" in key_source(cfg, {})


def test_no_shell_is_involved(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    cfg = config_with([PY, "-c", "print('k'); import sys; print(sys.argv)",
                       f"; touch {marker}"])
    assert api_key(cfg, {}).reveal() == "k"
    assert not marker.exists()  # "; touch" was an argument, not a shell command


@pytest.mark.parametrize(("command", "words"), [
    (["/nonexistent/pass", "show"], "was not found"),
    ([PY, "-c", "import sys; print('secret-ish'); sys.exit(3)"], "failed (exit 3)"),
    ([PY, "-c", "print('')"], "printed no key"),
])
def test_failures_name_the_setting_and_never_the_output(command: list[str],
                                                        words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        api_key(config_with(command), {}, quiet=True)
    message = str(caught.value)
    assert "api.key_command" in message and words in message
    assert "secret-ish" not in message


def test_a_command_that_hangs_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("alohub_tui.config_keys.KEY_COMMAND_TIMEOUT_S", 0.5)
    with pytest.raises(ConfigError, match="printed no key within"):
        api_key(config_with([PY, "-c", "import time; time.sleep(5)"]), {}, quiet=True)


def test_an_empty_program_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"api\.key_command"):
        parse_config('[api]\nkey_command = [""]\n')
