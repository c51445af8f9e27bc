"""History tab: recording download and playback, CSV export, clipboard."""

from __future__ import annotations

import csv
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from _history_ui import media_requests, open_history, pick, plain, settle, table
from _screen_text import screen_lines
from conftest import AppFactory
from textual.pilot import Pilot
from textual.widgets import Static

from alohub_tui.api.models import CallRecord
from alohub_tui.config import HistoryConfig
from alohub_tui.history.player import Player
from alohub_tui.sim.mp3 import silent_mp3
from alohub_tui.sim.server import Simulator
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.screens.call_detail import CallDetailScreen
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.tabs import history_files as history_module
from alohub_tui.ui.tabs.history import HistoryTab
from alohub_tui.ui.widgets.call_detail import CallDetail


def recording_bytes(sim: Simulator, record: CallRecord) -> bytes:
    seconds = sim.recordings.lookup(record.recording_url)
    assert seconds is not None
    return silent_mp3(seconds)


async def select_call(pilot: Pilot[None], with_recording: bool,
                      with_txn: bool | None = None) -> CallRecord:
    """Move the cursor to the first call that has (or lacks) a recording (and a txn)."""
    rows = table(pilot.app)
    for index, key in enumerate(rows.rows):
        record = rows.record_for(str(key.value))
        if record is None or bool(record.recording_url) != with_recording:
            continue
        if with_txn is None or bool(record.transaction_id) == with_txn:
            rows.move_cursor(row=index)
            await pilot.pause()
            return record
    raise AssertionError("no such call on the page")


async def loaded(pilot: Pilot[None]) -> None:
    await open_history(pilot)
    await pick(pilot, "hf-range", "30d")


def downloads(tmp_path: Path) -> Path:
    return tmp_path / "downloads"


async def download_one(pilot: Pilot[None], tmp_path: Path) -> tuple[CallRecord, Path]:
    """Search, pick a call with a recording and download it (d): the call and its file."""
    await loaded(pilot)
    record = await select_call(pilot, with_recording=True)
    await pilot.press("d")
    await settle(pilot, "download")
    return record, downloads(tmp_path) / f"{record.call_id}.mp3"


async def test_download_writes_the_servers_bytes_and_never_overwrites(
    sim: Simulator, app_factory: AppFactory, tmp_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        record, saved = await download_one(pilot, tmp_path)
        assert saved.read_bytes() == recording_bytes(sim, record)
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        saved.write_bytes(b"mine")  # the user's own file by that name is kept
        await pilot.press("d")
        await settle(pilot, "download")
        assert saved.read_bytes() == b"mine"
        second = downloads(tmp_path) / f"{record.call_id}-1.mp3"
        assert second.read_bytes() == recording_bytes(sim, record)
        assert sorted(p.name for p in downloads(tmp_path).iterdir()) == [
            f"{record.call_id}-1.mp3", f"{record.call_id}.mp3"]


async def test_call_without_recording_says_so(sim: Simulator, app_factory: AppFactory,
                                              tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await select_call(pilot, with_recording=False)
        await pilot.press("d", "p")
        await settle(pilot)
        assert media_requests(sim) == []
        assert not downloads(tmp_path).exists() or not any(downloads(tmp_path).iterdir())


async def test_failed_download_leaves_no_file(sim: Simulator, app_factory: AppFactory,
                                              tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await select_call(pilot, with_recording=True)
        sim.set_faults(["http404@recording"])
        await pilot.press("d")
        await settle(pilot, "download")
        assert media_requests(sim)
        assert list(downloads(tmp_path).iterdir()) == []


async def test_detail_modal_and_its_keys(sim: Simulator, app_factory: AppFactory,
                                         tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        record = await select_call(pilot, with_recording=True, with_txn=True)
        await pilot.press("enter")
        assert isinstance(app.screen, CallDetailScreen)
        detail = app.screen.query_one(CallDetail)
        assert detail.record == record
        shown = plain(detail)
        for value in (record.call_id, record.transaction_id, record.recording_url,
                      record.caller_number, record.destination_number, record.agent):
            assert value in shown
        await pilot.press("c")  # copy the call id: closes the modal, copies
        assert not isinstance(app.screen, CallDetailScreen)
        assert app.clipboard == record.call_id
        await pilot.press("t")
        assert app.clipboard == record.transaction_id
        await select_call(pilot, with_recording=True, with_txn=False)
        await pilot.press("t")  # no transactionId: said so, clipboard unchanged
        assert app.clipboard == record.transaction_id
        await select_call(pilot, with_recording=True, with_txn=True)
        await pilot.press("i", "d")  # detail again, then download from it
        await settle(pilot, "download")
        saved = downloads(tmp_path) / f"{record.call_id}.mp3"
        assert saved.read_bytes() == recording_bytes(sim, record)


async def test_wide_screen_shows_detail_beside_the_table(
    sim: Simulator, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        pane = app.query_one("#history-detail", CallDetail)
        assert pane.display and pane.region.width > 0
        rows = table(app)
        assert pane.record == rows.selected_record
        await pilot.press("down", "down")
        assert pane.record == rows.selected_record
        assert pane.record is not None and pane.record.call_id in plain(pane)


async def test_export_writes_every_page(sim: Simulator, app_factory: AppFactory,
                                        tmp_path: Path) -> None:
    app = app_factory(history=HistoryConfig(page_size=20,
                                            downloads_dir=str(downloads(tmp_path))))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        page = app.query_one(HistoryTab).page
        assert page is not None and page.total > page.limit  # more than one page
        await pilot.press("e")
        await settle(pilot, "export")
        (exported,) = downloads(tmp_path).iterdir()
        assert exported.suffix == ".csv"
        assert stat.S_IMODE(exported.stat().st_mode) == 0o600
        with exported.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == page.total
        assert len({row["call_id"] for row in rows}) == page.total


async def test_an_export_of_no_calls_says_so_and_writes_nothing(
    sim: Simulator, app_factory: AppFactory, tmp_path: Path
) -> None:
    """A search that found nothing: e once wrote a CSV holding only its header."""
    app = app_factory(history=HistoryConfig(downloads_dir=str(downloads(tmp_path))))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"0999999999", "enter")
        await settle(pilot, "history-search")
        assert app.query_one(HistoryTab).page.records == ()
        await pilot.press("e")
        await settle(pilot, "export")
        assert not downloads(tmp_path).exists() or not list(downloads(tmp_path).iterdir())
        assert any("Nothing to export" in str(n.message) for n in app._notifications)


class FakeLaunch:
    """Records the player's arguments and starts a stand-in that plays for 30 s."""

    def __init__(self) -> None:
        self.calls: list[tuple[Player, str, Path]] = []
        self.processes: list[subprocess.Popen[bytes]] = []

    def __call__(self, player: Player, executable: str, path: Path) -> subprocess.Popen[bytes]:
        self.calls.append((player, executable, path))
        process = subprocess.Popen(["sleep", "30"], start_new_session=True)
        self.processes.append(process)
        return process

    def close(self) -> None:
        for process in self.processes:
            process.kill()
            process.wait()


@pytest.fixture
def fake_player(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLaunch]:
    fake = FakeLaunch()
    monkeypatch.setattr(history_module, "find_player",
                        lambda: (Player("mpv", ("--no-video",)), "/usr/bin/mpv"))
    monkeypatch.setattr(history_module, "launch", fake)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    try:
        yield fake
    finally:
        fake.close()


async def test_play_downloads_to_cache_then_launches(
    sim: Simulator, app_factory: AppFactory, fake_player: FakeLaunch, tmp_path: Path
) -> None:
    fake = fake_player
    mpv = Player("mpv", ("--no-video",))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        record = await select_call(pilot, with_recording=True)
        await pilot.press("p")
        await settle(pilot, "play")
        ((player, executable, path),) = fake.calls
        assert (player, executable) == (mpv, "/usr/bin/mpv")
        assert path.parent == tmp_path / "cache"
        assert path.read_bytes() == recording_bytes(sim, record)
        fetched = len(media_requests(sim))
        await pilot.press("p")  # cached: played again without a download
        await settle(pilot, "play")
        assert len(fake.calls) == 2 and len(media_requests(sim)) == fetched
        assert not downloads(tmp_path).exists()


async def test_no_player_offers_the_download(
    sim: Simulator, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(history_module, "find_player", lambda: None)
    app: AlohubApp = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        record = await select_call(pilot, with_recording=True)
        await pilot.press("p")
        assert isinstance(app.screen, ConfirmScreen)
        assert "mpv, ffplay, vlc" in app.screen.question
        await pilot.press("y")
        await settle(pilot, "download")
        saved = downloads(tmp_path) / f"{record.call_id}.mp3"
        assert saved.read_bytes() == recording_bytes(sim, record)


async def test_no_player_and_already_saved_names_the_file_and_asks_nothing(
    sim: Simulator, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Downloaded, then p without a player: offering to download it again (and then
    saying "p plays it") would send the user round in a circle."""
    monkeypatch.setattr(history_module, "find_player", lambda: None)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    app: AlohubApp = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        _record, saved = await download_one(pilot, tmp_path)
        assert all("p plays it" not in n.message for n in app._notifications)
        await pilot.press("p")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        toast = list(app._notifications)[-1]
        assert "mpv, ffplay, vlc" in toast.message and str(saved) in toast.message
        await pilot.press("d")  # again: said to be saved, with no "p plays it"
        await pilot.pause()
        toast = list(app._notifications)[-1]
        assert toast.title == "Already saved" and "p plays it" not in toast.message


async def test_playing_shows_and_x_stops_it(
    sim: Simulator, app_factory: AppFactory, fake_player: FakeLaunch
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        record = await select_call(pilot, with_recording=True)
        await pilot.press("p")
        await settle(pilot, "play")
        line = app.query_one("#history-playing", Static)
        assert line.display and f"▶ Playing {record.call_id} with mpv" in str(line.render())
        assert "x or F8 stops" in str(line.render())
        await pilot.pause()
        assert "x Stop" in screen_lines(app)[-1]  # the footer offers the stop key now
        (process,) = fake_player.processes
        await pilot.press("x")
        assert process.wait(timeout=5) is not None  # the player was ended
        assert not line.display


async def test_a_downloaded_recording_plays_from_its_file(
    sim: Simulator, app_factory: AppFactory, fake_player: FakeLaunch, tmp_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        record = await select_call(pilot, with_recording=True)
        await pilot.press("d")
        await settle(pilot, "download")
        fetched = len(media_requests(sim))
        await pilot.press("p")
        await settle(pilot, "play")
        ((_, _, path),) = fake_player.calls
        assert path == downloads(tmp_path) / f"{record.call_id}.mp3"
        await pilot.press("d")  # again: said to be saved, no copy
        await settle(pilot, "download")
        assert len(media_requests(sim)) == fetched
        assert [p.name for p in downloads(tmp_path).iterdir()] == [f"{record.call_id}.mp3"]


async def test_over_ssh_play_saves_and_copies_a_fetch_command(
    sim: Simulator, app_factory: AppFactory, fake_player: FakeLaunch, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.5 51000 10.0.0.9 2222")
    monkeypatch.setenv("USER", "ops")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        record = await select_call(pilot, with_recording=True)
        await pilot.press("p")
        assert isinstance(app.screen, ConfirmScreen)
        assert "10.0.0.9" in app.screen.question and "not where you are" in app.screen.question
        await pilot.press("y")
        await settle(pilot, "download")
        saved = downloads(tmp_path) / f"{record.call_id}.mp3"
        assert saved.read_bytes() == recording_bytes(sim, record)
        assert app.clipboard == f"scp -P 2222 ops@10.0.0.9:{saved} ."
        assert fake_player.calls == []  # nothing played on the server
