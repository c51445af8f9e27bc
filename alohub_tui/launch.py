"""Open the TUI: resolve config (or start the demo; on a first run, ask for it), open
the profile's local store, run the app.

``--wall`` opens the read-only wall screen instead; it needs no API key, only the
call events (the receiver when configured, the demo's, or the stored ones).
"""

from __future__ import annotations

import argparse
import sys

from alohub_tui import paths
from alohub_tui.boot.connect import resolve
from alohub_tui.boot.first_run import needs_setup
from alohub_tui.boot.logsetup import setup_logging
from alohub_tui.boot.served import hang_up_when_orphaned, served_from_env
from alohub_tui.boot.sighup import exit_on_hangup, settle_in_flight
from alohub_tui.exitcodes import EXIT_API_ERROR, EXIT_HANGUP, EXIT_OK, EXIT_USAGE
from alohub_tui.state import StateStore
from alohub_tui.store.db import NewerStore, StoreError
from alohub_tui.store.local import open_local_store


def run_tui(args: argparse.Namespace) -> int:
    wall = bool(getattr(args, "wall", False))
    typed_key = None
    if needs_setup(args):  # a first run: ask (ui/setup.py) rather than stop
        if _no_terminal():
            return EXIT_USAGE
        from alohub_tui.ui.setup import run_setup

        answered = run_setup(paths.default_config_path())
        if answered is None:
            print("alohub-tui: nothing written; `alohub-tui config init` asks the same "
                  "questions, `alohub-tui --demo` needs none.", file=sys.stderr)
            return EXIT_OK
        print(f"alohub-tui: wrote {answered.path}", file=sys.stderr)
        typed_key = answered.key
    resolved = resolve(args, need_api=not wall, fresh_demo=True, typed_key=typed_key)
    if served_from_env() is not None:  # a browser session of `alohub-tui serve`
        hang_up_when_orphaned()
    try:
        setup_logging(paths.log_file(), resolved.api_key)
        if wall:
            from alohub_tui.ui.wall import WallApp

            if _no_terminal():  # after resolve: a config error is the more useful line
                return EXIT_USAGE
            for note in resolved.notes:
                print(f"alohub-tui: {note}", file=sys.stderr)
            wall_app = WallApp(resolved)
            with exit_on_hangup(wall_app) as hangup:
                wall_app.run()
        else:
            from alohub_tui.ui.app import AlohubApp

            try:
                store = open_local_store(resolved.profile)
            except StoreError as exc:  # before any UI: one line, nothing overwritten
                print(f"alohub-tui: {exc.strerror}", file=sys.stderr)
                return EXIT_USAGE if isinstance(exc, NewerStore) else EXIT_API_ERROR
            if _no_terminal():  # after the config and the store: their lines say more
                store.close()
                return EXIT_USAGE
            app = AlohubApp(resolved, StateStore(paths.state_file()), store)
            try:
                with exit_on_hangup(app, lambda: settle_in_flight(store)) as hangup:
                    app.run()
            finally:
                settle_in_flight(store)  # a dial cut short by quitting or a hang-up
                store.close()
    finally:
        if resolved.demo is not None:
            resolved.demo.stop()
    return EXIT_HANGUP if hangup.received else EXIT_OK


def _no_terminal() -> bool:
    """True (and says so) when there is no terminal to run a screen on. Textual reads
    keys from stdin and draws on stderr: without a terminal it would draw escape codes
    into a file or pipe, and nothing could ever quit it. serve's app processes have none
    and need none."""
    if served_from_env() is not None or (sys.stdin.isatty() and sys.stderr.isatty()):
        return False
    print("alohub-tui: the TUI needs a terminal (its keyboard and screen); in a script "
          "use a command instead (`alohub-tui --help` lists them)", file=sys.stderr)
    return True
