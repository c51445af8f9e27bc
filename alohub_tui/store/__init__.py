"""The profile's local store: what the app remembers of one tenant, in one SQLite file.

No Textual here; the CLI, the TUI and the tests share it as it is. Modules:

- :mod:`.profile`: which profile a run uses and where its folder is;
- :mod:`.lease`: the demo profile's reset, only when no other process uses it;
- :mod:`.db`, :mod:`.schema`: the file (WAL, busy timeout, version, migrations, refusal
  of a newer file, a damaged one set aside);
- :mod:`.dials`, :mod:`.agent_state`, :mod:`.audit`, :mod:`.callbacks`: one module per
  kind of record;
- :mod:`.local`: :class:`LocalStore` and :func:`open_local_store`;
- :mod:`.legacy`: the one-time import of ``state.toml`` and the audit file of before;
- :mod:`.watch`: :class:`StoreWatcher`, another process's writes noticed;
- :mod:`.elsewhere`: which other profile recorded a change asked for by id.

Names are exported on first use (PEP 562), so reading a profile's name loads no SQLite.
"""

from alohub_tui.lazy import lazy_exports

_EXPORTS = {
    "LocalStore": "local",
    "NewerStore": "db",
    "Profile": "profile",
    "StoreError": "db",
    "StoreWatcher": "watch",
    "open_local_store": "local",
    "profile_for": "profile",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
