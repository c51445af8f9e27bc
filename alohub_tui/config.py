"""The user's TOML config, read into frozen dataclasses.

Precedence: CLI flag > environment > file > defaults. Every problem is a
``ConfigError`` naming the file, the key and what is wrong, so ``__main__`` can print
one line and exit 2 before any UI starts. The API key itself is never in the file:
the file names the environment variable that holds it (read by
:mod:`alohub_tui.config_keys`, which also warns when the file exposes a secret). The
generic TOML-to-dataclass reader is :mod:`alohub_tui.config_reader`.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from alohub_tui import paths
from alohub_tui.api.errors import InvalidInput
from alohub_tui.api.phone import validate_extension
from alohub_tui.api.txn import validate_prefix
from alohub_tui.config_reader import ConfigError, Reader
from alohub_tui.digits import whole_number
from alohub_tui.wallboard.settings import WallConfig, wall_problems


@dataclass(frozen=True)
class ApiConfig:
    base_url: str = ""
    media_url: str = ""
    api_key_env: str = "ALOHUB_API_KEY"
    key_command: tuple[str, ...] = ()  # prints the key when the variable is unset
    tenant_user: str = ""
    connect_timeout_s: float = 5.0
    call_timeout_s: float = 15.0
    search_timeout_s: float = 15.0
    queue_timeout_s: float = 10.0
    recording_chunk_timeout_s: float = 30.0


@dataclass(frozen=True)
class GatewayConfig:
    """The optional agents/queues gateway (alohub-api.md §6): its own host and key."""

    base_url: str = ""  # unset: the app never calls it
    key_env: str = "ALOHUB_GATEWAY_KEY"


@dataclass(frozen=True)
class DialConfig:
    default_extension: str = ""
    transaction_prefix: str = "ALOHUB_TUI"
    duplicate_window_s: int = 120


@dataclass(frozen=True)
class CatalogAgent:
    user_name: str
    name: str = ""
    extensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogQueue:
    id: int
    name: str = ""


@dataclass(frozen=True)
class CatalogConfig:
    agents: tuple[CatalogAgent, ...] = ()
    callin_queues: tuple[CatalogQueue, ...] = ()
    callout_queues: tuple[CatalogQueue, ...] = ()


@dataclass(frozen=True)
class HistoryConfig:
    page_size: int = 50
    downloads_dir: str = ""


@dataclass(frozen=True)
class WebhookConfig:
    listen: str = ""
    key_env: str = "ALOHUB_WEBHOOK_KEY"
    backfill_every_s: int = 300  # a receiver searches the day's gaps this often


@dataclass(frozen=True)
class ServeConfig:
    """``alohub-tui serve``: the wall (or the app) in a browser; see docs/SERVE.md."""

    listen: str = "127.0.0.1:8080"
    max_sessions: int = 8
    token_env: str = "ALOHUB_SERVE_TOKEN"
    public_url: str = ""
    font_size: int = 16
    wall_fps: int = 5
    app_fps: int = 30


@dataclass(frozen=True)
class ProfileConfig:
    """Whose memory this config uses (``alohub_tui.store.profile``): empty = derived."""

    name: str = ""


CALLBACK_SOURCES = ("auto", "webhook", "search")


@dataclass(frozen=True)
class CallbacksConfig:
    """The callback worklist (docs/CALLBACKS.md)."""

    operator: str = ""  # who claims a callback; empty: the login name
    claim_minutes: int = 15  # a claim is the holder's for this long
    calls_from: str = "auto"  # one of CALLBACK_SOURCES
    search_interval_s: int = 60  # searchCallV2 every this many seconds (source "search")


@dataclass(frozen=True)
class UiConfig:
    theme: str = "textual-dark"
    read_only: bool = False
    keymap: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    api: ApiConfig = field(default_factory=ApiConfig)
    gateway: GatewayConfig = field(default_factory=GatewayConfig)
    dial: DialConfig = field(default_factory=DialConfig)
    catalog: CatalogConfig = field(default_factory=CatalogConfig)
    history: HistoryConfig = field(default_factory=HistoryConfig)
    webhook: WebhookConfig = field(default_factory=WebhookConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)
    ui: UiConfig = field(default_factory=UiConfig)
    profile: ProfileConfig = field(default_factory=ProfileConfig)
    wall: WallConfig = field(default_factory=WallConfig)
    callbacks: CallbacksConfig = field(default_factory=CallbacksConfig)
    source: Path | None = None

    @property
    def effective_media_url(self) -> str:
        """Media host: configured, else the base URL without its ``/api`` path."""
        if self.api.media_url:
            return self.api.media_url.rstrip("/")
        parts = urlsplit(self.api.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

    @property
    def downloads_path(self) -> Path:
        if self.history.downloads_dir:
            return Path(self.history.downloads_dir).expanduser()
        return paths.downloads_dir()


# ---------------------------------------------------------------- validation


MEDIA_EXAMPLE = "https://host:1777"  # what each URL setting looks like, for its message
GATEWAY_EXAMPLE = "https://xapi.alohub.vn"


def _check_url(source: str, key: str, url: str, example: str = "https://host:9909/api") -> None:
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(source, key, f'"{url}" is not an http(s) URL like {example}')


def _check_dial_and_key_names(cfg: Config, source: str) -> None:
    """Checked here, not at the first dial: the line names the setting to fix."""
    for key, name in (("api.api_key_env", cfg.api.api_key_env),
                      ("gateway.key_env", cfg.gateway.key_env),
                      ("webhook.key_env", cfg.webhook.key_env)):
        if not name.strip():
            raise ConfigError(source, key, "must name an environment variable")
    checks = (("dial.transaction_prefix", cfg.dial.transaction_prefix, validate_prefix),
              ("dial.default_extension", cfg.dial.default_extension, validate_extension))
    for key, value, check in checks:
        if value or key == "dial.transaction_prefix":  # no default extension is fine
            try:
                check(value)
            except InvalidInput as exc:
                raise ConfigError(source, key, exc.message) from None


def _validate(cfg: Config, source: str) -> None:
    _check_url(source, "api.base_url", cfg.api.base_url)
    if cfg.api.key_command and not all(part.strip() for part in cfg.api.key_command):
        raise ConfigError(source, "api.key_command",
                          'expected a program and its arguments, e.g. ["pass", "show", "alohub"]')
    _check_url(source, "api.media_url", cfg.api.media_url, MEDIA_EXAMPLE)
    _check_url(source, "gateway.base_url", cfg.gateway.base_url, GATEWAY_EXAMPLE)
    _check_dial_and_key_names(cfg, source)
    for name in (
        "connect_timeout_s",
        "call_timeout_s",
        "search_timeout_s",
        "queue_timeout_s",
        "recording_chunk_timeout_s",
    ):
        if not 0 < getattr(cfg.api, name) < math.inf:  # also refuses nan
            raise ConfigError(source, f"api.{name}", "must be more than 0 seconds (and finite)")
    if cfg.dial.duplicate_window_s < 0:
        raise ConfigError(source, "dial.duplicate_window_s", "must be 0 or more seconds")
    if not 1 <= cfg.history.page_size <= 500:
        raise ConfigError(source, "history.page_size", "must be between 1 and 500")
    for i, agent in enumerate(cfg.catalog.agents):
        if not agent.user_name.strip():
            raise ConfigError(source, f"catalog.agents[{i}].user_name", "must not be empty")
    for kind in ("callin_queues", "callout_queues"):
        seen: set[int] = set()
        for i, queue in enumerate(getattr(cfg.catalog, kind)):
            if queue.id < 0:
                raise ConfigError(source, f"catalog.{kind}[{i}].id", "must be 0 or more")
            if queue.id in seen:
                raise ConfigError(source, f"catalog.{kind}[{i}].id", f"{queue.id} is listed twice")
            seen.add(queue.id)
    if cfg.webhook.listen:
        _check_listen(source, "webhook.listen", cfg.webhook.listen, "127.0.0.1:8787")
    if not 60 <= cfg.webhook.backfill_every_s <= 86400:
        raise ConfigError(source, "webhook.backfill_every_s", "must be 60 to 86400 seconds")
    for key, problem in wall_problems(cfg.wall):
        raise ConfigError(source, key, problem)
    _validate_serve(cfg.serve, source)
    _validate_profile(cfg.profile, source)
    _validate_callbacks(cfg.callbacks, source)


MAX_PROFILE_NAME = 64


def _validate_profile(profile: ProfileConfig, source: str) -> None:
    name = profile.name.strip()
    if name.casefold() == "demo":
        raise ConfigError(source, "profile.name", '"demo" is kept for --demo; choose another')
    if len(name) > MAX_PROFILE_NAME:
        raise ConfigError(source, "profile.name", f"at most {MAX_PROFILE_NAME} characters")
    if any(not ch.isprintable() for ch in name):
        raise ConfigError(source, "profile.name", "must not hold control characters")


def _validate_callbacks(callbacks: CallbacksConfig, source: str) -> None:
    if callbacks.calls_from not in CALLBACK_SOURCES:
        raise ConfigError(source, "callbacks.calls_from",
                          f"must be one of {', '.join(CALLBACK_SOURCES)}")
    if not 1 <= callbacks.claim_minutes <= 24 * 60:
        raise ConfigError(source, "callbacks.claim_minutes", "must be between 1 and 1440")
    if not 10 <= callbacks.search_interval_s <= 3600:
        raise ConfigError(source, "callbacks.search_interval_s", "must be between 10 and 3600")
    name = callbacks.operator.strip()
    if len(name) > MAX_PROFILE_NAME or any(not ch.isprintable() for ch in name):
        raise ConfigError(source, "callbacks.operator",
                          f"at most {MAX_PROFILE_NAME} printable characters")


def _check_listen(source: str, key: str, listen: str, example: str) -> None:
    host, _, port = listen.rpartition(":")
    number = whole_number(port, max_digits=5)
    if not host or number is None or not 0 < number < 65536:
        raise ConfigError(source, key, f'expected "host:port", e.g. "{example}"')


#: serve.<key>: (lowest, highest) allowed.
SERVE_LIMITS = {"max_sessions": (1, 64), "font_size": (6, 72), "wall_fps": (1, 60),
                "app_fps": (1, 60)}


def _validate_serve(serve: ServeConfig, source: str) -> None:
    _check_listen(source, "serve.listen", serve.listen, "127.0.0.1:8080")
    for name, (low, high) in SERVE_LIMITS.items():
        if not low <= getattr(serve, name) <= high:
            raise ConfigError(source, f"serve.{name}", f"must be between {low} and {high}")
    if not serve.token_env.strip():
        raise ConfigError(source, "serve.token_env", "must name an environment variable")
    _check_url(source, "serve.public_url", serve.public_url, "https://noc.example/wall/")


# ---------------------------------------------------------------- loading


def parse_config(text: str, source: str = "config.toml") -> Config:
    """Parse and validate TOML text (no environment applied)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "", f"not valid TOML: {exc}") from None
    cfg = Reader(source).table(Config, data, "")
    _validate(cfg, source)
    return cfg


def find_config_file(explicit: Path | None, env: Mapping[str, str] | None = None) -> Path | None:
    """The config file to read: ``--config`` (must exist), else the first that exists."""
    if explicit is not None:
        return explicit.expanduser()
    for candidate in paths.config_candidates(env):
        if candidate.is_file():
            return candidate
    return None


def load_config(
    explicit: Path | None = None,
    env: Mapping[str, str] | None = None,
    *,
    base_url: str | None = None,
    media_url: str | None = None,
    read_only: bool | None = None,
) -> Config:
    """Read the config with full precedence: flags > environment > file > defaults."""
    env = os.environ if env is None else env
    path = find_config_file(explicit, env)
    cfg = Config()
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(str(path), "", "file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(str(path), "", f"cannot read it ({exc})") from None
        cfg = dataclasses.replace(parse_config(text, str(path)), source=path)
    api = cfg.api
    api = dataclasses.replace(
        api,
        base_url=base_url or env.get("ALOHUB_BASE_URL", "").strip() or api.base_url,
        media_url=media_url or env.get("ALOHUB_MEDIA_URL", "").strip() or api.media_url,
    )
    gateway = dataclasses.replace(
        cfg.gateway,
        base_url=env.get("ALOHUB_GATEWAY_URL", "").strip() or cfg.gateway.base_url)
    source = "command line / environment"
    _check_url(source, "base URL (--base-url / ALOHUB_BASE_URL)", api.base_url)
    _check_url(source, "media URL (--media-url / ALOHUB_MEDIA_URL)", api.media_url,
               MEDIA_EXAMPLE)
    _check_url(source, "gateway URL (ALOHUB_GATEWAY_URL)", gateway.base_url, GATEWAY_EXAMPLE)
    ui = cfg.ui if read_only is None else dataclasses.replace(cfg.ui, read_only=read_only)
    return dataclasses.replace(cfg, api=api, gateway=gateway, ui=ui)


def require_base_url(cfg: Config) -> None:
    if not cfg.api.base_url:
        where = str(cfg.source) if cfg.source else "no config file found"
        raise ConfigError(
            where,
            "api.base_url",
            "is not set: set it in the config, or ALOHUB_BASE_URL, or run with --demo",
        )


def template_text() -> str:
    """The commented template that ``config init`` writes (config.example.toml)."""
    packaged = Path(__file__).with_name("config.example.toml")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).parent.parent / "config.example.toml").read_text(encoding="utf-8")
