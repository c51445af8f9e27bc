"""Command line entry point: the TUI by default, plus one-shot subcommands.

Fatal config problems exit with code 2 and one line before any UI starts; the exit
codes are :mod:`alohub_tui.exitcodes`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from alohub_tui import __version__
from alohub_tui.exitcodes import EXIT_API_ERROR, EXIT_INTERRUPTED, EXIT_USAGE


class _Parser(argparse.ArgumentParser):
    """argparse with one line for a bad argument: the problem and where help is (not the
    whole usage block), exit code 2. Subcommand parsers are of this class too."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _add_connection_flags(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """Flags accepted both before and after a subcommand.

    On subcommands they default to SUPPRESS so ``alohub-tui --demo history`` keeps the
    top-level value instead of the subparser resetting it.
    """
    extra: dict[str, Any] = {} if top_level else {"default": argparse.SUPPRESS}
    parser.add_argument(
        "--config", type=Path, metavar="PATH", help="config file to read", **extra
    )
    parser.add_argument(
        "--base-url", metavar="URL", help="API base URL, e.g. https://host:9909/api", **extra
    )
    parser.add_argument(
        "--media-url", metavar="URL", help="recording server, e.g. https://host:1777", **extra
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the embedded Alohub simulator (no account or key needed), "
        "remembering into the demo profile",
        **extra,
    )


def _add_keep_demo_data(parser: argparse.ArgumentParser, **extra: Any) -> None:
    parser.add_argument(
        "--keep-demo-data", action="store_true",
        help="with --demo: keep what the last demo remembered (dials, queue changes, call "
        "events) instead of starting from an empty demo profile", **extra)


def build_parser() -> argparse.ArgumentParser:
    from alohub_tui import (
        callbacks_cmd,
        cli,
        config_cmd,
        local_cmd,
        plan_cmd,
        queue_cmd,
        stats_cmd,
    )
    from alohub_tui.serve import cli as serve_cli
    from alohub_tui.sim import cli as sim_cli
    from alohub_tui.webhook import cli as webhook_cli

    parser = _Parser(
        prog="alohub-tui",
        description=(
            "Terminal dashboard for the Alohub call-center API. Without a subcommand it "
            "opens the TUI; `alohub-tui --demo` runs it against a built-in simulator."
        ),
    )
    parser.add_argument("--version", action="version", version=f"alohub-tui {__version__}")
    _add_connection_flags(parser, top_level=True)
    _add_keep_demo_data(parser)
    parser.add_argument(
        "--read-only", action="store_true",
        help="hide actions that change the tenant, and dial nothing"
    )
    parser.add_argument(
        "--wall", action="store_true",
        help="open the read-only wall screen (today's counters, agents, missed calls) "
        "instead of the TUI; needs no API key",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    config_cmd.add_parser(sub)
    stats_cmd.add_parser(sub)
    for add in (
        cli.add_call_parser,
        cli.add_history_parser,
        queue_cmd.add_queue_parser,
        cli.add_recording_parser,
    ):
        command_parser = add(sub)
        _add_connection_flags(command_parser, top_level=False)
    plan_cmd.add_parser(sub, lambda p: _add_connection_flags(p, top_level=False))
    local_cmd.add_parsers(sub, lambda p: _add_connection_flags(p, top_level=False))
    callbacks_cmd.add_parser(sub, lambda p: _add_connection_flags(p, top_level=False))

    sim_parser = sub.add_parser(
        "sim",
        help="run the Alohub simulator (a local stand-in for the API)",
        description="Run the Alohub simulator on loopback.",
    )
    sim_cli.add_sim_arguments(sim_parser)

    webhook_parser = sub.add_parser(
        "webhook",
        help="collect Alohub call-event webhooks into the local event store (no TUI)",
        description="Receive Alohub call-event webhooks and store them durably.",
    )
    webhook_cli.add_webhook_arguments(webhook_parser)

    serve_parser = sub.add_parser(
        "serve",
        help="serve the wall (or the app) to web browsers: NOC TVs and kiosks",
        description="Serve the wall screen (or, with --app --allow-actions, the full app) "
        "to web browsers. See docs/SERVE.md.",
    )
    serve_cli.add_serve_arguments(serve_parser)
    _add_connection_flags(serve_parser, top_level=False)
    _add_keep_demo_data(serve_parser, default=argparse.SUPPRESS)
    return parser


# Each command's module and the function that runs it, imported only when that command
# runs (start-up stays lean); commands not listed are the API ones in :mod:`.cli`.
_RUNNERS = {
    "config": ("alohub_tui.config_cmd", "run"),
    "sim": ("alohub_tui.sim.cli", "run_from_args"),
    "stats": ("alohub_tui.stats_cmd", "run"),
    "serve": ("alohub_tui.serve.cli", "run_from_args"),
    "plan": ("alohub_tui.plan_cmd", "run"),
    "callbacks": ("alohub_tui.callbacks_cmd", "run"),
    "audit": ("alohub_tui.local_cmd", "run"),
    "dials": ("alohub_tui.local_cmd", "run"),
}


def _command_runner(command: str) -> Callable[[argparse.Namespace], int]:
    module, function = _RUNNERS.get(command, ("alohub_tui.cli", "run"))
    runner: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module),
                                                          function)
    return runner


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from alohub_tui.config import ConfigError

    try:
        if args.command == "webhook":  # the only runner that takes more than args
            from alohub_tui.boot.live import receiver_backfill
            from alohub_tui.webhook import cli as webhook_cli

            return webhook_cli.run_from_args(args, *receiver_backfill(args))
        if args.command is not None:
            return _command_runner(args.command)(args)
        from alohub_tui.launch import run_tui

        return run_tui(args)
    except ConfigError as exc:
        print(f"alohub-tui: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `alohub-tui history --all | head`: the reader has enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error
        return EXIT_API_ERROR


if __name__ == "__main__":
    sys.exit(main())
