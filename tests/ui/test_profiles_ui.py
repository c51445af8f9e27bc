"""Pilot: the profile in the TUI (issue 13): another process's writes show up within a few
seconds, the demo's memory never shows on a real tenant, and the top bar names the
profile at 80 columns."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

import pytest
from _agents_ui import agents_app
from conftest import AppFactory, wait_for
from textual.widgets import DataTable, Input, Static

from alohub_tui.agents.audit import BEFORE_PROFILES, AuditLog
from alohub_tui.agents.model import KnownState, QueueSet
from alohub_tui.dial.record import Dial
from alohub_tui.sim.server import Simulator
from alohub_tui.store.local import open_local_store
from alohub_tui.store.profile import profile_for
from alohub_tui.ui.screens.audit import AuditScreen
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.vntime import now_vn

FIXTURES = Path(__file__).parent.parent / "fixtures" / "legacy"


async def other_process(sim: Simulator, tmp_path: Path, *args: str) -> None:
    """``alohub-tui ARGS`` in a second process on the same profile (same folders, host)."""
    env = {**os.environ, "ALOHUB_API_KEY": sim.config.api_key, "ALOHUB_BASE_URL": sim.base_url,
           "ALOHUB_MEDIA_URL": sim.media_url, "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "ALOHUB_TUI_CONFIG": ""}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "alohub_tui", *args, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()


async def test_a_second_instances_dial_appears_in_recent_dials_and_is_guarded(
    app_factory: AppFactory, sim: Simulator, tmp_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one("#recent-dials", DataTable)
        assert table.row_count == 0
        await other_process(sim, tmp_path, "call", "0912345671", "--ext", "6688",
                            "--txn", "OTHER_WINDOW_1", "--yes")
        await wait_for(pilot, lambda: "OTHER_WINDOW_1" in table.rows, timeout=5)
        assert "0912345671" in table.get_row("OTHER_WINDOW_1")
        # The duplicate guard knows it: dialling the same number here asks first.
        app.query_one("#phone", Input).value = "0912345671"
        app.query_one("#phone", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.screen.title_text == "Dial again?"
        await pilot.press("n")
    made = [r for r in sim.requests if str(r["path"]).endswith("/makeCall")]
    assert len(made) == 1  # only the other process's


async def test_another_processs_queue_change_shows_on_agents_and_in_the_audit_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with agents_app(tmp_path, monkeypatch) as h:
        table = h.app.query_one("#agent-table", DataTable)
        assert table.get_row("userName66")[-1] == "unknown"  # state from: nowhere yet
        await h.pilot.press("f8")
        await h.pilot.pause()
        audit = h.app.screen
        assert isinstance(audit, AuditScreen) and audit.entries == []
        await other_process(h.sim, tmp_path, "queue", "userName66", "--callin", "3",
                            "--ext", "6688", "--yes")
        await wait_for(h.pilot, lambda: len(audit.entries) == 1, timeout=5)
        assert audit.entries[0].agent == "userName66" and audit.entries[0].result == "ok"
        await h.pilot.press("escape")
        await wait_for(h.pilot, lambda: "3" in table.get_row("userName66"), timeout=5)
        assert table.get_row("userName66")[-1].startswith("here ")
        assert h.app.store.agents.agent_state("userName66") is not None


async def test_the_demos_memory_never_shows_on_the_real_tenant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a demo session remembered (written here as it would have) stays in the demo
    profile: the real tenant's TUI shows no demo dial, state or audit entry."""
    async def remember_a_demo_session() -> None:
        with open_local_store(profile_for(h.app.config, demo=True)) as demo:
            demo.dials.save(Dial(now_vn().replace(tzinfo=None, microsecond=0), "0912345678",
                                 "6688", "DEMO_TXN", outcome="sent").to_state())
            demo.agents.set_agent_state("userName66", KnownState(
                QueueSet.of([3], None, ["6688"]), now_vn()).to_dict())
            entry = AuditLog(demo).record_sent("userName66", {"callinId": [3]}, None)
            AuditLog(demo).record_result(entry, None)

    async with agents_app(tmp_path, monkeypatch) as h:
        await remember_a_demo_session()
        await h.pilot.pause(1.5)  # a watcher's poll: another profile's file is not watched
        assert h.app.query_one("#recent-dials", DataTable).row_count == 0
        row = h.app.query_one("#agent-table", DataTable).get_row("userName66")
        assert row[-3:] == ["unknown", "unknown", "unknown"]  # callin, callout, state from
        await h.pilot.press("f8")
        await h.pilot.pause()
        assert isinstance(h.app.screen, AuditScreen) and h.app.screen.entries == []
        detail = str(h.app.screen.query_one("#audit-detail", Static).render())
        assert "No queue changes logged yet." in detail


async def test_undo_of_a_change_from_before_profiles_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state_dir, data_dir = tmp_path / "state", tmp_path / "data"
    state_dir.mkdir()
    data_dir.mkdir()
    shutil.copyfile(FIXTURES / "state.toml", state_dir / "state.toml")
    shutil.copyfile(FIXTURES / "queue-audit.jsonl", data_dir / "queue-audit.jsonl")
    async with agents_app(tmp_path, monkeypatch) as h:
        assert any("Imported what alohub-tui remembered" in n.message
                   for n in h.app._notifications)
        await h.pilot.press("f8")
        await h.pilot.pause()
        audit = h.app.screen
        assert isinstance(audit, AuditScreen) and len(audit.entries) == 9
        undo_row = next(i for i, e in enumerate(audit.entries) if e.kind == "undo")
        audit.query_one("#audit-table", DataTable).move_cursor(row=undo_row)
        await h.pilot.pause()
        assert "before profiles" in str(audit.query_one("#audit-detail", Static).render())
        await h.pilot.press("f6")
        await h.pilot.pause()
        assert not isinstance(h.app.screen, ConfirmScreen)
        assert any(n.message == BEFORE_PROFILES for n in h.app._notifications)
        assert h.updates() == []


async def test_the_top_bar_names_the_profile_at_80_columns(app_factory: AppFactory,
                                                           sim: Simulator) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)):
        line = str(app.top_bar.render())  # the profile is named after the host: once
        assert line.startswith(f" alohub-tui  127.0.0.1:{sim.port}  ") and line.count(":") == 1
        assert app.resolved.profile.name == f"127.0.0.1:{sim.port}"
        app.top_bar.profile = "admin@tenant.ex…"
        app.top_bar.host = "a-very-long-tenant-host-name.example.com:9909"
        app.top_bar.read_only = True
        app.top_bar.health_detail = "1234 ms"
        line = str(app.top_bar.render())
        assert len(line) <= 80 and "admin@tenant.ex…" in line and "READ-ONLY" in line
        assert line.rstrip().endswith("1234 ms")  # the host is shortened, not the status
