"""A profile's local store in a test's folder (no legacy files around to import)."""

from __future__ import annotations

from pathlib import Path

from alohub_tui.store.legacy import LegacyFiles
from alohub_tui.store.local import LocalStore, open_local_store
from alohub_tui.store.profile import DEMO, Profile


def make_profile(tmp_path: Path, name: str = "hcm", *, demo: bool = False) -> Profile:
    if demo:
        return Profile(DEMO, "--demo", tmp_path / "profiles" / DEMO)
    return Profile(name, "[profile] name", tmp_path / "profiles" / name)


def no_legacy(tmp_path: Path) -> LegacyFiles:
    none = tmp_path / "no-legacy"
    return LegacyFiles(none / "state.toml", none / "queue-audit.jsonl", none / "events.sqlite3")


def local_store(tmp_path: Path, name: str = "hcm", *, demo: bool = False) -> LocalStore:
    return open_local_store(make_profile(tmp_path, name, demo=demo), no_legacy(tmp_path))
