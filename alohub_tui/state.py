"""What the app remembers for every profile alike: the theme.

Kept apart from the user's config.toml (which is theirs, with their comments) in a
small TOML file, written atomically with mode 0600
(:func:`alohub_tui.privfiles.write_atomic`). A corrupt or unreadable file is set aside
(renamed ``.corrupt``) and the app starts fresh rather than failing.

Everything that belongs to a tenant (recent dials, the last applied queues, the audit
log) is in the profile's local store (:mod:`alohub_tui.store`). Before profiles this file
held the dials and queues too; :mod:`alohub_tui.store.legacy` moves them into the first
profile opened, once, and leaves only the theme here.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from alohub_tui.privfiles import write_atomic


class StateStore:
    """A small TOML document of global remembered values, saved on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warning: str | None = None
        self.data: dict[str, Any] = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self.warning = f"Could not read {self.path} ({exc.strerror}); starting fresh."
            return {}
        try:
            return tomllib.loads(raw.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            aside = self.path.with_suffix(".corrupt")
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
            self.warning = f"{self.path} was damaged; kept it as {aside.name} and started fresh."
            return {}

    def save(self) -> None:
        write_atomic(self.path, tomli_w.dumps(self.data).encode("utf-8"))

    @property
    def theme(self) -> str | None:
        value = self.data.get("theme")
        return value if isinstance(value, str) else None

    def set_theme(self, theme: str) -> None:
        self.data["theme"] = theme
        self.save()
