"""Open the TUI: resolve config (or start the demo), load remembered state, run the app.

``--wall`` opens the read-only wall screen instead; it needs no API key, only the
call events (the receiver when configured, the demo's, or the stored ones).
"""

from __future__ import annotations

import argparse

from alohub_tui import paths
from alohub_tui.boot.connect import resolve
from alohub_tui.boot.logsetup import setup_logging
from alohub_tui.boot.served import hang_up_when_orphaned, served_from_env
from alohub_tui.boot.sighup import exit_on_hangup, settle_in_flight
from alohub_tui.exitcodes import EXIT_HANGUP, EXIT_OK
from alohub_tui.state import StateStore


def run_tui(args: argparse.Namespace) -> int:
    wall = bool(getattr(args, "wall", False))
    resolved = resolve(args, need_api=not wall)
    if served_from_env() is not None:  # a browser session of `alohub-tui serve`
        hang_up_when_orphaned()
    try:
        setup_logging(paths.state_dir() / "alohub-tui.log", resolved.api_key)
        if wall:
            from alohub_tui.ui.wall import WallApp

            wall_app = WallApp(resolved)
            with exit_on_hangup(wall_app) as hangup:
                wall_app.run()
        else:
            from alohub_tui.ui.app import AlohubApp

            state = StateStore(paths.state_file())
            app = AlohubApp(resolved, state)
            try:
                with exit_on_hangup(app, lambda: settle_in_flight(state)) as hangup:
                    app.run()
            finally:
                settle_in_flight(state)  # a dial cut short by quitting or a hang-up
    finally:
        if resolved.demo is not None:
            resolved.demo.stop()
    return EXIT_HANGUP if hangup.received else EXIT_OK
