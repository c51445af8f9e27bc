"""State file: atomic, private, survives damage, keeps what the app remembers."""

from __future__ import annotations

import stat
from pathlib import Path

from alohub_tui.state import MAX_RECENT_DIALS, StateStore


def test_round_trip_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.toml"
    store = StateStore(path)
    store.set_theme("nord")
    store.upsert_dial({"transaction_id": "T1", "number": "0912345678", "outcome": "sent"})
    store.set_agent_state("userName66", {"callin": [1, 2], "callout": 99999})
    again = StateStore(path)
    assert again.theme == "nord"
    assert again.recent_dials()[0]["number"] == "0912345678"
    assert again.agent_states()["userName66"]["callin"] == [1, 2]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["state.toml"]  # no temp files left


def test_upsert_replaces_same_transaction_and_bounds_list(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.toml")
    for i in range(MAX_RECENT_DIALS + 5):
        store.upsert_dial({"transaction_id": f"T{i}", "outcome": "sent"})
    store.upsert_dial({"transaction_id": "T3", "outcome": "answered"})
    dials = store.recent_dials()
    assert len(dials) == MAX_RECENT_DIALS
    assert dials[0] == {"transaction_id": "T3", "outcome": "answered"}
    assert sum(d["transaction_id"] == "T3" for d in dials) == 1


def test_damaged_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text("this is [not toml", encoding="utf-8")
    store = StateStore(path)
    assert store.data == {}
    assert store.warning and "damaged" in store.warning
    assert (tmp_path / "state.corrupt").read_text(encoding="utf-8") == "this is [not toml"
