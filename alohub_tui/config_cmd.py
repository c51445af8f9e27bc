"""`alohub-tui config path|show|init`: where the config lives, what is in force, and a
first config: on a terminal ``init`` asks what the first-run setup screen asks (defaults
in brackets) and offers the same connection test; in a script it writes the commented
template."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import getpass
import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w

from alohub_tui import paths
from alohub_tui.agents.plans import plans_path
from alohub_tui.api.secret import Secret
from alohub_tui.api.txn import DEFAULT_PREFIX
from alohub_tui.boot.connect import config_from_args
from alohub_tui.boot.first_run import check_answers, checked_lines
from alohub_tui.config import (
    Config,
    ConfigError,
    GatewayConfig,
    find_config_file,
    template_text,
)
from alohub_tui.config_keys import key_from_env, key_source
from alohub_tui.config_write import DEFAULT_KEY_ENV, SetupAnswers, write_config
from alohub_tui.exitcodes import EXIT_OK, EXIT_USAGE
from alohub_tui.privfiles import create_new


def add_parser(sub: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        "config",
        help="show where the config lives, print it (key redacted), or write a template",
        description="Inspect or create the config file.",
    )
    parser.add_argument("action", choices=["path", "show", "init"],
                        help="path: where the config, plans and profile live; show: the "
                        "config in force, secrets masked; init: write a first config "
                        "(asks on a terminal), never over an existing one")
    # SUPPRESS: `alohub-tui --config FILE --demo config path` keeps the top-level values.
    parser.add_argument("--config", type=Path, metavar="PATH", help="config file to use",
                        default=argparse.SUPPRESS)
    parser.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                        help="path: show the demo profile (what --demo remembers into)")
    parser.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    return parser


def _plain(value: Any) -> Any:
    """Dataclass values as TOML-able data (tuples to lists, no None, no Paths)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "source" and getattr(value, f.name) is not None
        }
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def render_effective(cfg: Config) -> str:
    """The config in force as TOML, with the key's presence shown but never its value."""
    try:
        key_from_env(cfg.api.api_key_env)
        status = key_source(cfg)  # the key_command is not run here
    except ConfigError as exc:  # a key no header can carry: say why, never the key
        status = f"${cfg.api.api_key_env} is set, but UNUSABLE: {exc.problem}"
    header = [
        f"# file: {cfg.source or '(none found; defaults)'}",
        f"# API key: {status}",
        f"# media URL in effect: {cfg.effective_media_url or '(none)'}",
        "",
    ]
    text = "\n".join(header) + tomli_w.dumps(_plain(cfg))
    for secret in _secrets_in_force(cfg):
        text = secret.scrub(text)
    return text


def _secrets_in_force(cfg: Config) -> list[Secret]:
    """What ``config show`` must never print, whatever setting a user pasted it into:
    the values of the key, token and webhook key variables, and URL passwords."""
    names = (cfg.api.api_key_env, cfg.gateway.key_env, cfg.webhook.key_env,
             cfg.serve.token_env)
    values = [os.environ.get(name, "").strip() for name in names]
    values += [urlsplit(url).password or "" for url in
               (cfg.api.base_url, cfg.api.media_url, cfg.gateway.base_url)]
    return [Secret(value) for value in values if value]


def _print_paths(args: argparse.Namespace) -> int:
    from alohub_tui.store.profile import profile_for  # no SQLite: names and folders only

    found = find_config_file(args.config)
    print(
        f"config:    {found or paths.default_config_path()}"
        f"{'' if found else '  (not created yet: alohub-tui config init)'}"
    )
    print(f"plans:     {plans_path(found)}  (queue plans, beside the config)")
    try:
        profile = profile_for(config_from_args(args), demo=args.demo)
    except ConfigError as exc:  # the paths are what one needs to fix it: still print them
        print(f"profile:   unknown until the config loads ({exc})")
    else:
        print(f"profile:   {profile.name}  (from {profile.origin})")
        print(f"  folder:  {profile.folder}")
        print(f"  local:   {profile.local_db}  (recent dials, last applied queues, audit)")
        print(f"  events:  {profile.events_db}  (call events from the webhook)")
    print(f"state:     {paths.state_file()}  (the theme, for every profile)")
    print(f"log:       {paths.log_file()}")
    print(f"downloads: {paths.downloads_dir()}")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.action == "path":
        return _print_paths(args)
    if args.action == "show":
        print(render_effective(config_from_args(args)), end="")
        return EXIT_OK
    target = args.config or paths.default_config_path()
    if target.exists():
        print(f"alohub-tui: {target} already exists; not overwriting it.", file=sys.stderr)
        return EXIT_USAGE
    if not sys.stdin.isatty():  # a script: the commented template, to edit
        create_new(target, template_text())
        print(f"wrote {target}; edit it, then export the API key in $ALOHUB_API_KEY.")
        return EXIT_OK
    try:
        answers = ask_answers()
        offer_connection_test(answers)
    except EOFError:  # Ctrl+D at a question
        print(f"\nalohub-tui config init: cancelled; {target} was not written.",
              file=sys.stderr)
        return EXIT_USAGE
    write_config(target, answers)
    where = (f"api.key_command ({answers.key_command[0]} …)" if answers.key_command
             else f"${answers.api_key_env}")
    if answers.gateway_url:
        where += f", the gateway's own key from ${GatewayConfig().key_env}"
    print(f"wrote {target} (mode 0600). The key comes from {where}; start with: alohub-tui")
    return EXIT_OK


# (SetupAnswers field, question, default): what the first-run setup screen asks too.
QUESTIONS = (
    ("base_url", "API base URL, ending in /api", ""),
    ("media_url", "Recording server URL (empty: the API URL's host)", ""),
    ("api_key_env", "Environment variable that holds the API key", DEFAULT_KEY_ENV),
    ("key_command", "Or a command that prints the key, e.g. pass show alohub (empty: none)",
     ""),
    ("default_extension", "Your extension, the IP phone that rings first (empty: none)", ""),
    ("transaction_prefix", "transactionId prefix", DEFAULT_PREFIX),
    ("gateway_url", "Gateway URL, lists agents and queues (empty: none)", ""),
)


def ask_answers(ask: Callable[[str], str] = input) -> SetupAnswers:
    """The setup questions on a terminal, defaults in brackets; a bad answer is said
    why and asked again."""
    print("alohub-tui config init: a few questions (Enter keeps the [default]).")
    values: dict[str, Any] = {}
    for name, question, default in QUESTIONS:
        while True:
            reply = ask(f"{question} [{default}]: ").strip() or default
            try:
                values[name] = tuple(shlex.split(reply)) if name == "key_command" else reply
            except ValueError as exc:  # an unclosed quote
                print(f"  ✗ {exc}")
                continue
            setting = SetupAnswers.SETTINGS[name]
            problem = SetupAnswers(**{"base_url": "https://later.example/api",
                                      **values}).problems().get(setting)
            if problem is None:
                break
            print(f"  ✗ {setting}: {problem}")
    return SetupAnswers(**values)


def offer_connection_test(answers: SetupAnswers,
                    secret: Callable[[str], str] = getpass.getpass) -> None:
    """Offer the connection test with a key typed unseen (used for the test only)."""
    typed = secret("Test the connection now? Type the API key (hidden, never saved; "
                   "Enter skips): ").strip()
    if not typed:
        return
    print(checked_lines(asyncio.run(check_answers(answers, Secret(typed))), indent="  "))
