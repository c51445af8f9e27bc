"""Open the TUI: resolve config (or start the demo), load remembered state, run the app."""

from __future__ import annotations

import argparse

from alohub_tui import paths
from alohub_tui.connect import resolve
from alohub_tui.logsetup import setup_logging
from alohub_tui.state import StateStore


def run_tui(args: argparse.Namespace) -> int:
    resolved = resolve(args)
    try:
        setup_logging(paths.state_dir() / "alohub-tui.log", resolved.api_key)
        from alohub_tui.ui.app import AlohubApp

        state = StateStore(paths.state_file())
        AlohubApp(resolved, state).run()
    finally:
        if resolved.demo is not None:
            resolved.demo.stop()
    return 0
