"""Who may open the served page and its websocket: token, cookie, Host, Origin."""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from alohub_tui.api.secret import Secret
from alohub_tui.serve.access import Access

TOKEN = "s3cret-t0ken-value"
WITH_TOKEN = Access(Secret(TOKEN), "alohub_serve_x")
NO_TOKEN = Access(None, "alohub_serve")
PROXIED = Access(None, "alohub_serve", public_url="https://noc.example/wall/")


def request(path: str = "/", host: str = "127.0.0.1:8080", cookie: str | None = None,
            origin: str | None = None) -> web.Request:
    headers = {"Host": host}
    if cookie is not None:
        headers["Cookie"] = cookie
    if origin is not None:
        headers["Origin"] = origin
    return make_mocked_request("GET", path, headers=headers)


def test_the_page_takes_the_token_from_the_url_or_the_cookie() -> None:
    assert WITH_TOKEN.page_token_ok(request(f"/?token={TOKEN}"))
    assert WITH_TOKEN.page_token_ok(request(cookie=f"alohub_serve_x={TOKEN}"))
    for bad in ("/", "/?token=", "/?token=s3cret", f"/?token={TOKEN}x", f"/?tok={TOKEN}"):
        assert not WITH_TOKEN.page_token_ok(request(bad)), bad


def test_the_websocket_takes_only_the_cookie() -> None:
    assert WITH_TOKEN.cookie_token_ok(request("/ws", cookie=f"alohub_serve_x={TOKEN}"))
    assert not WITH_TOKEN.cookie_token_ok(request(f"/ws?token={TOKEN}"))
    assert not WITH_TOKEN.cookie_token_ok(request("/ws", cookie=f"other={TOKEN}"))


def test_the_cookie_is_http_only_and_strict() -> None:
    response = web.Response()
    WITH_TOKEN.remember(response)
    cookie = response.cookies["alohub_serve_x"]
    assert cookie.value == TOKEN and cookie["httponly"] and cookie["samesite"] == "Strict"
    secure = Access(Secret(TOKEN), "c", "https://noc.example/wall/", True, "/wall/")
    response = web.Response()
    secure.remember(response)
    assert response.cookies["c"]["secure"] and response.cookies["c"]["path"] == "/wall/"
    response = web.Response()
    NO_TOKEN.remember(response)  # nothing to remember
    assert not response.cookies


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost:8080", "[::1]:8080",
                                  "127.1.2.3", "LOCALHOST"])
def test_without_a_token_local_names_are_served(host: str) -> None:
    assert NO_TOKEN.host_ok(request(host=host))


@pytest.mark.parametrize("host", ["evil.example:8080", "evil.example", "10.0.0.5:8080", ""])
def test_without_a_token_other_host_names_are_refused(host: str) -> None:
    """A site whose name resolves to 127.0.0.1 (DNS rebinding) cannot reach the server."""
    assert not NO_TOKEN.host_ok(request(host=host))


def test_the_public_url_host_is_served_and_with_a_token_any_host() -> None:
    assert PROXIED.host_ok(request(host="noc.example"))
    assert not PROXIED.host_ok(request(host="other.example"))
    assert WITH_TOKEN.host_ok(request(host="tv-wall.lan:8080"))


def test_the_websocket_origin_must_be_the_servers_own() -> None:
    assert NO_TOKEN.origin_ok(request(origin="http://127.0.0.1:8080"))
    assert NO_TOKEN.origin_ok(request())  # no Origin: not a browser
    assert not NO_TOKEN.origin_ok(request(origin="http://127.0.0.1:9999"))
    assert not NO_TOKEN.origin_ok(request(origin="https://evil.example"))
    assert not NO_TOKEN.origin_ok(request(origin="null"))
    assert PROXIED.origin_ok(request(host="127.0.0.1:8080", origin="https://noc.example"))
