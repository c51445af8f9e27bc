"""A first run: when to ask for the settings, and a test of the connection in plain words.

With no config file and no base URL (flag or environment), ``alohub-tui`` asks on a
terminal (the setup screen) instead of stopping with "api.base_url is not set";
``--demo``, ``--wall`` and a page of ``alohub-tui serve`` never ask. The test is the
cheapest read there is, one row of today's calls, and its answer says which of the
usual first-run mistakes it is: the wrong key, the wrong host (or path), or TLS.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from alohub_tui.api.errors import (
    AlohubError,
    ApiTimeout,
    AuthError,
    ConnectionFailed,
    NotFoundError,
)
from alohub_tui.api.models import SearchCriteria
from alohub_tui.api.policy import RetryPolicy, Timeouts
from alohub_tui.api.secret import Secret
from alohub_tui.api.urls import host_port
from alohub_tui.boot.served import served_from_env
from alohub_tui.config import find_config_file
from alohub_tui.config_keys import gateway_key
from alohub_tui.config_write import SetupAnswers
from alohub_tui.vntime import day_bounds, now_vn

REACHED, WRONG_KEY, WRONG_HOST, TLS, NO_ANSWER, OTHER, NOT_TESTED = (
    "reached", "wrong key", "wrong host", "TLS problem", "no answer", "other", "not tested")
CHECK_TIMEOUTS = Timeouts(connect=5.0, search=10.0, listing=10.0)
API_PATH_HINT = "the URL usually ends in /api."
GATEWAY_PATH_HINT = "the gateway's URL is its host alone, e.g. https://xapi.alohub.vn."
_TLS_WORDS = ("ssl", "tls", "certificate", "handshake")
_NO_HOST_WORDS = ("name or service not known", "nodename nor servname", "getaddrinfo",
                  "name resolution", "no address associated")


def needs_setup(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> bool:
    """No config file and no base URL, for the TUI on a terminal (not the demo, the
    wall or a page of ``serve``)."""
    env = os.environ if env is None else env
    if any(getattr(args, name, False) for name in ("demo", "wall", "base_url")):
        return False
    if env.get("ALOHUB_BASE_URL", "").strip() or served_from_env() is not None:
        return False
    if find_config_file(getattr(args, "config", None), env) is not None:
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()


@dataclass(frozen=True)
class Checked:
    """The test's outcome: ``kind`` is one of REACHED, WRONG_KEY, WRONG_HOST, TLS,
    NO_ANSWER, OTHER; ``message`` says it in a line."""

    kind: str
    message: str

    @property
    def ok(self) -> bool:
        return self.kind == REACHED


def explain(error: AlohubError, base_url: str, path_hint: str = API_PATH_HINT) -> Checked:
    """A failed first request in the words of the usual first-run mistakes."""
    host = host_port(base_url) or base_url
    if isinstance(error, AuthError):
        return Checked(WRONG_KEY, f"Wrong key: {host} answered but refused the key "
                                  f"(HTTP {error.status}). Check it is this tenant's key.")
    if isinstance(error, NotFoundError):
        return Checked(WRONG_HOST, f"Wrong host or path: {host} has no Alohub API at "
                                   f"{base_url} (HTTP 404); {path_hint}")
    if isinstance(error, ConnectionFailed):
        detail = error.detail.lower()
        if any(word in detail for word in _TLS_WORDS):
            return Checked(TLS, f"TLS problem with {host}: {error.detail}. Check https vs "
                                "http, and that this machine trusts the certificate.")
        if any(word in detail for word in _NO_HOST_WORDS):
            return Checked(WRONG_HOST, f"Wrong host: there is no host named {host}.")
        return Checked(WRONG_HOST, f"Wrong host or port: nothing answers at {host} "
                                   f"({error.detail or 'connection refused'}).")
    if isinstance(error, ApiTimeout):
        return Checked(NO_ANSWER, f"No answer from {host}: {error.message} Wrong host or "
                                  "port, or a firewall in the way.")
    return Checked(OTHER, f"{host} answered, but: {error.message}")


async def check_connection(base_url: str, media_url: str, key: Secret) -> Checked:
    """One search of today, one row, no retries: reached, or what went wrong."""
    from alohub_tui.api.client import AlohubClient  # httpx: only when testing

    try:
        client = AlohubClient(base_url, key, media_url=media_url or None,
                              timeouts=CHECK_TIMEOUTS, retry=RetryPolicy(attempts=1))
    except AlohubError as exc:  # a URL it cannot use
        return Checked(WRONG_HOST, exc.message)
    today = now_vn().date()
    start, end = day_bounds(today, today)
    try:
        page = await client.search_calls(SearchCriteria(start=start, end=end, limit=1))
    except AlohubError as exc:
        return explain(exc.redact(key), base_url)
    finally:
        await client.aclose()
    return Checked(REACHED, f"Reached {client.base_host}: the key works "
                            f"({page.total:,} calls today).")


async def check_gateway(base_url: str, key: Secret, key_env: str) -> Checked:
    """The optional gateway (alohub-api.md §6), with its own key: one listing of the
    inbound queues (a tenant has a handful), no retries."""
    from alohub_tui.api.gateway import GatewayClient  # httpx: only when testing

    if not key:
        return Checked(NOT_TESTED, f"Gateway not tested: ${key_env}, its own key, is not "
                                   "set (the Agents tab needs it).")
    try:
        client = GatewayClient(base_url, key, timeouts=CHECK_TIMEOUTS,
                               retry=RetryPolicy(attempts=1))
    except AlohubError as exc:
        return Checked(WRONG_HOST, exc.message)
    try:
        queues = await client.list_inbound_queues()
    except AlohubError as exc:
        checked = explain(exc.redact(key), base_url, GATEWAY_PATH_HINT)
        return Checked(checked.kind, "Gateway: " + checked.message)
    finally:
        await client.aclose()
    return Checked(REACHED, f"Reached the gateway {client.host}: its key works "
                            f"({len(queues)} inbound queues).")


async def check_answers(answers: SetupAnswers, key: Secret) -> list[Checked]:
    """The first run's test: the API with ``key``; then the gateway, when one was given,
    with its own key from its variable."""
    found = [await check_connection(answers.base_url, answers.media_url, key)]
    if answers.gateway_url:
        cfg = answers.config()
        found.append(await check_gateway(answers.gateway_url, gateway_key(cfg),
                                         cfg.gateway.key_env))
    return found


def checked_lines(found: list[Checked], indent: str = "") -> str:
    """One line per check, ✓ or ✗ first."""
    return "\n".join(f"{indent}{'✓' if c.ok else '✗'} {c.message}" for c in found)
