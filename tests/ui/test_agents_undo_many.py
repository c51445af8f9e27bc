"""Undo several changes in one confirmed step (the marked ones, or the last bulk change),
the cursor stays on its entry after an undo, and Home/End go to the first/last row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _agents_ui import Harness, agents_app
from textual.widgets import DataTable

from alohub_tui.ui.screens.audit import AuditScreen
from alohub_tui.ui.screens.bulk import BulkScreen
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.typed_confirm import TypedConfirmScreen
from alohub_tui.ui.widgets.fitted_table import FittedTable

AGENTS = ("userName60", "userName61", "userName62")
KNOWN: dict[str, dict[str, Any]] = {
    user: {"callin_ids": [1], "callout_id": 99999, "extensions": [f"6{n}88"],
           "applied_at": "2026-11-27T10:00:00+07:00"}
    for n, user in zip((0, 1, 2), AGENTS, strict=True)
}


async def bulk_add_queue_2(h: Harness) -> None:
    """Mark the three agents and add callin queue 2 to each (one bulk send)."""
    await h.pilot.press("space", "space", "space", "f7")
    await h.pilot.pause()
    assert isinstance(h.app.screen, BulkScreen)
    h.app.screen.query_one("#bulk-op").value = h.app.screen.operation.__class__("add")
    h.app.screen.query_one("#bulk-queues").select(2)
    await h.pilot.pause()
    await h.pilot.press("f6")
    await h.pilot.pause()
    assert isinstance(h.app.screen, TypedConfirmScreen)
    await h.type("3")
    await h.pilot.press("enter")
    await h.settle()
    for user in AGENTS:
        assert h.sim.tenant.agents[user].callin_ids == [1, 2]
    await h.pilot.press("escape")


async def open_audit(h: Harness) -> AuditScreen:
    await h.pilot.press("f8")
    await h.pilot.pause()
    assert isinstance(h.app.screen, AuditScreen)
    return h.app.screen


async def test_the_last_bulk_change_is_undone_in_one_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with agents_app(tmp_path, monkeypatch, known=KNOWN) as h:
        await bulk_add_queue_2(h)
        audit = await open_audit(h)
        await h.pilot.press("b")
        assert len(audit.marked) == 3
        sent = len(h.updates())
        await h.pilot.press("f6")
        await h.pilot.pause()
        assert isinstance(h.app.screen, ConfirmScreen)  # one question for all three
        assert all(user in h.app.screen.question for user in AGENTS)
        await h.pilot.press("y")
        await h.settle()
        assert len(h.updates()) == sent + 3
        for user in AGENTS:
            assert h.sim.tenant.agents[user].callin_ids == [1]
        assert audit.marked == set()


async def test_marked_changes_undone_together_and_the_cursor_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with agents_app(tmp_path, monkeypatch, known=KNOWN) as h:
        await bulk_add_queue_2(h)
        audit = await open_audit(h)
        table = audit.query_one("#audit-table", FittedTable)
        await h.pilot.press("end")  # the last row
        assert table.cursor_row == table.row_count - 1
        await h.pilot.press("home")
        assert table.cursor_row == 0
        first, second = audit.entries[0], audit.entries[1]
        await h.pilot.press("space", "space")  # marks two, moving down
        assert audit.marked == {first.id, second.id}
        await h.pilot.press("up")
        highlighted = table.cursor_key
        await h.pilot.press("f6", "y")
        await h.settle()
        assert sorted(user for user in AGENTS
                      if h.sim.tenant.agents[user].callin_ids == [1]) == sorted(
            {first.agent, second.agent})
        assert table.cursor_key == highlighted  # the same entry, though two lines came in


async def test_home_and_end_in_every_row_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with agents_app(tmp_path, monkeypatch) as h:
        table = h.app.query_one("#agent-table", DataTable)
        await h.pilot.press("end")
        assert table.cursor_row == table.row_count - 1 > 0
        await h.pilot.press("home")
        assert table.cursor_row == 0
