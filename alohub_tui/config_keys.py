"""The keys a config names: read from the environment (or a command), never the file.

The config file names the variables that hold the API key, the gateway's key, the
webhook key and the serve token; :func:`api_key` reads the API key from its variable or,
when that is unset, from ``api.key_command`` (as git's credential helpers and mail
clients do: ``["pass", "show", "alohub"]``), run without a shell, with a timeout, its
output never logged nor shown. :func:`exposure_warning` says when the file itself holds
a secret anyway and others can read it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from alohub_tui.api.secret import Secret
from alohub_tui.config import Config, ConfigError

#: Why a key is refused, without a word of the key itself (not even one character).
UNSENDABLE_KEY = ("the key contains a character that cannot be sent in a header (a control "
                  "or non-ASCII character); export it again as the tenant gave it")


def sendable_in_header(value: str) -> bool:
    """True when every character is printable ASCII (space included): what an HTTP header
    value can carry as it is (httpx would fail on anything else, quoting the character)."""
    return all(" " <= ch <= "~" for ch in value)


def key_from_env(variable: str, env: Mapping[str, str] | None = None) -> Secret:
    """The key in ``variable`` (an empty Secret if unset); a ConfigError (exit 2) that
    never shows the key when it holds a character no header can carry."""
    env = os.environ if env is None else env
    value = env.get(variable, "").strip()
    if not sendable_in_header(value):
        raise ConfigError("environment", variable, UNSENDABLE_KEY)
    return Secret(value)


def api_key(cfg: Config, env: Mapping[str, str] | None = None, *,
            quiet: bool = False) -> Secret:
    """The key from the environment variable the config names, else from
    ``api.key_command`` (an empty Secret if neither gives one). ``quiet``: the command's
    error output is not shown (a screen is up)."""
    key = key_from_env(cfg.api.api_key_env, env)
    if key or not cfg.api.key_command:
        return key
    return key_from_command(cfg.api.key_command, quiet=quiet,
                            source=str(cfg.source or "config"))


KEY_COMMAND_TIMEOUT_S = 10.0
KEY_COMMAND = "api.key_command"


def key_from_command(command: Sequence[str], *, quiet: bool = False,
                     source: str = "config") -> Secret:
    """The first line the command prints: run without a shell, stdin and (unless
    ``quiet``) stderr on the terminal so it can ask for a passphrase and say what is
    wrong; its output is never logged. A ConfigError (exit 2) says what failed."""
    program = command[0]

    def failed(problem: str) -> ConfigError:
        return ConfigError(source, KEY_COMMAND, problem)

    try:
        done = subprocess.run(list(command), stdout=subprocess.PIPE, check=False,
                              stderr=subprocess.DEVNULL if quiet else None,
                              stdin=subprocess.DEVNULL if quiet else None,
                              timeout=KEY_COMMAND_TIMEOUT_S)
    except FileNotFoundError:
        raise failed(f"{program} was not found (it is run without a shell: give its "
                     "full path)") from None
    except subprocess.TimeoutExpired:
        raise failed(f"{program} printed no key within {KEY_COMMAND_TIMEOUT_S:g} s") from None
    except OSError as exc:
        raise failed(f"could not run {program} ({exc.strerror})") from None
    if done.returncode != 0:
        said = "" if quiet else "; its own message is above"
        raise failed(f"{program} failed (exit {done.returncode}){said}")
    lines = done.stdout.decode("utf-8", errors="replace").splitlines()
    key = lines[0].strip() if lines else ""
    if not key:
        raise failed(f"{program} printed no key on its first line")
    if not sendable_in_header(key):
        raise failed(UNSENDABLE_KEY)
    return Secret(key)


def key_source(cfg: Config, env: Mapping[str, str] | None = None) -> str:
    """Where the key comes from, in words, without reading it or running a command."""
    env = os.environ if env is None else env
    if env.get(cfg.api.api_key_env, "").strip():
        return f"${cfg.api.api_key_env} is set, hidden"
    if cfg.api.key_command:
        return (f"${cfg.api.api_key_env} is not set: from api.key_command "
                f"({cfg.api.key_command[0]} …, not run here)")
    return f"${cfg.api.api_key_env} is NOT SET"


def gateway_key(cfg: Config, env: Mapping[str, str] | None = None) -> Secret:
    """The gateway's key (``[gateway] key_env``); empty when no gateway is configured."""
    if not cfg.gateway.base_url:
        return Secret("")
    return key_from_env(cfg.gateway.key_env, env)


MIN_SECRET_LEN = 8  # shorter values match too much ordinary text to be worth a warning


def exposure_warning(cfg: Config, env: Mapping[str, str] | None = None) -> str | None:
    """A warning when the config file is readable by others *and* holds a secret.

    The file never needs a secret (keys live in the environment), so "holds a secret"
    means: the file's text contains the value of the API key, webhook key or serve token
    variable (pasted into any setting, or a comment), or a URL carries a password
    (``https://user:secret@host``). Only the file's mode and text are checked; the
    message never repeats the secret.
    """
    path = cfg.source
    if path is None:
        return None
    try:
        mode = path.stat().st_mode & 0o777
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not mode & 0o044:
        return None
    env = os.environ if env is None else env
    held = [
        f"the value of {name}"
        for name in (cfg.api.api_key_env, cfg.gateway.key_env, cfg.webhook.key_env,
                     cfg.serve.token_env)
        if len(value := env.get(name, "").strip()) >= MIN_SECRET_LEN and value in text
    ]
    for url in (cfg.api.base_url, cfg.api.media_url, cfg.gateway.base_url):
        if urlsplit(url).password:
            held.append("a password in a URL")
    if not held:
        return None
    return (
        f"{path} is readable by other users (mode {mode:04o}) and holds "
        f"{' and '.join(held)}: "
        f"run chmod 600 {path}, and keep keys only in the environment."
    )
