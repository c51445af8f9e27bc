"""TOML data into frozen dataclasses, every key and type checked (the config's reader).

A problem is a :class:`ConfigError` naming the file, the dotted key and what is wrong
(with a suggestion for a typo), phrased for the user as one line. :mod:`alohub_tui.config`
declares the sections and what each value may be.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any


class ConfigError(Exception):
    """A config problem, already phrased for the user as one line."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        where = f"{source}: {key}: " if key else f"{source}: "
        super().__init__(where + problem)


def _optional(tp: Any) -> Any:
    """``X`` for ``X | None`` (TOML has no null: an optional key is just left out)."""
    if typing.get_origin(tp) in (types.UnionType, typing.Union):
        (inner,) = (a for a in typing.get_args(tp) if a is not type(None))
        return inner
    return tp


def _type_name(tp: Any) -> str:
    tp = _optional(tp)
    origin = typing.get_origin(tp)
    if tp is str:
        return "a string"
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if origin is tuple:
        (inner,) = (a for a in typing.get_args(tp) if a is not Ellipsis)
        if dataclasses.is_dataclass(inner):
            return "a list of tables"
        return f"a list of {_type_name(inner).removeprefix('a ')}s"
    if origin in (Mapping, dict) or tp is dict:
        return "a table of strings"
    if dataclasses.is_dataclass(tp):
        return "a table"
    return str(tp)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


class Reader:
    """Turns TOML data into the dataclasses above, checking every key and type."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(self.source, key, problem)

    def value(self, tp: Any, value: Any, key: str) -> Any:
        tp = _optional(tp)
        origin = typing.get_origin(tp)
        if dataclasses.is_dataclass(tp):
            if not isinstance(value, dict):
                raise self.fail(key, f"expected a table, got {_describe(value)}")
            return self.table(typing.cast(type, tp), value, key)
        if origin is tuple:
            inner = typing.get_args(tp)[0]
            if not isinstance(value, list):
                raise self.fail(key, f"expected {_type_name(tp)}, got {_describe(value)}")
            return tuple(self.value(inner, item, f"{key}[{i}]") for i, item in enumerate(value))
        if origin in (Mapping, dict):
            if not isinstance(value, dict):
                raise self.fail(key, f"expected {_type_name(tp)}, got {_describe(value)}")
            for k, v in value.items():
                if not isinstance(v, str):
                    raise self.fail(f"{key}.{k}", f"expected a string, got {_describe(v)}")
            return dict(value)
        if tp is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise self.fail(key, f"expected a number, got {_describe(value)}")
            return float(value)
        if tp is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.fail(key, f"expected a whole number, got {_describe(value)}")
            return value
        if tp in (str, bool):
            if not isinstance(value, tp):
                raise self.fail(key, f"expected {_type_name(tp)}, got {_describe(value)}")
            return value
        raise TypeError(f"unsupported config type {tp!r}")  # a bug in this module

    def table(self, cls: type, data: Mapping[str, Any], prefix: str) -> Any:
        hints = typing.get_type_hints(cls)
        known = [f.name for f in dataclasses.fields(cls) if f.name != "source"]
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            dotted = f"{prefix}.{key}" if prefix else key
            if key not in known and key in ("api_key", "key"):
                raise self.fail(
                    dotted,
                    "the API key must not be written in the config file; put it in the "
                    "environment variable that api.api_key_env names",
                )
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                raise self.fail(dotted, f"unknown key{hint}")
            kwargs[key] = self.value(hints[key], value, dotted)
        missing = [
            f.name
            for f in dataclasses.fields(cls)
            if f.name not in kwargs
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ]
        if missing:
            raise self.fail(f"{prefix}.{missing[0]}" if prefix else missing[0], "is required")
        return cls(**kwargs)
