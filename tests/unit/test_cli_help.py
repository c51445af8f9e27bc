"""Every argument of every command says what it is in --help (a customer reads the help
before the README); the 80-column fit is tests/e2e/test_cli_plain_use.py."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from alohub_tui.__main__ import build_parser


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):  # aliases once
                yield from _parsers(child)


def test_every_argument_has_a_help_text() -> None:
    silent = [
        f"{parser.prog} {action.metavar or action.dest}"
        for parser in _parsers(build_parser())
        for action in parser._actions
        if action.help is None and not isinstance(action, argparse._SubParsersAction)
    ]
    assert silent == []
