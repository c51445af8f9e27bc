"""``alohub-tui serve``: the wall (or the full app) in a browser, for NOC TVs and kiosks.

Textual apps reach a browser through Textual's web driver: the app process speaks a
small packet protocol on its stdin/stdout (:mod:`.protocol`), and a server relays it to
xterm.js over a websocket. textual-serve is the reference server. We use it as a
dependency for its browser client only (``textual.js`` and ``xterm.css``, served as
shipped) and run our own small aiohttp server (:mod:`.server`), because what a wall
needs sits in the parts we would otherwise override one by one:

- access: a token (constant-time compare) on the page, the websocket and downloads,
  Host and Origin checks (:mod:`.access`); textual-serve has no authentication;
- a session cap with a clear "busy" page, and apps that always end with their session
  (quit, SIGTERM, SIGKILL, process group; :mod:`.child`); textual-serve only asks;
- the frame rate: ``TEXTUAL_FPS`` from ``[serve]`` (low for the wall), where
  textual-serve forces 60; the apps run with argv (no shell), and without the keys
  they must not have (the wall gets no API key);
- unattended pages: reconnect with backoff and "reconnecting…", in our page's script
  (``static/alohub-serve.js``) wrapped around textual.js, instead of "Session ended"
  and a Restart button;
- deliveries (Download / Play of a recording) pulled into a private folder, then served
  with their length and ranges to the right page (:mod:`.deliveries`);
- relative URLs and an optional path prefix, so a proxy needs no public URL unless it
  rewrites ``Host``.

No Textual import here: the apps are separate processes.
"""
