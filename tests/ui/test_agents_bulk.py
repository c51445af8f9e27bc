"""Pilot: bulk reassignment over three agents, one of which the server refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from _agents_ui import Harness, agents_app
from textual.widgets import DataTable

from alohub_tui.config import CatalogAgent
from alohub_tui.ui.screens.bulk import DONE, FAILED, BulkScreen
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.typed_confirm import TypedConfirmScreen

GHOST = CatalogAgent("ghost99", "Not on the server", ("9988",))


async def mark(h: Harness, user_name: str) -> None:
    await h.pilot.press("slash", "ctrl+u")
    await h.type(user_name)
    await h.pilot.press("enter", "space")


async def test_bulk_two_succeed_one_fails_then_retry_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    async with agents_app(tmp_path, monkeypatch, extra_agents=[GHOST]) as h:
        for user in ("userName60", "userName61", "ghost99"):
            await mark(h, user)
        await h.pilot.press("f7")
        await h.pilot.pause()
        bulk = h.app.screen
        assert isinstance(bulk, BulkScreen)
        assert [a.user_name for a in bulk.agents] == ["ghost99", "userName60", "userName61"]

        # Operation "Set" is the default; choose callin queues 1 and 3.
        await h.pilot.press("tab", "space", "down", "down", "space")
        assert all(r.sendable for r in bulk.rows)
        assert bulk.rows[1].wanted is not None and bulk.rows[1].wanted.callin_ids == (1, 3)

        await h.pilot.press("f6")
        await h.pilot.pause()
        assert isinstance(h.app.screen, TypedConfirmScreen)
        await h.type("2")  # the wrong number does not send
        await h.pilot.press("enter")
        assert isinstance(h.app.screen, TypedConfirmScreen)
        await h.pilot.press("backspace")
        await h.type("3")
        await h.pilot.press("enter")
        await h.settle()

        assert [u["query"]["userName"] for u in h.updates()] == [
            "ghost99", "userName60", "userName61",
        ]
        assert bulk.status == {"ghost99": FAILED, "userName60": DONE, "userName61": DONE}
        assert "ghost99" in bulk.errors and "Không tìm thấy" in bulk.errors["ghost99"]
        cells = bulk.query_one("#bulk-preview", DataTable).get_row("ghost99")
        assert "Không tìm thấy" in cells[1]
        assert h.sim.tenant.agents["userName60"].callin_ids == [1, 3]

        await h.pilot.press("ctrl+r")
        await h.pilot.pause()
        assert isinstance(h.app.screen, ConfirmScreen)
        await h.pilot.press("y")
        await h.settle()
        updates = h.updates()
        assert len(updates) == 4
        assert updates[-1]["query"] == {"userName": "ghost99"}
        assert bulk.status["ghost99"] == FAILED


async def test_add_is_refused_for_unknown_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    known = {"userName60": {"callin_ids": [2], "extensions": ["6088"],
                            "applied_at": "2026-11-27T10:00:00+07:00"}}
    async with agents_app(tmp_path, monkeypatch, known=known) as h:
        for user in ("userName60", "userName61"):
            await mark(h, user)
        await h.pilot.press("f7")
        await h.pilot.pause()
        bulk = h.app.screen
        assert isinstance(bulk, BulkScreen)
        await h.pilot.press("enter", "down", "enter")  # operation: Add
        await h.pilot.press("tab", "space")  # queue 1
        ok, refused = bulk.rows
        assert ok.wanted is not None and ok.wanted.callin_ids == (1, 2)
        assert refused.refused is not None and "unknown" in refused.refused
        await h.pilot.press("f6")
        await h.pilot.pause()
        await h.type("1")
        await h.pilot.press("enter")
        await h.settle()
        assert [u["body"] for u in h.updates()] == [
            {"action": "EDIT", "callinId": [1, 2], "lstExtension": ["6088"]}
        ]


async def test_add_starts_from_the_queues_read_from_alohub(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """With the gateway the list shows each agent's callin queues as read from Alohub;
    bulk Add refused them all as "last known queues unknown" (it looked only at what was
    applied from here), and Set showed every queue as new ("was unknown")."""
    async with agents_app(tmp_path, monkeypatch, gateway=True) as h:
        await h.settle()
        user = "userName60"
        before = list(h.sim.tenant.agents[user].callin_ids)
        assert before
        await mark(h, user)
        await h.pilot.press("f7")
        await h.pilot.pause()
        bulk = h.app.screen
        assert isinstance(bulk, BulkScreen)
        await h.pilot.press("enter", "down", "enter")  # Operation: Add these queues
        added = next(q for q in range(1, 7) if q not in before)
        await h.pilot.press("tab", *["down"] * (added - 1), "space")
        (row,) = bulk.rows
        assert row.sendable and row.wanted is not None, row.refused
        assert row.wanted.callin_ids == tuple(sorted({*before, added}))
        assert row.diff is not None and row.diff.known
        assert row.diff.callin_added == (added,) and not row.diff.callin_removed
