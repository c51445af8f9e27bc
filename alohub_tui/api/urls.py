"""URL helpers: tenant origins (which hosts may see the key) and recording URLs."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from .errors import InvalidInput

MP3_EXPORT_PATH = "/IPCCMedia/MP3Export.do"
_DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def origin(url: str) -> Origin:
    """(scheme, host, port) with the default port filled in; host lowercased."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or _DEFAULT_PORTS.get(scheme, 0)


def check_base_url(url: str, field: str = "base_url") -> str:
    """``url`` without trailing slashes; must be absolute http(s) with a host."""
    text = url.strip().rstrip("/") if isinstance(url, str) else ""
    parts = urlsplit(text)
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        raise InvalidInput(field, f"{field} must be an http:// or https:// URL, got {text!r}.")
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise InvalidInput(field, f"{field} has an invalid port: {text!r}.") from None
    return text


def default_media_url(base_url: str) -> str:
    """The media server defaults to the API base without its trailing ``/api``."""
    base = base_url.rstrip("/")
    return base.removesuffix("/api") if base.endswith("/api") else base


def host_port(url: str) -> str:
    """``host[:port]`` for display (the port only when it is not the default)."""
    parts = urlsplit(url)
    return parts.netloc.rsplit("@", 1)[-1]


def is_full_url(ref: str) -> bool:
    return urlsplit(ref).scheme.lower() in _DEFAULT_PORTS


def is_mp3_export(ref: str) -> bool:
    parts = urlsplit(ref)
    return is_full_url(ref) and parts.path.rstrip("/").endswith(MP3_EXPORT_PATH)


def mp3_export_url(media_url: str, recording_url: str) -> str:
    """The download URL for a record's ``recording_url`` (used as is when already one)."""
    ref = recording_url.strip() if isinstance(recording_url, str) else ""
    if not ref:
        raise InvalidInput("recording_url", "This call has no recording.")
    if is_mp3_export(ref):
        return ref
    return f"{media_url.rstrip('/')}{MP3_EXPORT_PATH}?url={quote(ref, safe='')}&source=ipcc"
