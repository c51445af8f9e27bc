"""Pilot: the audit log view, undo, and read-only mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from _agents_ui import agents_app
from _screen_text import screen_lines, screen_text
from textual.widgets import SelectionList, Static

from alohub_tui.ui.screens.audit import AuditScreen
from alohub_tui.ui.screens.bulk import BulkScreen
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.queue_editor import QueueEditorScreen
from alohub_tui.ui.tabs.agents import AgentsTab

KNOWN = {"userName66": {"callin_ids": [1, 2], "callout_id": 99999, "extensions": ["6688"],
                        "applied_at": "2026-11-27T10:00:00+07:00"}}
ORIGINAL = {"action": "EDIT", "callinId": [1, 2], "calloutId": 99999, "lstExtension": ["6688"]}


async def test_undo_restores_previous_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    async with agents_app(tmp_path, monkeypatch, known=KNOWN) as h:
        await h.type("userName66")
        await h.pilot.press("enter", "enter")
        await h.pilot.pause()
        assert isinstance(h.app.screen, QueueEditorScreen)
        await h.pilot.press("space")  # take Sales (1) away
        await h.pilot.press("f6", "y")
        await h.settle()
        assert h.sim.tenant.agents["userName66"].callin_ids == [2]
        await h.pilot.press("escape", "f8")
        await h.pilot.pause()
        audit = h.app.screen
        assert isinstance(audit, AuditScreen)
        assert audit.entries[0].agent == "userName66" and audit.entries[0].result == "ok"

        await h.pilot.press("u")
        await h.pilot.pause()
        assert isinstance(h.app.screen, ConfirmScreen)
        assert "+ callin Sales (1)" in h.app.screen.question
        await h.pilot.press("y")
        await h.settle()

        assert h.updates()[-1]["body"] == ORIGINAL
        assert h.sim.tenant.agents["userName66"].callin_ids == [1, 2]
        assert h.app.store.agents.agent_states()["userName66"]["callin_ids"] == [1, 2]
        newest = audit.entries[0]  # reloaded after the undo
        assert newest.kind == "undo" and newest.undo_of == audit.entries[1].id


async def test_read_only_hides_every_action_that_sends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    async with agents_app(tmp_path, monkeypatch, read_only=True, known=KNOWN) as h:
        ids = {b.binding.id for b in h.app.screen.active_bindings.values()}
        assert "agents.view" in ids and "agents.audit" in ids
        assert not ids & {"agents.edit", "agents.bulk", "agents.mark", "agents.mark_all"}
        assert "f6 View" in screen_lines(h.app)[-1]  # the footer says View too
        assert not h.app.query("#agent-bulk")
        await h.pilot.press("f7")
        await h.pilot.pause()
        assert not isinstance(h.app.screen, BulkScreen)
        assert "read-only mode" in screen_text(h.app)  # said, not silently ignored
        h.app.query_one("#agent-status", Static).update("")
        await h.pilot.press("space")
        await h.pilot.pause()
        assert "a queue change is not sent" in " ".join(screen_text(h.app).split())
        assert not h.app.query_one(AgentsTab).marked

        await h.pilot.press("f6")
        await h.pilot.pause()
        editor = h.app.screen
        assert isinstance(editor, QueueEditorScreen)
        assert not editor.query("#editor-apply")
        assert "editor.apply" not in {b.binding.id for b in editor.active_bindings.values()}
        ticked = editor.query_one("#editor-callin", SelectionList).selected
        await h.pilot.press("space", "enter", "f6", "ctrl+s")
        await h.pilot.pause()
        assert h.app.screen is editor
        assert editor.query_one("#editor-callin", SelectionList).selected == ticked
        assert "View" in screen_text(h.app) and not editor.query("#editor-new-ext")

        await h.pilot.press("escape", "f8")
        await h.pilot.pause()
        audit = h.app.screen
        assert isinstance(audit, AuditScreen)
        assert not audit.query("#audit-undo")
        assert "audit.undo" not in {b.binding.id for b in audit.active_bindings.values()}
        assert h.updates() == []
