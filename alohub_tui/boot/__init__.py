"""Starting alohub-tui: from flags and config to a ready client, the demo, the live
service, logging, and a clean exit when the terminal hangs up. No Textual here.

- :mod:`.connect`: flags/env/config into a :class:`~.connect.Resolved` and an API client.
- :mod:`.demo`: ``--demo``, the simulator embedded on a background loop.
- :mod:`.live`: which live-event service the TUI or the wall runs (configured, or the demo's).
- :mod:`.logsetup`: the log file, with the API key scrubbed.
- :mod:`.sighup`: the terminal's SIGHUP (window closed, SSH dropped), not a phone hang-up.
"""
