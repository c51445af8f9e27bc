"""The keys a config names: read from the environment, never from the file.

The config file names the variables that hold the API key, the gateway's key, the
webhook key and the serve token; :func:`api_key` reads the API key from its variable, and
:func:`exposure_warning` says when the file itself holds a secret anyway and others can
read it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
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


def api_key(cfg: Config, env: Mapping[str, str] | None = None) -> Secret:
    """The key from the environment variable the config names (empty Secret if unset)."""
    return key_from_env(cfg.api.api_key_env, env)


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
