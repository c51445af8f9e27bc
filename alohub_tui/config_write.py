"""A first config.toml from a few answers: the commented template with them filled in.

The setup screen and ``alohub-tui config init`` ask the same questions
(:class:`SetupAnswers`); :func:`config_text` puts the answers into the commented
template (config.example.toml), so the file the user gets explains every other setting
too, and comments out the template's example catalog (its agents and queues are not the
tenant's). :func:`write_config` checks the text loads, then creates the file 0600 and
never replaces one that exists. The key itself is never an answer: only where it comes
from (a variable, or a command).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from alohub_tui.api.errors import InvalidInput
from alohub_tui.api.phone import validate_extension
from alohub_tui.api.txn import DEFAULT_PREFIX, validate_prefix
from alohub_tui.config import Config, parse_config, template_text
from alohub_tui.privfiles import create_new

DEFAULT_KEY_ENV = "ALOHUB_API_KEY"
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_URL = re.compile(r"https?://[^\s/]+(/\S*)?")


@dataclass(frozen=True)
class SetupAnswers:
    """What a first run asks; every other setting keeps the template's default."""

    base_url: str
    media_url: str = ""
    api_key_env: str = DEFAULT_KEY_ENV
    key_command: tuple[str, ...] = ()
    default_extension: str = ""
    transaction_prefix: str = DEFAULT_PREFIX
    #: The optional agents/queues gateway (alohub-api.md §6); empty: none.
    gateway_url: str = ""

    #: Each answer's setting in config.toml.
    SETTINGS: ClassVar[dict[str, str]] = {
        "base_url": "api.base_url", "media_url": "api.media_url",
        "api_key_env": "api.api_key_env", "key_command": "api.key_command",
        "default_extension": "dial.default_extension",
        "transaction_prefix": "dial.transaction_prefix", "gateway_url": "gateway.base_url",
    }

    def problems(self) -> dict[str, str]:
        """Setting -> what is wrong with its answer (empty when all are fine)."""
        found: dict[str, str] = {}
        if not _URL.fullmatch(self.base_url.strip()):
            found["api.base_url"] = "an http(s) URL such as https://tenant.example:9909/api"
        for setting, value, example in (("api.media_url", self.media_url, "https://host:1777"),
                                        ("gateway.base_url", self.gateway_url,
                                         "https://xapi.alohub.vn")):
            if value.strip() and not _URL.fullmatch(value.strip()):
                found[setting] = f"empty, or an http(s) URL such as {example}"
        if not _ENV_NAME.fullmatch(self.api_key_env.strip()):
            found["api.api_key_env"] = "a variable name such as ALOHUB_API_KEY"
        for setting, check, value in (
            ("dial.default_extension", validate_extension, self.default_extension),
            ("dial.transaction_prefix", validate_prefix, self.transaction_prefix),
        ):
            if value.strip() or setting == "dial.transaction_prefix":
                try:
                    check(value.strip())
                except InvalidInput as exc:
                    found[setting] = exc.message
        return found

    def config(self) -> Config:
        """The config these answers make (the template's defaults for the rest)."""
        return parse_config(config_text(self))

    def values(self) -> dict[tuple[str, str], str | tuple[str, ...]]:
        """(section, name) -> the answer, for each setting answered."""
        found: dict[tuple[str, str], str | tuple[str, ...]] = {}
        for name, setting in self.SETTINGS.items():
            section, key = setting.split(".")
            value = getattr(self, name)
            found[section, key] = value.strip() if isinstance(value, str) else value
        return found


def toml_value(value: str | tuple[str, ...]) -> str:
    """A TOML string or array of strings (a JSON string is a valid TOML basic string)."""
    if isinstance(value, tuple):
        return "[" + ", ".join(json.dumps(part, ensure_ascii=False) for part in value) + "]"
    return json.dumps(value, ensure_ascii=False)


_HEADER = re.compile(r"\s*\[\[?([A-Za-z0-9_.]+)\]\]?\s*(#.*)?$")
_SETTING = re.compile(r"\s*#?\s*([A-Za-z0-9_]+)\s*=")


def config_text(answers: SetupAnswers, template: str | None = None) -> str:
    """The template with the answers set (a commented example line of a setting is used
    for it) and the example catalog commented out. An empty key_command stays a comment."""
    values = answers.values()
    lines = (template if template is not None else template_text()).splitlines()
    section = ""
    out: list[str] = []
    for line in lines:
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("#"):
            section = header.group(1)
        setting = _SETTING.match(line)
        key = (section, setting.group(1)) if setting else None
        if key in values and (values[key] or not line.lstrip().startswith("#")):
            out.append(f"{key[1]} = {toml_value(values.pop(key))}")
            continue
        if section.startswith("catalog.") and line.strip() and not line.lstrip().startswith("#"):
            out.append(f"# {line}")  # the template's examples are not this tenant's
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def write_config(path: Path, answers: SetupAnswers) -> None:
    """Create ``path`` (0600) with :func:`config_text`; FileExistsError if it exists, and
    a ConfigError if the text would not load (nothing is written then)."""
    text = config_text(answers)
    parse_config(text, str(path))
    create_new(path, text)
