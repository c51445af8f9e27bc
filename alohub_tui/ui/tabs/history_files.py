"""The History tab's files: a call's recording downloaded or played, a search exported.

Downloads and exports are not exclusive: each reserves its own file name
(:func:`alohub_tui.privfiles.reserve_unique`), so none overwrites another, and shows its
progress in the tab's transfer line. Playing downloads the recording to a private cache
once, then starts an external player detached from the terminal. In a page of
``alohub-tui serve`` both hand the recording to the browser instead (Textual's delivery).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from textual.widget import Widget

from alohub_tui.api.errors import AlohubError
from alohub_tui.api.models import CallRecord, SearchCriteria
from alohub_tui.history.export import Exported, export_search
from alohub_tui.history.files import export_file_name, human_size, recording_file_name
from alohub_tui.history.player import (
    PLAYER_NAMES,
    Player,
    cached_recording,
    find_player,
    is_cached,
    launch,
)
from alohub_tui.privfiles import release, reserve_unique
from alohub_tui.ui.failures import describe
from alohub_tui.ui.host import Host
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.widgets.transfer_status import TransferStatus

EXPORT_GROUP = "export"


class HistoryFiles:
    """Recordings and CSV exports for ``owner`` (the History tab), which shows the toasts
    and dialogs; progress goes to the ``transfers`` line."""

    def __init__(self, owner: Widget, host: Host,
                 transfers: Callable[[], TransferStatus]) -> None:
        self.owner = owner
        self.host = host
        self._transfers = transfers

    @property
    def transfers(self) -> TransferStatus:
        return self._transfers()

    def _fail(self, doing: str, exc: BaseException) -> None:
        failure = describe(exc, self.host.resolved.api_key)
        self.owner.notify(f"{doing}: {failure.message}", title=failure.title,
                          severity=failure.severity, timeout=10)

    # ---------------------------------------------------------------- recordings

    def _has_recording(self, record: CallRecord) -> bool:
        if record.recording_url:
            return True
        status = record.call_status or "unknown"
        self.owner.notify(f"Call {record.call_id} ({status}) has no recording.",
                          severity="warning")
        return False

    def download(self, record: CallRecord) -> None:
        if not self._has_recording(record):
            return
        if self.owner.app.is_web:  # served (alohub-tui serve): to the browser's own downloads
            self._to_browser(record, "download")
            return
        folder = self.host.config.downloads_path
        try:
            dest = reserve_unique(folder, recording_file_name(record.recording_url,
                                                              record.call_id))
        except OSError as exc:
            self._fail("Cannot save the recording", exc)
            return
        self.host.run_api(self._fetch_recording(record, dest, announce=True),
                            group="download", description=f"download {record.call_id}")

    async def _fetch_recording(self, record: CallRecord, dest: Path, *,
                               announce: bool) -> bool:
        """Download ``record``'s recording to ``dest`` with progress; True when saved."""
        job = f"rec:{dest}"
        self.transfers.begin(job, f"⇣ {dest.name}", fmt=human_size)
        saved = False
        try:
            await self.host.client.download_recording(
                record.recording_url, dest,
                progress=lambda done, total: self.transfers.advance(job, done, total),
            )
            saved = True
        except (AlohubError, OSError) as exc:
            self._fail("Recording not downloaded", exc)
        finally:
            self.transfers.end(job)
            if not saved:
                release(dest)
        if saved and announce:
            size = human_size(dest.stat().st_size)
            self.owner.notify(f"{dest} ({size})", title="Recording saved", timeout=8)
        return saved

    def play(self, record: CallRecord) -> None:
        if not self._has_recording(record):
            return
        if self.owner.app.is_web:  # served: the listener is at the browser, not at this machine
            self._to_browser(record, "browser")
            return
        found = find_player()
        if found is None:
            self._offer_download(record)
            return
        try:
            path = cached_recording(record.recording_url, record.call_id)
        except OSError as exc:
            self._fail("Cannot prepare the recording", exc)
            return
        if is_cached(path):
            self._launch(*found, path, record)
            return
        self.host.run_api(self._fetch_and_play(record, path, *found), group="play",
                            description=f"play {record.call_id}")

    async def _fetch_and_play(self, record: CallRecord, path: Path, player: Player,
                              executable: str) -> None:
        if await self._fetch_recording(record, path, announce=False):
            self._launch(player, executable, path, record)

    def _launch(self, player: Player, executable: str, path: Path, record: CallRecord) -> None:
        try:
            launch(player, executable, path)
        except OSError as exc:
            self._fail(f"Could not start {player.name}", exc)
            return
        self.owner.notify(f"Playing {record.call_id} with {player.name} "
                          "(in the background; it stops at the end).", title="Playing")

    def _to_browser(self, record: CallRecord, open_method: Literal["download", "browser"]
                    ) -> None:
        try:
            path = cached_recording(record.recording_url, record.call_id)
        except OSError as exc:
            self._fail("Cannot prepare the recording", exc)
            return
        self.host.run_api(self._deliver(record, path, open_method), group="download",
                          description=f"recording {record.call_id} to the browser")

    async def _deliver(self, record: CallRecord, path: Path,
                       open_method: Literal["download", "browser"]) -> None:
        """Fetch into the private cache (once), then hand it to the page (Textual's
        delivery, relayed by alohub-tui serve)."""
        if is_cached(path) or await self._fetch_recording(record, path, announce=False):
            self.owner.app.deliver_binary(
                path, save_filename=path.name, open_method=open_method,
                mime_type=mimetypes.guess_type(path.name)[0] or "audio/mpeg")
            doing = "Playing in your browser" if open_method == "browser" else "Downloading"
            self.owner.notify(f"{path.name} ({human_size(path.stat().st_size)})", title=doing)

    def _offer_download(self, record: CallRecord) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.download(record)

        folder = self.host.config.downloads_path
        self.owner.app.push_screen(
            ConfirmScreen("No player found",
                          f"No audio player found ({PLAYER_NAMES}). "
                          f"Download the recording to {folder} instead?",
                          yes_label="Download"),
            answered,
        )

    # ---------------------------------------------------------------- export

    def export(self, criteria: SearchCriteria, total: int | None) -> None:
        """Every page of the search ``criteria`` to a new CSV file in the downloads."""
        if any(w.group == EXPORT_GROUP and w.is_running for w in self.owner.app.workers):
            self.owner.notify("An export is already running.", severity="warning")
            return
        try:
            dest = reserve_unique(self.host.config.downloads_path,
                                  export_file_name(self.host.clock()))
        except OSError as exc:
            self._fail("Cannot export", exc)
            return
        self.host.run_api(self._export(criteria, dest, total), group=EXPORT_GROUP,
                            description=f"export {dest.name}")

    async def _export(self, criteria: SearchCriteria, dest: Path, total: int | None) -> None:
        job = f"csv:{dest}"
        self.transfers.begin(job, f"⇣ {dest.name}", total=total,
                             fmt=lambda n: f"{n:,.0f} rows")
        done: Exported | None = None
        try:
            done = await export_search(
                self.host.client, criteria, dest,
                progress=lambda rows, known: self.transfers.advance(job, rows, known),
            )
        except (AlohubError, OSError) as exc:
            self._fail("Export failed", exc)
        finally:
            self.transfers.end(job)
            if done is None:
                release(dest)
        if done is not None:
            notes = "".join(f"\n⚠ {note}" for note in done.notes)
            self.owner.notify(f"{done.rows:,} calls → {dest}{notes}", title="CSV exported",
                              severity="warning" if done.notes else "information",
                              timeout=15 if done.notes else 10)
