"""The global state file: the theme only, atomic, private, survives damage."""

from __future__ import annotations

import stat
from pathlib import Path

from alohub_tui.state import StateStore


def test_theme_round_trip_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.toml"
    store = StateStore(path)
    assert store.theme is None
    store.set_theme("nord")
    assert StateStore(path).theme == "nord"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["state.toml"]  # no temp files left


def test_damaged_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text("this is [not toml", encoding="utf-8")
    store = StateStore(path)
    assert store.data == {}
    assert store.warning and "damaged" in store.warning
    assert (tmp_path / "state.corrupt").read_text(encoding="utf-8") == "this is [not toml"
