"""What ``alohub-tui serve`` tells the app processes it starts, one per browser page.

The server is the profile's one receiver of call events (or a standalone
``alohub-tui webhook`` is): the processes it starts only read the event store and never
listen for webhooks, whatever ``[webhook] listen`` says. With ``serve --demo`` the server
also runs the one demo simulator; its processes talk to that simulator instead of
starting their own, and still show the DEMO badge.

It travels in one environment variable, :data:`SERVED_ENV` (JSON), read by
:func:`.connect.resolve` and :func:`.live.live_plan`. Kept light: it is on the
first-frame path.

Such a process has no terminal: ``serve`` is its terminal. If ``serve`` dies without
ending it (SIGKILL, a crash), :func:`hang_up_when_orphaned` treats that as a terminal
that went away (SIGHUP, see :mod:`.sighup`), so no app is left behind.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alohub_tui.api.secret import Secret
from alohub_tui.config import Config, ConfigError

SERVED_ENV = "ALOHUB_TUI_SERVED"


@dataclass(frozen=True)
class SharedDemo:
    """The demo simulator running in the ``serve`` process (its URLs, key and seed)."""

    base_url: str
    media_url: str
    api_key: str
    seed: int

    def apply_to(self, cfg: Config) -> Config:
        """``cfg`` pointed at the shared simulator, with the demo tenant's catalog."""
        from alohub_tui.sim.tenant import build_tenant  # the simulator's modules:

        from .demo import catalog_from_tenant, demo_config  # only in demo mode

        return demo_config(cfg, self.base_url, self.media_url,
                           catalog_from_tenant(build_tenant(self.seed)))

    @property
    def key(self) -> Secret:
        return Secret(self.api_key)


@dataclass(frozen=True)
class Served:
    """Set in a process started by ``alohub-tui serve``; see the module docstring."""

    event_store: Path | None
    demo: SharedDemo | None = None

    def to_env(self) -> dict[str, str]:
        data: dict[str, Any] = {
            "event_store": str(self.event_store) if self.event_store else None,
            "demo": dataclasses.asdict(self.demo) if self.demo else None,
        }
        return {SERVED_ENV: json.dumps(data)}


def served_from_env(env: Mapping[str, str] | None = None) -> Served | None:
    """The context ``serve`` passed down, or None in a process it did not start."""
    text = (os.environ if env is None else env).get(SERVED_ENV, "").strip()
    if not text:
        return None
    try:
        data = json.loads(text)
        store = data["event_store"]
        demo = data["demo"]
        return Served(
            Path(store) if store else None,
            SharedDemo(str(demo["base_url"]), str(demo["media_url"]), str(demo["api_key"]),
                       int(demo["seed"])) if demo else None,
        )
    except (ValueError, TypeError, KeyError) as exc:
        raise ConfigError("environment", SERVED_ENV,
                          f"is not what alohub-tui serve writes ({exc!r})") from None


def hang_up_when_orphaned(interval: float = 1.0) -> None:
    """Send this process SIGHUP once its parent (``serve``) is gone (a daemon thread)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os.kill(os.getpid(), signal.SIGHUP)

    threading.Thread(target=watch, name="alohub-served-parent", daemon=True).start()
