"""The TUI's first frame must not wait for modules it does not draw (issue #8, cold start).

Building the command line and importing the app is what happens before that frame; the
HTTP stack, phonenumbers, aiohttp and the later tabs are loaded after it.
"""

from __future__ import annotations

import json
import subprocess
import sys

DEFERRED = (
    "httpx",
    "phonenumbers",
    "aiohttp",
    "alohub_tui.api.client",
    "alohub_tui.ui.tabs.history",
    "alohub_tui.ui.tabs.history_files",
    "alohub_tui.ui.tabs.agents",
    "alohub_tui.ui.tabs.live",
    "alohub_tui.ui.live_link",
    "alohub_tui.boot.live",
    "alohub_tui.boot.demo",
    "alohub_tui.live.service",
    "alohub_tui.webhook.store",
)


def test_first_frame_path_defers_heavy_modules() -> None:
    code = (
        "import json, sys\n"
        "from alohub_tui.__main__ import build_parser\n"
        "build_parser().parse_args([])\n"
        "import alohub_tui.launch, alohub_tui.ui.app\n"
        f"print(json.dumps([m for m in {list(DEFERRED)!r} if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_the_guard_can_see_a_loaded_module() -> None:
    """The check above would notice: creating a client does load httpx."""
    code = (
        "import json, sys\n"
        "import alohub_tui.api.client\n"
        "print(json.dumps('httpx' in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) is True
