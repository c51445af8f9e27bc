"""Private files are created 0600 (even under a permissive umask), and a config file
readable by others that holds a secret gets a warning at start."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from _faults import KEY

from alohub_tui.__main__ import main
from alohub_tui.agents.audit import AuditLog
from alohub_tui.api.client import AlohubClient
from alohub_tui.api.secret import Secret
from alohub_tui.boot.logsetup import setup_logging
from alohub_tui.config import load_config
from alohub_tui.config_keys import exposure_warning
from alohub_tui.sim.server import Simulator
from alohub_tui.state import StateStore
from alohub_tui.store.local import open_local_store
from alohub_tui.store.profile import Profile
from alohub_tui.webhook.samples import call_event
from alohub_tui.webhook.store import EventStore


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """0600 must come from the code, not from a strict umask on the test machine."""
    old = os.umask(0o002)
    try:
        yield
    finally:
        os.umask(old)


def test_state_file(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state" / "state.toml")
    store.set_theme("nord")
    assert mode(store.path) == 0o600


def test_local_store_dials_and_audit_log(tmp_path: Path) -> None:
    profile = Profile("hcm", "[profile] name", tmp_path / "profiles" / "hcm")
    with open_local_store(profile) as store:
        store.dials.save({"transaction_id": "T1", "number": "0912345678"})
        AuditLog(store).record_sent("userName66", {"action": "EDIT", "callinId": [1]}, None)
        files = [p for p in profile.folder.iterdir() if p.is_file()]
        assert {p.name for p in files} >= {"local.sqlite3", "local.sqlite3-wal"}
        assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
    assert mode(profile.folder) == 0o700


def test_event_store(tmp_path: Path) -> None:
    path = tmp_path / "events" / "events.sqlite3"
    store = EventStore(path)
    try:
        store.add(call_event("c1", "answered"))
    finally:
        store.close()
    files = [p for p in path.parent.iterdir() if p.is_file()]
    assert files and all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}


def test_log_file(tmp_path: Path) -> None:
    path = tmp_path / "state" / "alohub-tui.log"
    setup_logging(path, Secret(KEY))
    assert mode(path) == 0o600


async def test_downloaded_recording(sim: Simulator, tmp_path: Path) -> None:
    dest = tmp_path / "downloads" / "rec.mp3"
    dest.parent.mkdir()
    async with AlohubClient(sim.base_url, Secret(KEY), media_url=sim.media_url) as client:
        await client.download_recording("recording_url.mp3", dest)
    assert mode(dest) == 0o600


# ------------------------------------------------------------------ config exposure

def write_config(tmp_path: Path, text: str, file_mode: int) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(file_mode)
    return path


@pytest.mark.parametrize(
    ("text", "file_mode", "warned"),
    [
        (f'[api]\ntenant_user = "{KEY}"\n', 0o644, "ALOHUB_API_KEY"),
        (f'# my key: {KEY}\n[api]\nbase_url = "http://h/api"\n', 0o640, "ALOHUB_API_KEY"),
        ('[api]\nbase_url = "https://u:hunter22@h/api"\n', 0o644, "a password in a URL"),
        ('[webhook]\nkey_env = "HOOK"\n# HOOK is webhook-secret-1\n', 0o604, "HOOK"),
        (f'[api]\ntenant_user = "{KEY}"\n', 0o600, None),  # private: fine
        ('[api]\nbase_url = "http://h/api"\n', 0o644, None),  # no secret: fine
    ],
)
def test_exposed_secret_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, file_mode: int,
    warned: str | None,
) -> None:
    env = {"ALOHUB_API_KEY": KEY, "HOOK": "webhook-secret-1"}
    cfg = load_config(write_config(tmp_path, text, file_mode), env)
    warning = exposure_warning(cfg, env)
    if warned is None:
        assert warning is None
        return
    assert warning is not None and warned in warning and "chmod 600" in warning
    assert KEY not in warning and "hunter22" not in warning and "webhook-secret-1" not in warning


def test_cli_prints_the_warning_before_anything_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(tmp_path, f'[api]\ntenant_user = "{KEY}"\n', 0o644)
    monkeypatch.setenv("ALOHUB_API_KEY", KEY)
    monkeypatch.setenv("ALOHUB_BASE_URL", "http://127.0.0.1:9/api")
    code = main(["queue", "userName66", "--callin", "1", "--ext", "6688", "--dry-run",
                 "--config", str(path)])
    out, err = capsys.readouterr()
    assert code == 0
    assert err.startswith("alohub-tui: warning: ") and "mode 0644" in err
    assert KEY not in out + err
