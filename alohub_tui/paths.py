"""Where alohub-tui keeps its files.

Each location is resolved as: explicit environment override > XDG variable >
platformdirs default. Nothing here creates folders; callers do that when they write.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "alohub-tui"
CONFIG_FILE_NAME = "config.toml"
STATE_FILE_NAME = "state.toml"


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def _xdg_or_platform(env: Mapping[str, str], xdg_var: str, platform_dir: str) -> Path:
    xdg = env.get(xdg_var, "").strip()
    if xdg:
        return Path(xdg) / APP_NAME
    return Path(platform_dir)


def config_candidates(env: Mapping[str, str] | None = None) -> list[Path]:
    """Config files in lookup order (after an explicit ``--config``)."""
    env = _env(env)
    found: list[Path] = []
    explicit = env.get("ALOHUB_TUI_CONFIG", "").strip()
    if explicit:
        found.append(Path(explicit).expanduser())
    xdg = env.get("XDG_CONFIG_HOME", "").strip()
    if xdg:
        found.append(Path(xdg) / APP_NAME / CONFIG_FILE_NAME)
    found.append(Path(platformdirs.user_config_dir(APP_NAME)) / CONFIG_FILE_NAME)
    return found


def default_config_path(env: Mapping[str, str] | None = None) -> Path:
    """The file ``config init`` writes when no path is given."""
    return config_candidates(env)[0]


def state_dir(env: Mapping[str, str] | None = None) -> Path:
    env = _env(env)
    override = env.get("ALOHUB_TUI_STATE_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    return _xdg_or_platform(env, "XDG_STATE_HOME", platformdirs.user_state_dir(APP_NAME))


def state_file(env: Mapping[str, str] | None = None) -> Path:
    return state_dir(env) / STATE_FILE_NAME


def log_file(env: Mapping[str, str] | None = None) -> Path:
    """The app's log (the key scrubbed from it), beside the state file."""
    return state_dir(env) / "alohub-tui.log"


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The profiles' folders live here (and the audit log of before profiles)."""
    env = _env(env)
    override = env.get("ALOHUB_TUI_DATA_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    return _xdg_or_platform(env, "XDG_DATA_HOME", platformdirs.user_data_dir(APP_NAME))


def profiles_dir(env: Mapping[str, str] | None = None) -> Path:
    """One folder per profile (tenant) lives here: its local store and event store."""
    return data_dir(env) / "profiles"


def profile_dir(folder: str, env: Mapping[str, str] | None = None) -> Path:
    """The folder of one profile (``folder`` is already a safe name)."""
    return profiles_dir(env) / folder


def downloads_dir(env: Mapping[str, str] | None = None) -> Path:
    """Default folder for recordings and CSV exports."""
    env = _env(env)
    override = env.get("ALOHUB_TUI_DOWNLOADS_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_downloads_dir()) / APP_NAME
