"""``alohub-tui serve``'s settings: flags over ``[serve]`` over defaults, checked once.

Everything the user must fix is a :class:`~alohub_tui.exitcodes.UsageError` (exit 2):
``--app`` without ``--allow-actions``, a bad address or public URL, a cap out of range.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from alohub_tui.api.secret import Secret
from alohub_tui.config import SERVE_LIMITS, Config
from alohub_tui.exitcodes import UsageError
from alohub_tui.netaddr import is_loopback
from alohub_tui.webhook.listen import Listen, parse_listen

from .access import new_token

Mode = Literal["wall", "app"]


@dataclass(frozen=True)
class ServeOptions:
    listen: Listen
    mode: Mode
    max_sessions: int
    font_size: int
    fps: int
    token: Secret | None  # None: no token asked for (loopback, no token variable set)
    token_generated: bool = False
    public_url: str = ""  # normalised to end with "/"; "" when not behind a proxy

    @property
    def base_path(self) -> str:
        """The path prefix browsers use ("/" unless a proxy adds one)."""
        return urlsplit(self.public_url).path if self.public_url else "/"

    def browser_url(self, port: int) -> str:
        """The page's address to print (with the token when one is asked for)."""
        if self.public_url:
            base = self.public_url
        else:
            host = self.listen.host
            base = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
        return base + (f"?token={self.token.reveal()}" if self.token is not None else "")


def normalise_public_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise UsageError(f"--public-url must be an http(s) URL without a query, got {url!r}")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def _limited(name: str, value: int) -> int:
    low, high = SERVE_LIMITS[name]
    if not low <= value <= high:
        flag = name.replace("_", "-")
        raise UsageError(f"--{flag} must be between {low} and {high}, got {value}")
    return value


def options_from(args: argparse.Namespace, config: Config,
                 env: Mapping[str, str] | None = None) -> ServeOptions:
    env = os.environ if env is None else env
    serve = config.serve
    mode: Mode = "app" if getattr(args, "app", False) else "wall"
    if mode == "app" and not getattr(args, "allow_actions", False):
        raise UsageError(
            "--app serves the full app, which can dial and change queues, to anyone who "
            "opens the page: add --allow-actions to mean it (or serve the read-only wall)"
        )
    listen = parse_listen(args.listen or serve.listen)  # port 0 (a free one): tests
    configured = env.get(serve.token_env, "").strip()
    token: Secret | None = Secret(configured) if configured else None
    generated = False
    if token is None and not is_loopback(listen.host):
        token, generated = new_token(), True
    max_sessions = args.max_sessions if args.max_sessions is not None else serve.max_sessions
    return ServeOptions(
        listen=listen,
        mode=mode,
        max_sessions=_limited("max_sessions", max_sessions),
        font_size=serve.font_size,
        fps=serve.app_fps if mode == "app" else serve.wall_fps,
        token=token,
        token_generated=generated,
        public_url=normalise_public_url(args.public_url or serve.public_url),
    )


def app_argv(args: argparse.Namespace, mode: Mode) -> list[str]:
    """The command each session runs: this very program, with the same flags."""
    argv = [sys.executable, "-m", "alohub_tui"]
    for flag, value in (("--config", getattr(args, "config", None)),
                        ("--base-url", getattr(args, "base_url", None)),
                        ("--media-url", getattr(args, "media_url", None))):
        if value:
            argv += [flag, str(value)]
    if getattr(args, "demo", False):
        argv.append("--demo")
    if getattr(args, "read_only", False):
        argv.append("--read-only")
    if mode == "wall":
        argv.append("--wall")
    return argv
