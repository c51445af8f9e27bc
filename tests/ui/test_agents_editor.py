"""Pilot: the queue editor, keyboard only, against the real simulator."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest
from _agents_ui import Harness, agents_app
from textual.widgets import DataTable, Static

from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.queue_editor import QueueEditorScreen

EXPECTED = {"action": "EDIT", "callinId": [1, 2], "calloutId": 99999, "lstExtension": ["6688"]}


async def open_editor(h: Harness, user_filter: str) -> QueueEditorScreen:
    await h.type(user_filter)  # typing in the table starts the filter
    await h.pilot.press("enter")  # back to the table
    await h.pilot.press("enter")  # edit the highlighted agent
    await h.pilot.pause()
    assert isinstance(h.app.screen, QueueEditorScreen)
    return h.app.screen


async def choose_example_change(h: Harness) -> None:
    """Queues 1 and 2, callout 99999, extension 6688 typed in, by keys only."""
    await h.pilot.press("space", "down", "space")  # Sales (1), Support (2)
    await h.pilot.press("tab", "enter", "down", "enter")  # callout: Outbound (99999)
    await h.pilot.press("tab", "tab")  # past the extension list, into "add extension"
    await h.type("6688")
    await h.pilot.press("enter")


async def test_example_request_sent_exactly_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    async with agents_app(tmp_path, monkeypatch) as h:
        editor = await open_editor(h, "userName66")
        await choose_example_change(h)
        assert editor.wanted().body() == EXPECTED
        preview = str(editor.query_one("#editor-preview", Static).render())
        assert "POST http://127.0.0.1:" in preview
        assert "/api/setting/agent/updateQueue?userName=userName66" in preview
        assert json.dumps(EXPECTED) in preview
        assert "+ callin Sales (1)" in preview
        assert h.updates() == []  # nothing is sent before the confirmation

        await h.pilot.press("f6")
        await h.pilot.pause()
        assert isinstance(h.app.screen, ConfirmScreen)
        await h.pilot.press("y")
        await h.settle()

        updates = h.updates()
        assert len(updates) == 1
        assert updates[0]["method"] == "POST"
        assert updates[0]["query"] == {"userName": "userName66"}
        assert updates[0]["body"] == EXPECTED
        assert "✓ Applied" in str(editor.query_one("#editor-result", Static).render())

        # The known state is stored and shown in the list with its date.
        assert h.app.store.agents.agent_states()["userName66"]["callin_ids"] == [1, 2]
        await h.pilot.press("escape")
        table = h.app.query_one("#agent-table", DataTable)
        row = table.get_row("userName66")
        assert "1,2" in row and "99999" in row

        audit = h.app.store.path
        with sqlite3.connect(audit) as conn:
            rows = conn.execute("SELECT result, profile, data FROM audit ORDER BY seq").fetchall()
        assert [(result, profile) for result, profile, _ in rows] == [
            ("sent", h.app.resolved.profile.name), ("ok", h.app.resolved.profile.name)]
        first = json.loads(rows[0][2])
        assert first["body"] == EXPECTED and first["previous"] is None
        assert stat.S_IMODE(audit.stat().st_mode) == 0o600


async def test_failure_keeps_selection_and_retry_sends_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    async with agents_app(tmp_path, monkeypatch) as h:
        h.sim.set_faults(["envelope@updatequeue"])
        editor = await open_editor(h, "userName66")
        await choose_example_change(h)
        await h.pilot.press("f6", "y")
        await h.settle()

        result = str(editor.query_one("#editor-result", Static).render())
        assert "HỆ THỐNG OUTBOUND GẶP SỰ CỐ" in result
        assert editor.wanted().body() == EXPECTED  # every selection kept
        assert "userName66" not in h.app.store.agents.agent_states()

        h.sim.clear_faults()
        await h.pilot.press("ctrl+r")
        await h.settle()
        assert [u["body"] for u in h.updates()] == [EXPECTED, EXPECTED]
        assert "✓ Applied" in str(editor.query_one("#editor-result", Static).render())


async def test_no_callin_queue_is_warned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    async with agents_app(tmp_path, monkeypatch) as h:
        await open_editor(h, "userName66")
        await h.pilot.press("f6")
        await h.pilot.pause()
        confirm = h.app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "NO inbound calls" in confirm.question
        await h.pilot.press("n")
        await h.settle()
        assert h.updates() == []


async def test_the_list_shows_the_extensions_just_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Ext column showed the listed extensions after an apply that added one, while
    Callin beside it showed the applied queues: the row looked half applied."""
    async with agents_app(tmp_path, monkeypatch) as h:
        await open_editor(h, "userName66")
        await h.pilot.press("space")  # a callin queue
        await h.pilot.press("tab", "tab", "tab")  # past the callout and the list
        await h.type("6999")
        await h.pilot.press("enter", "f6")
        await h.pilot.pause()
        await h.pilot.press("y")
        await h.settle()
        sent = h.updates()[-1]["body"]["lstExtension"]
        assert "6999" in sent
        await h.pilot.press("escape")
        row = h.app.query_one("#agent-table", DataTable).get_row("userName66")
        assert ",".join(sent) in row
