"""Key path -> line in TOML text: written by hand, and for any document tomli_w writes."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from alohub_tui.agents.toml_lines import KeyPath, key_lines

TRICKY = '''\
# [not.a.table] = 1
title = """a
[fake.header]
x = "y" # not a comment
"""
path = 'C:\\dir\\'   # literal: no escapes
"quoted.key" = 1
dotted . key = { inner = [1, 2], "in x" = 'v' }

[plans.morning]   # trailing comment
description = "a \\" quote"

[plans.morning.agents."user 1"]
callin = [   # comment in an array
  1,
  # a comment line
  2,   3,
]
extensions = ["6088",
  "6089"]

[[shifts]]
name = "a"
[shifts.rules]
add = [1]

[[shifts]]
name = "b"
  [shifts.rules]
  add = [
    [4, 5],
    [6],
  ]
when = 1979-05-27 07:32:00Z
'''


def test_hand_written_document_every_kind_of_key() -> None:
    tomllib.loads(TRICKY)  # the scanner is only ever given valid TOML
    lines = key_lines(TRICKY)
    expected: dict[KeyPath, int] = {
        ("title",): 2,
        ("path",): 6,
        ("quoted.key",): 7,
        ("dotted", "key"): 8,
        ("dotted", "key", "inner", 1): 8,
        ("dotted", "key", "in x"): 8,
        ("plans", "morning"): 10,
        ("plans", "morning", "description"): 11,
        ("plans", "morning", "agents", "user 1"): 13,
        ("plans", "morning", "agents", "user 1", "callin"): 14,
        ("plans", "morning", "agents", "user 1", "callin", 0): 15,
        ("plans", "morning", "agents", "user 1", "callin", 1): 17,
        ("plans", "morning", "agents", "user 1", "callin", 2): 17,
        ("plans", "morning", "agents", "user 1", "extensions", 1): 20,
        ("shifts",): 22,
        ("shifts", 0, "name"): 23,
        ("shifts", 0, "rules", "add"): 25,
        ("shifts", 1): 27,
        ("shifts", 1, "rules"): 29,
        ("shifts", 1, "rules", "add", 0): 31,
        ("shifts", 1, "rules", "add", 0, 1): 31,
        ("shifts", 1, "rules", "add", 1): 32,
        ("shifts", 1, "rules", "when"): 34,
    }
    assert {path: lines.line(path) for path in expected} == expected


def test_a_missing_key_falls_back_to_its_nearest_written_ancestor() -> None:
    lines = key_lines(TRICKY)
    assert lines.line(("plans", "morning", "agents", "user 1", "callout")) == 13
    assert lines.line(("plans", "morning", "agents", "nobody", "callin", 3)) == 13  # agents
    assert lines.line(("plans", "evening")) == 10  # plans
    assert lines.line(("nowhere",)) == 1
    for invalid in ("a = [1,\n", 'a = "x', "a = '''x", "a = { b = 1", "[t"):
        assert key_lines(invalid).line(("a", 0)) == 1  # no exception, no endless loop


# ---------------------------------------------------------------- any document

keys = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
scalars = (st.integers(-10**6, 10**6) | st.booleans()
           | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12))
values = st.recursive(
    scalars | st.lists(scalars, max_size=4),
    lambda inner: st.dictionaries(keys, inner, max_size=4)
    | st.lists(st.dictionaries(keys, inner, min_size=1, max_size=3), min_size=1, max_size=3),
    max_leaves=20,
)
documents = st.dictionaries(keys, values, max_size=5)


def leaves(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every key whose value is not a table (lists of scalars included), with its value."""
    for key, value in data.items():
        here = (*path, key)
        if isinstance(value, dict):
            yield from leaves(value, here)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, item in enumerate(value):
                yield from leaves(item, (*here, index))
        else:
            yield here, value


@settings(max_examples=200)
@given(documents, st.booleans())
def test_every_key_tomli_w_writes_is_found_on_its_line(
    data: dict[str, Any], multiline: bool
) -> None:
    text = tomli_w.dumps(data, multiline_strings=multiline)
    assert tomllib.loads(text) == data
    text_lines = text.split("\n")  # TOML lines: LF only (str.splitlines also splits at NEL)
    lines = key_lines(text)
    seen: dict[int, KeyPath] = {}
    for path, value in leaves(data):
        line = lines.line(path)
        assert path in lines.explicit, path
        key = path[-1]
        assert isinstance(key, str)
        written = text_lines[line - 1]
        assert f"{tomli_w.dumps({key: 0}).split(' = ')[0]} = " in written, (path, line)
        if "{" not in written:  # one key a line, but for inline tables
            assert line not in seen, (path, seen.get(line))
            seen[line] = path
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, int) and not isinstance(item, bool):
                    assert str(item) in text_lines[lines.line((*path, index)) - 1]
