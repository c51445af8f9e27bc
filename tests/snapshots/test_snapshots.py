"""SVG snapshots of the main screens (pytest-textual-snapshot), from the seeded scenes.

The scenes pin the clock, the seed, the size, the transactionId and the cursor blink,
so a changed snapshot means a changed screen. Update with ``--snapshot-update`` after
looking at the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from alohub_tui.boot.demo import DemoBackend
from alohub_tui.ui.scenes import SETUP_PATH, SETUP_SHOT, SHOTS, Shot, scene_app, scene_backend
from alohub_tui.ui.setup import SetupApp


@pytest.fixture(scope="module")
def backend() -> Iterator[DemoBackend]:
    running = scene_backend()
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.parametrize("shot", SHOTS, ids=[s.name for s in SHOTS])
def test_screen(shot: Shot, backend: DemoBackend, tmp_path: Path, snap_compare: Any) -> None:
    app = scene_app(backend, tmp_path / "state.toml")
    assert snap_compare(app, terminal_size=shot.size, run_before=shot.play)


def test_first_run_setup(snap_compare: Any) -> None:
    assert snap_compare(SetupApp(SETUP_PATH), terminal_size=SETUP_SHOT.size,
                        run_before=SETUP_SHOT.play)
