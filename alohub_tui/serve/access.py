"""Who may open the served page, its websocket and its downloads.

- The access token (when one is in force) comes as ``?token=`` on the page; the page
  then stores it in an HttpOnly, SameSite=Strict cookie that the websocket handshake and
  the downloads carry. Both are compared with :func:`hmac.compare_digest`.
- A token is in force when the server listens on anything but loopback (generated and
  printed once, unless the token variable is set) or whenever the variable is set.
- Without a token (loopback), the ``Host`` header must name this machine (localhost, a
  loopback address, or the public URL's host): a web page on another site cannot reach
  the server by pointing its own domain name at 127.0.0.1 (DNS rebinding).
- The websocket's ``Origin``, when a browser sends one, must be this server's own
  (the ``Host`` it was asked for, or the public URL's): another site's page cannot open
  a session in a visitor's browser.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from alohub_tui.api.secret import Secret
from alohub_tui.netaddr import is_loopback

if TYPE_CHECKING:
    from aiohttp import web

TOKEN_BYTES = 24


def new_token() -> Secret:
    return Secret(secrets.token_urlsafe(TOKEN_BYTES))


def _host_name(netloc: str) -> str:
    """``host`` of ``host:port`` / ``[v6]:port``, lower-cased."""
    parts = urlsplit(f"//{netloc}")
    try:
        return (parts.hostname or "").lower()
    except ValueError:
        return ""


def _netloc(url: str) -> str:
    return urlsplit(url).netloc.lower()


@dataclass(frozen=True)
class Access:
    """The checks above, for one server. ``token`` None: no token is asked for."""

    token: Secret | None
    cookie_name: str
    public_url: str = ""
    secure_cookie: bool = False
    cookie_path: str = "/"

    @property
    def public_netloc(self) -> str:
        return _netloc(self.public_url) if self.public_url else ""

    # ---------------------------------------------------------------- token

    def token_matches(self, offered: str | None) -> bool:
        if self.token is None:
            return True
        if not offered:
            return False
        return hmac.compare_digest(offered.encode(), self.token.reveal().encode())

    def page_token_ok(self, request: web.Request) -> bool:
        """The page: ``?token=`` or the cookie."""
        return (self.token_matches(request.query.get("token"))
                or self.token_matches(request.cookies.get(self.cookie_name)))

    def cookie_token_ok(self, request: web.Request) -> bool:
        """The websocket, status and downloads: the cookie only (never in a URL)."""
        return self.token_matches(request.cookies.get(self.cookie_name))

    def remember(self, response: web.StreamResponse) -> None:
        """Set the cookie the websocket and downloads will carry."""
        if self.token is None:
            return
        response.set_cookie(self.cookie_name, self.token.reveal(), httponly=True,
                            samesite="Strict", secure=self.secure_cookie,
                            path=self.cookie_path)

    # ---------------------------------------------------------------- host, origin

    def host_ok(self, request: web.Request) -> bool:
        """Without a token, only requests addressed to this machine by a local name."""
        if self.token is not None:
            return True
        host = _host_name(request.host)
        if self.public_netloc and host == _host_name(self.public_netloc):
            return True
        return is_loopback(host)

    def origin_ok(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:  # not a browser; the token (if any) still applies
            return True
        netloc = _netloc(origin)
        return bool(netloc) and netloc in {request.host.lower(), self.public_netloc}
