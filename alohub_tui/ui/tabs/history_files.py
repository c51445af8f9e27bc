"""What the History tab hands out: a call's recording downloaded or played, a search
exported, an id copied to the clipboard.

Downloads and exports are not exclusive: each reserves its own file name
(:func:`alohub_tui.privfiles.reserve_unique`), so none overwrites another, and shows its
progress in the tab's transfer line. Playing downloads the recording to a private cache
once, then starts an external player detached from the terminal. In a page of
``alohub-tui serve`` both hand the recording to the browser instead (Textual's delivery).
"""

from __future__ import annotations

import mimetypes
import os
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
    Playback,
    Player,
    cached_recording,
    find_player,
    is_cached,
    launch,
)
from alohub_tui.history.remote import SshOrigin, fetch_commands, ssh_origin
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
        self.on_playing: Callable[[Playback], None] | None = None  # shows the playing state
        self._downloaded: dict[str, tuple[Path, int]] = {}  # recording -> (file, size)

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

    def _saved(self, record: CallRecord) -> Path | None:
        """The file this session downloaded ``record``'s recording to, if it is still
        there as it was saved (the user may have replaced or removed it)."""
        path, size = self._downloaded.get(record.recording_url, (None, -1))
        try:
            return path if path is not None and path.stat().st_size == size else None
        except OSError:
            return None

    def download(self, record: CallRecord,
                 then: Callable[[Path], None] | None = None) -> None:
        """Save the recording in the downloads folder (``then`` gets its path)."""
        if not self._has_recording(record):
            return
        if self.owner.app.is_web:  # served (alohub-tui serve): to the browser's own downloads
            self._to_browser(record, "download")
            return
        saved = self._saved(record)
        if saved is not None:
            hint = "\np plays it." if find_player() is not None else ""
            self.owner.notify(f"{saved}{hint}", title="Already saved")
            if then is not None:
                then(saved)
            return
        folder = self.host.config.downloads_path
        try:
            dest = reserve_unique(folder, recording_file_name(record.recording_url,
                                                              record.call_id))
        except OSError as exc:
            self._fail("Cannot save the recording", exc)
            return
        self.host.run_api(self._save(record, dest, then), group="download",
                          description=f"download {record.call_id}")

    async def _save(self, record: CallRecord, dest: Path,
                    then: Callable[[Path], None] | None) -> None:
        if await self._fetch_recording(record, dest, announce=True):
            self._downloaded[record.recording_url] = (dest, dest.stat().st_size)
            if then is not None:
                then(dest)

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
        origin = ssh_origin(os.environ)
        if origin is not None:  # a player here would play on the server, not to the user
            self._offer_fetch(record, origin)
            return
        found = find_player()
        saved = self._saved(record)
        if found is None and saved is not None:  # nothing to offer: say where it is
            self.owner.notify(f"No audio player found ({PLAYER_NAMES}). The recording is "
                              f"saved at {saved}: open it with any audio player.",
                              title="No player found", severity="warning", timeout=15)
            return
        if found is None:
            self._offer_download(record)
            return
        if saved is not None:  # downloaded already: play that file, fetch no copy
            self._launch(*found, saved, record)
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
            process = launch(player, executable, path)
        except OSError as exc:
            self._fail(f"Could not start {player.name}", exc)
            return
        if self.on_playing is not None:
            self.on_playing(Playback(process, record.call_id, player.name))

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

    def _offer_fetch(self, record: CallRecord, origin: SshOrigin) -> None:
        """Over SSH: save the recording here and copy (OSC 52) the command that fetches
        it to the user's computer."""
        def copy_command(path: Path) -> None:
            scp, rsync = fetch_commands(origin, path)
            self.owner.app.copy_to_clipboard(scp)
            self.owner.notify(f"Copied to your clipboard: {scp}\nor: {rsync}\nRun it on your "
                              "computer, then play the file there.",
                              title="Fetch the recording", timeout=30)

        def answered(yes: bool | None) -> None:
            if yes:
                self.download(record, then=copy_command)

        self.owner.app.push_screen(
            ConfirmScreen("Over SSH",
                          f"alohub-tui runs on {origin.host} over SSH: a player started here "
                          "would play on that machine, not where you are. Save the recording "
                          "here and copy a scp command that fetches it to your computer?",
                          yes_label="Save and copy"),
            answered,
        )

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

    # ---------------------------------------------------------------- clipboard

    def copy_call_id(self, record: CallRecord) -> None:
        self._copy(record.call_id, "call id")

    def copy_txn(self, record: CallRecord) -> None:
        if not record.transaction_id:
            self.owner.notify(f"Call {record.call_id} has no transactionId.",
                              severity="warning")
            return
        self._copy(record.transaction_id, "transactionId")

    def _copy(self, text: str, what: str) -> None:
        """To the clipboard of the terminal the user sits at (OSC 52, also over SSH)."""
        self.owner.app.copy_to_clipboard(text)
        self.owner.notify(f"Copied {what} {text}", title="Clipboard")

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
