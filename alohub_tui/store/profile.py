"""Profiles: what the app remembers belongs to one tenant, kept in one folder.

A profile is named by ``[profile] name`` in the config, or else after the tenant it talks
to: ``api.tenant_user@host[:port]`` (``host[:port]`` without a tenant user; ``default``
without a base URL). ``--demo`` always uses the ``demo`` profile (a configured name
cannot take it), so nothing of the simulator's ever mixes with a real tenant's.

The profile's files live in ``<data dir>/profiles/<folder>/`` (:func:`.paths.profile_dir`):
``local.sqlite3`` (dials, last applied queues, audit log; :mod:`.local`) and
``events.sqlite3`` (the webhook event store). The folder name is the profile name made
safe for any file system (lower case, no separators); when that changes the name, a
short hash of the name keeps two profiles apart.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from alohub_tui import paths
from alohub_tui.api.urls import origin
from alohub_tui.config import Config

DEMO = "demo"
DEFAULT = "default"
LOCAL_DB = "local.sqlite3"
EVENTS_DB = "events.sqlite3"
MAX_FOLDER = 48
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Profile:
    """One tenant's memory: its name, where it comes from, and its folder."""

    name: str
    origin: str  # why this name: "[profile] name", "api.base_url", "--demo"
    folder: Path

    @property
    def is_demo(self) -> bool:
        return self.name == DEMO and self.origin == "--demo"

    @property
    def local_db(self) -> Path:
        return self.folder / LOCAL_DB

    @property
    def events_db(self) -> Path:
        return self.folder / EVENTS_DB


def folder_name(name: str, *, demo: bool = False) -> str:
    """A folder name for ``name``: itself when already safe (and not the demo's folder
    for another profile), else a safe form and a short hash of the name."""
    safe = _UNSAFE.sub("_", name.strip().lower()).strip("._-")[:MAX_FOLDER] or "profile"
    if safe == name and (demo or safe != DEMO):
        return safe
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{safe}-{digest}"


def derived_name(config: Config) -> str:
    """``tenant_user@host[:port]`` of the API in use (``default`` without one)."""
    base = config.api.base_url
    if not base:
        return DEFAULT
    scheme, host, port = origin(base)
    where = host if port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    user = config.api.tenant_user.strip()
    return f"{user}@{where}" if user else where


def profile_for(config: Config, *, demo: bool) -> Profile:
    """The profile this run remembers into (see the module docstring)."""
    if demo:
        name, why = DEMO, "--demo"
    elif config.profile.name.strip():
        name, why = config.profile.name.strip(), "[profile] name"
    elif config.api.base_url:
        name, why = derived_name(config), "api.base_url and api.tenant_user"
    else:
        name, why = DEFAULT, "no api.base_url configured"
    return Profile(name, why, paths.profile_dir(folder_name(name, demo=demo)))


def short_name(name: str, width: int = 16) -> str:
    """The profile name for the top bar: at most ``width`` characters."""
    return name if len(name) <= width else name[:width - 1] + "…"
