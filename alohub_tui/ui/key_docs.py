"""docs/KEYS.md's key tables and the README's key table, taken from the help screen.

The app runs on the seeded simulator at 80x24 (as the screenshots do, :mod:`scenes`),
goes to each place by keys, opens the help there (F1) and takes the rows the help
screen holds: the docs list exactly what the help lists, from the same live bindings.
``python -m alohub_tui.ui.key_docs`` rewrites the marked blocks of both files;
``tests/ui/test_key_docs.py`` fails when a file differs from what this writes.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from alohub_tui.exitcodes import EXIT_OK
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.key_model import EVERYWHERE_SECTION, KeyRow
from alohub_tui.ui.scenes import scene_app, scene_backend, settle
from alohub_tui.ui.screens.help import HelpScreen


@dataclass(frozen=True)
class Place:
    """Where the user can be, and the keys that lead there from the Dial tab."""

    name: str
    keys: tuple[str, ...]
    tab: bool = False  # a tab (listed in the README) rather than a dialog


PLACES = (
    Place("Dial", ("f2",), tab=True),
    Place("History", ("f3",), tab=True),
    Place("Agents", ("f4",), tab=True),
    Place("Live", ("f5",), tab=True),
    Place("Callbacks", ("f12",), tab=True),
    Place("History: call detail", ("f3", "enter")),
    Place("History: more filters", ("f3", "f7")),
    Place("Agents: queue editor", ("f4", "f6")),
    Place("Agents: bulk change", ("f4", "space", "f7")),
    Place("Agents: audit log", ("f4", "f8")),
    Place("Agents: queue plans", ("f4", "f9")),
)

BEGIN, END = "<!-- keys:begin (python -m alohub_tui.ui.key_docs) -->", "<!-- keys:end -->"
ROOT = Path(__file__).resolve().parents[2]
KEYS_MD = ROOT / "docs" / "KEYS.md"
README = ROOT / "README.md"


async def _help_rows(pilot: Pilot[Any], place: Place) -> list[KeyRow]:
    app = pilot.app
    while len(app.screen_stack) > 1:
        app.pop_screen()
    await pilot.press("f2")
    for key in place.keys:
        await pilot.press(key)
        await settle(pilot)
    await pilot.press("f1")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, HelpScreen), f"no help at {place.name}"
    await pilot.press("escape")
    return screen.rows


async def collect(app: AlohubApp) -> dict[str, list[KeyRow]]:
    """What the help screen lists at each place (``app`` a fresh scene app)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        return {place.name: await _help_rows(pilot, place) for place in PLACES}


def _keys(row: KeyRow) -> str:
    return ", ".join(f"`{key}`" for key in row.keys.split(", "))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _everywhere(rows_by_place: dict[str, list[KeyRow]]) -> list[KeyRow]:
    found = {row.ident: row for rows in rows_by_place.values() for row in rows
             if row.section == EVERYWHERE_SECTION}
    return [found[ident] for ident in sorted(found)]


def _own(rows: list[KeyRow]) -> list[KeyRow]:
    return [row for row in rows if row.section != EVERYWHERE_SECTION]


def keys_md_block(rows_by_place: dict[str, list[KeyRow]]) -> str:
    """docs/KEYS.md's generated part: everywhere once, then each place's own keys."""
    lines: list[str] = []
    for title, rows in (("Everywhere", _everywhere(rows_by_place)),
                        *((name, _own(rows)) for name, rows in rows_by_place.items())):
        lines += ["", f"### {title}", "", "| Keys | Action | Binding id |", "|---|---|---|"]
        lines += [f"| {_keys(row)} | {_cell(row.action)} | `{row.ident}` |" for row in rows]
    return "\n".join(lines[1:])


def readme_block(rows_by_place: dict[str, list[KeyRow]]) -> str:
    """The README's table: everywhere, then each tab's own keys."""
    lines = ["| Where | Keys | Action |", "|---|---|---|"]
    for row in _everywhere(rows_by_place):
        lines.append(f"| everywhere | {_keys(row)} | {_cell(row.action)} |")
    for place in PLACES:
        if place.tab:
            lines += [f"| {place.name} | {_keys(row)} | {_cell(row.action)} |"
                      for row in _own(rows_by_place[place.name])]
    return "\n".join(lines)


def marked_block(text: str) -> str:
    """The text between the markers (without them)."""
    start = text.index(BEGIN) + len(BEGIN)
    return text[start:text.index(END, start)].strip("\n")


def replace_block(text: str, block: str) -> str:
    start = text.index(BEGIN) + len(BEGIN)
    return f"{text[:start]}\n{block}\n{text[text.index(END, start):]}"


def generate() -> dict[str, list[KeyRow]]:
    backend = scene_backend()
    backend.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            app = scene_app(backend, Path(folder) / "state.toml")
            return asyncio.run(collect(app))
    finally:
        backend.stop()


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description="Rewrite the key tables of docs/KEYS.md and "
                            "README.md from the help screen.").parse_args(argv)
    rows = generate()
    for path, block in ((KEYS_MD, keys_md_block(rows)), (README, readme_block(rows))):
        path.write_text(replace_block(path.read_text(encoding="utf-8"), block),
                        encoding="utf-8")
        print(f"wrote {path}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
