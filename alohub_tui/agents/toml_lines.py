"""Where a key of a TOML document is written: key path -> line number.

``tomllib`` reports positions only for syntax errors; a semantic error found later
("callin[1] is not a queue id") needs the line of ``callin``'s second element. This is
a small scanner over text that ``tomllib`` has already accepted: it follows table
headers (``[a.b]``, ``[[a.b]]``), dotted and quoted keys, inline tables and arrays
(each element's line), and skips strings and comments. It builds no values.

The other way round, :func:`toml_key`, :func:`toml_string` and :func:`dotted` write a
key, a string or a key path as TOML text (a plan appended to the file, a problem's key).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

KeyPath = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPE = re.compile(r'\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[btnfr"\\])')
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_SCALAR_END = frozenset(",]}\n#")


def toml_key(key: str) -> str:
    """``key`` as written in a TOML key or header: bare when it can be, else quoted."""
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def dotted(path: Sequence[str | int]) -> str:
    """``plans.morning.agents."user x".callin[1]`` for a key path."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + toml_key(part)
    return out


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES[code]

    return _ESCAPE.sub(one, text)


@dataclass
class KeyLines:
    """Lines (1-based) of keys, tables and array elements, looked up by key path."""

    explicit: dict[KeyPath, int] = field(default_factory=dict)
    implicit: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, path: Sequence[str | int]) -> int:
        """The line of ``path``, else of its nearest written ancestor, else 1."""
        key = tuple(path)
        while key:
            for table in (self.explicit, self.implicit):
                if key in table:
                    return table[key]
            key = key[:-1]
        return 1

    def _define(self, path: KeyPath, line: int) -> None:
        self.explicit[path] = line
        for end in range(1, len(path)):
            self.implicit.setdefault(path[:end], line)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.found = KeyLines()
        self.table: KeyPath = ()
        self.array_tables: dict[KeyPath, int] = {}  # [[a.b]] path -> index of its last element

    # ---------------------------------------------------------------- characters

    def peek(self, ahead: int = 0) -> str:
        index = self.pos + ahead
        return self.text[index] if index < len(self.text) else ""

    def more(self) -> None:
        """Stop at the end of the text inside a value (text tomllib would refuse)."""
        if self.pos >= len(self.text):
            raise ValueError(f"unexpected end of text at line {self.line}")

    def startswith(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def advance(self, count: int = 1) -> None:
        chunk = self.text[self.pos : self.pos + count]
        self.line += chunk.count("\n")
        self.pos += len(chunk)

    def skip_blank(self, *, newlines: bool) -> None:
        """Skip spaces (and newlines and comments when ``newlines``)."""
        while self.pos < len(self.text):
            char = self.peek()
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif newlines and char == "#":
                self.skip_line()
            else:
                return

    def skip_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.advance((len(self.text) if end < 0 else end) - self.pos)

    # ---------------------------------------------------------------- keys and strings

    def string(self) -> str:
        """A string of any of the four kinds; returns its value (escapes decoded)."""
        for quote in ('"""', "'''"):
            if self.startswith(quote):
                self.advance(3)
                end = self.text.find(quote, self.pos)
                if end < 0:
                    raise ValueError(f"unterminated string at line {self.line}")
                while self.text.startswith(quote[0], end + 3):  # up to two quotes before
                    end += 1
                if quote == '"""':
                    while self.text[self.pos : end].endswith("\\") and self._escaped(end):
                        end = self.text.find(quote, end + 1)
                        if end < 0:
                            raise ValueError(f"unterminated string at line {self.line}")
                value = self.text[self.pos : end]
                self.advance(end + 3 - self.pos)
                return value
        quote = self.peek()
        self.advance()
        start = self.pos
        while self.peek() != quote:
            self.more()
            self.advance(2 if quote == '"' and self.peek() == "\\" else 1)
        raw = self.text[start : self.pos]
        self.advance()
        return _unescape(raw) if quote == '"' else raw

    def _escaped(self, index: int) -> bool:
        """True when the character at ``index`` follows an odd run of backslashes."""
        count = 0
        while index - count - 1 >= 0 and self.text[index - count - 1] == "\\":
            count += 1
        return count % 2 == 1

    def key(self) -> tuple[str, ...]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            if self.peek() in "\"'":
                parts.append(self.string())
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if match is None:
                    raise ValueError(f"no key at line {self.line}")
                parts.append(match.group())
                self.advance(match.end() - self.pos)
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return tuple(parts)
            self.advance()

    # ---------------------------------------------------------------- values

    def value(self, path: KeyPath) -> None:
        self.skip_blank(newlines=False)
        char = self.peek()
        if char in "\"'":
            self.string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            while self.pos < len(self.text) and self.peek() not in _SCALAR_END:
                self.advance()

    def sequence(self, close: str, item: Callable[[int], None]) -> None:
        """``[a, b]`` or ``{k = v, ...}``: ``item(index)`` reads each, up to ``close``."""
        self.advance()  # the opening bracket
        index = 0
        while True:
            self.skip_blank(newlines=True)
            self.more()
            if self.peek() == close:
                self.advance()
                return
            item(index)
            index += 1
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.advance()

    def array(self, path: KeyPath) -> None:
        def element(index: int) -> None:
            self.found._define((*path, index), self.line)
            self.value((*path, index))

        self.sequence("]", element)

    def inline_table(self, path: KeyPath) -> None:
        self.sequence("}", lambda _index: self.key_value(path))

    def key_value(self, table: KeyPath) -> None:
        line = self.line
        path = (*table, *self.key())
        self.found._define(path, line)
        self.skip_blank(newlines=False)
        self.advance()  # =
        self.value(path)

    # ---------------------------------------------------------------- tables

    def header(self) -> None:
        line = self.line
        many = self.startswith("[[")
        self.advance(2 if many else 1)
        parts = self.key()
        self.advance(2 if many else 1)
        path: KeyPath = ()
        for index, part in enumerate(parts):
            path = (*path, part)
            last = index == len(parts) - 1
            if path in self.array_tables and not (many and last):
                path = (*path, self.array_tables[path])
        if many:
            element = self.array_tables.get(path, -1) + 1
            self.array_tables[path] = element
            self.found.implicit.setdefault(path, line)  # the array: its first element
            path = (*path, element)
        self.found._define(path, line)
        self.table = path

    def run(self) -> KeyLines:
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.found
            if self.peek() == "[":
                self.header()
            else:
                self.key_value(self.table)


def key_lines(text: str) -> KeyLines:
    """Index the keys of ``text``, which must be TOML that ``tomllib`` accepts.

    On text it does not understand (it should not happen) it returns what it found so
    far: a line lookup then falls back to an ancestor, never raises.
    """
    scanner = _Scanner(text)
    try:
        return scanner.run()
    except (ValueError, IndexError):
        return scanner.found
