"""The keys a config names: read from the environment, never from the file.

The config file names the variables that hold the API key, the webhook key and the
serve token; :func:`api_key` reads the API key from its variable, and
:func:`exposure_warning` says when the file itself holds a secret anyway and others can
read it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from alohub_tui.api.secret import Secret
from alohub_tui.config import Config


def api_key(cfg: Config, env: Mapping[str, str] | None = None) -> Secret:
    """The key from the environment variable the config names (empty Secret if unset)."""
    env = os.environ if env is None else env
    return Secret(env.get(cfg.api.api_key_env, "").strip())


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
        for name in (cfg.api.api_key_env, cfg.webhook.key_env, cfg.serve.token_env)
        if len(value := env.get(name, "").strip()) >= MIN_SECRET_LEN and value in text
    ]
    for url in (cfg.api.base_url, cfg.api.media_url):
        if urlsplit(url).password:
            held.append("a password in a URL")
    if not held:
        return None
    return (
        f"{path} is readable by other users (mode {mode:04o}) and holds "
        f"{' and '.join(held)}: "
        f"run chmod 600 {path}, and keep keys only in the environment."
    )
