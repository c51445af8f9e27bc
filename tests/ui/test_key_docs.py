"""docs/KEYS.md and the README's key table are what the help screen lists (F1 at each
place, from the live bindings). After changing a binding: ``python -m
alohub_tui.ui.key_docs``."""

from __future__ import annotations

from alohub_tui.ui.key_docs import (
    KEYS_MD,
    README,
    generate,
    keys_md_block,
    marked_block,
    readme_block,
)


def test_the_docs_list_what_the_help_screen_lists() -> None:
    rows = generate()
    assert {"Dial", "History", "Agents", "Live"} <= rows.keys()
    assert marked_block(README.read_text(encoding="utf-8")) == readme_block(rows)
    assert marked_block(KEYS_MD.read_text(encoding="utf-8")) == keys_md_block(rows)
