"""The served HTML: the page around the terminal, and the short pages that refuse.

The page is ours; inside it, textual-serve's client (``textual.js``: xterm.js and the
websocket glue) draws the terminal, unchanged. ``alohub-serve.js`` runs first and adds
what a wall needs (see its header). Everything is served from this server: no font or
script from the internet, so a kiosk on a closed network works.
"""

from __future__ import annotations

from html import escape

#: Headers of every HTML answer: no caching (a token may be in the URL), no framing (the
#: full app must not be clickjacked), no script or connection to anywhere else.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; media-src 'self'; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
}

MIN_FONT, MAX_FONT = 6, 72

_STYLE = """
html, body { margin: 0; padding: 0; height: 100%; overflow: hidden; background: #121212;
  color: #e0e0e0; font-family: "DejaVu Sans", system-ui, sans-serif; }
body.wall { cursor: none; }
#terminal { position: fixed; inset: 0; }
#terminal .xterm { height: 100%; }
.notice { position: fixed; top: 40%; left: 50%; transform: translate(-50%, -50%);
  background: rgba(20, 20, 20, .92); border: 2px solid #ffb74d; border-radius: 8px;
  padding: 1em 2em; font-size: 1.6em; text-align: center; z-index: 10; max-width: 80vw; }
.notice small { display: block; font-size: .6em; opacity: .8; margin-top: .4em; }
#alohub-player { position: fixed; bottom: 1em; right: 1em; z-index: 11; cursor: auto;
  background: rgba(20, 20, 20, .95); border: 1px solid #888; border-radius: 6px;
  padding: .6em; display: flex; gap: .6em; align-items: center; }
[hidden] { display: none !important; }
"""

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<title>{title}</title>
<link rel="stylesheet" href="static/ts/css/xterm.css">
<style>{style}</style>
<script src="static/alohub-serve.js"></script>
<script src="static/ts/js/textual.js"></script>
</head>
<body class="{mode}" data-status-url="status">
<div id="terminal" class="textual-terminal" data-session-websocket-url="ws"
     data-font-size="{font_size}"></div>
<div id="alohub-status" class="notice" role="status" aria-live="polite">
  <span id="alohub-status-text">connecting…</span><small id="alohub-status-detail"></small>
</div>
<div id="alohub-player" role="region" aria-label="Recording player" hidden>
  <span id="alohub-player-name"></span>
  <audio id="alohub-player-audio" controls preload="auto"></audio>
  <button type="button" id="alohub-player-close">Close</button>
</div>
</body>
</html>
"""

_NOTICE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="color-scheme" content="dark">
{refresh}<title>{title}</title>
<style>{style}</style>
</head>
<body>
<div class="notice" role="alert"><span>{headline}</span><small>{detail}</small></div>
</body>
</html>
"""


def font_size(asked: str | None, default: int) -> int:
    """``?fontsize=``: a whole number of pixels within reason, else the default."""
    try:
        size = int(asked) if asked else default
    except ValueError:
        return default
    return min(max(size, MIN_FONT), MAX_FONT)


def app_page(title: str, size: int, mode: str) -> str:
    """The page. Its links are relative, so it works at any path a proxy puts it under
    (as long as the address ends with "/")."""
    return _PAGE.format(title=escape(title), font_size=size, mode=escape(mode, quote=True),
                        style=_STYLE)


def notice_page(title: str, headline: str, detail: str, retry_s: int | None = None) -> str:
    refresh = f'<meta http-equiv="refresh" content="{retry_s}">\n' if retry_s else ""
    return _NOTICE.format(title=escape(title), headline=escape(headline),
                          detail=escape(detail), refresh=refresh, style=_STYLE)
