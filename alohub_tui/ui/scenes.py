"""Deterministic scenes of the app for screenshots/ and the SVG snapshot tests.

Every scene runs the real app against the seeded simulator (on its own thread, over a
real socket) with a pinned clock, fixed recent dials, a fixed transactionId and no
cursor blink, so the same code gives the same picture on any machine and any day.

``python -m alohub_tui.ui.scenes screenshots/`` regenerates the README's pictures.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from alohub_tui.boot.connect import Resolved
from alohub_tui.boot.demo import DemoBackend
from alohub_tui.config import CallbacksConfig, Config, DialConfig, HistoryConfig
from alohub_tui.dial.record import Dial
from alohub_tui.exitcodes import EXIT_OK
from alohub_tui.sim.server import DEMO_KEY, SimConfig
from alohub_tui.state import StateStore
from alohub_tui.store.local import open_local_store
from alohub_tui.store.profile import DEMO, Profile
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.setup import SetupApp
from alohub_tui.vntime import VN_TZ

SCENE_NOW = datetime(2026, 11, 27, 10, 30, 0, tzinfo=VN_TZ)
SCENE_SEED = 11
SCENE_HOST = "127.0.0.1:8088"
SCENE_TXN = "ALOHUB_TUI_20261127103000_5eed0001"

Scene = Callable[[Pilot[Any]], Awaitable[None]]


def scene_backend() -> DemoBackend:
    """The seeded simulator, its clock starting at :data:`SCENE_NOW`, not yet started."""
    naive_now = SCENE_NOW.replace(tzinfo=None)
    return DemoBackend(
        SimConfig(port=0, api_key=DEMO_KEY, seed=SCENE_SEED, calls=3000, now=naive_now)
    )


def _recent_dials() -> list[Dial]:
    base = SCENE_NOW.replace(tzinfo=None)
    return [
        Dial(
            base - timedelta(minutes=2),
            "0912345678",
            "6688",
            "ALOHUB_TUI_20261127102800_a1b2c3d4",
            outcome="answered",
            duration=187,
            recording_url="r.mp3",
            final=True,
        ),
        Dial(
            base - timedelta(minutes=9),
            "0283456789",
            "6688",
            "ALOHUB_TUI_20261127102100_0f1e2d3c",
            outcome="busy",
            final=True,
        ),
        Dial(
            base - timedelta(minutes=31),
            "0987654321",
            "6688",
            "ALOHUB_TUI_20261127095900_77aa88bb",
            outcome="noanswer",
            final=True,
        ),
        Dial(
            base - timedelta(days=1, minutes=5),
            "0356789012",
            "6789",
            "ALOHUB_TUI_20261126102500_c0ffee00",
            outcome="answered",
            duration=64,
            recording_url="s.mp3",
            final=True,
        ),
    ]


def scene_app(backend: DemoBackend, state_path: Path) -> AlohubApp:
    """The app on the running ``backend``, with seeded dials and the pinned clock; its
    demo profile (local store, call events) is a fresh folder beside ``state_path``."""
    state = StateStore(state_path)
    state.data.clear()
    profile = Profile(DEMO, "--demo", state_path.parent / "profile")
    for leftover in profile.folder.glob("*"):  # an earlier scene's stores, WAL files too
        leftover.unlink()
    with open_local_store(profile) as store:
        for dial in reversed(_recent_dials()):
            store.dials.save(dial.to_state())
    config = backend.apply_to(
        Config(
            dial=DialConfig(default_extension="6688"),
            history=HistoryConfig(downloads_dir=str(state_path.parent / "downloads")),
            source=state_path.parent / "config.toml",  # never read: plans.toml goes beside it
            callbacks=CallbacksConfig(operator="An"),
        )
    )
    app = AlohubApp(Resolved(config, backend.api_key, backend, gateway_key=backend.gateway_key,
                             profile=profile), state, clock=lambda: SCENE_NOW)
    app.top_bar.host = SCENE_HOST
    return app


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for all finite work, then pin what varies between runs (an ok answer's time,
    the cursor blink); whether the API is up is left as the app found it."""
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    for field in app.query(Input):
        field.cursor_blink = False
    if isinstance(app, AlohubApp) and app.top_bar.health_ok:
        # The health is what the app computed; only an ok answer's time varies by run.
        app.top_bar.health_detail = "12 ms"
    await pilot.pause()


async def dial_scene(pilot: Pilot[Any]) -> None:
    pilot.app.query_one("#txn", Input).value = SCENE_TXN
    await pilot.press(*"0912 345 678")
    await settle(pilot)


async def history_scene(pilot: Pilot[Any]) -> None:
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("down", "down")
    await settle(pilot)


async def agents_scene(pilot: Pilot[Any]) -> None:
    await pilot.press("f4")
    await settle(pilot)
    await settle(pilot)  # the tab loads the agent listing after it is first shown
    await pilot.press("down", "space", "down", "space")
    await settle(pilot)


SCENE_PLANS = """\
[plans.morning]
description = "Morning shift: Sales and Support staffed, Billing from 66"
[plans.morning.agents.userName60]
callin = [1, 2]
callout = 99999
extensions = ["6088"]
[plans.morning.agents.userName61]
callin = [1, 2]
extensions = ["6188"]
[plans.morning.agents.userName64]
callin = [5]
[plans.morning.agents.userName66]
callin = [1, 2, 3]
callout = 99998
extensions = ["6688"]
[plans.morning.agents.ghost99]
callin = [1]
"""
SCENE_KNOWN = {
    "userName60": {"callin_ids": [2, 6], "callout_id": 99997, "extensions": ["6088", "6089"],
                   "applied_at": "2026-11-26T17:30:00+07:00"},
    "userName61": {"callin_ids": [1, 2], "extensions": ["6188"],
                   "applied_at": "2026-11-26T17:30:00+07:00"},
    "userName64": {"callin_ids": [4], "callout_id": 99999, "extensions": ["6488"],
                   "applied_at": "2026-11-26T17:30:00+07:00"},
}


async def plans_scene(pilot: Pilot[Any]) -> None:
    """A plan's diff: a change, an unchanged agent, an unknown one and a refusal."""
    from alohub_tui.agents.plans import plans_path

    app = pilot.app
    assert isinstance(app, AlohubApp)
    plans_path(app.config.source).write_text(SCENE_PLANS, encoding="utf-8")
    for user, known in SCENE_KNOWN.items():
        app.store.agents.set_agent_state(user, known)
    await pilot.press("f4")
    await settle(pilot)
    await settle(pilot)
    await pilot.press("f9")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def live_scene(pilot: Pilot[Any]) -> None:
    await pilot.press("f5")
    await settle(pilot)
    await pilot.pause(2.0)  # the counters refresh on a 1.5 s timer
    await settle(pilot)


async def callbacks_scene(pilot: Pilot[Any]) -> None:
    """Today's missed calls from the demo's webhook store: a customer who called twice,
    one claimed by another operator, one by this one, one done with a note, one called
    back."""
    from alohub_tui.store.callbacks import DONE, Outcome
    from alohub_tui.ui.tabs.callbacks import CallbacksTab

    app = pilot.app
    assert isinstance(app, AlohubApp) and app.live is not None
    await pilot.press("f12")
    await settle(pilot)
    tab = app.query_one(CallbacksTab)
    assert tab.desk is not None
    second, third, fourth, fifth = tab.desk.worklist.open[1:5]
    app.live.backfill([
        _scene_call("SCENE-AGAIN", "inbound", "missed", second.number, "10:05:12", "",
                    "10:05:40", hotline="19006688"),
        _scene_call("SCENE-BACK", "outbound", "answered", fifth.number, "10:14:02",
                    "10:14:09", "10:16:30", agent="userName62"),
    ])
    day, hold = SCENE_NOW.date(), timedelta(minutes=15)
    records = app.store.callbacks
    records.claim(day, second.number, "Binh", SCENE_NOW - timedelta(minutes=4), hold)
    records.claim(day, fourth.number, "An", SCENE_NOW - timedelta(minutes=1), hold)
    records.add_outcome(day, Outcome(third.number, DONE, "Chi",
                                     SCENE_NOW - timedelta(minutes=7), "sent SMS"))
    tab.action_refresh()
    await settle(pilot)


def _scene_call(call_id: str, direction: str, status: str, customer: str, start: str,
                answer: str, end: str, *, agent: str = "userName66",
                hotline: str = "") -> dict[str, Any]:
    """A webhook payload of a call of the scene's day (times ``HH:MM:SS``)."""
    day = SCENE_NOW.date().isoformat()
    inbound = direction == "inbound"
    return {"call_id": call_id, "direction": direction, "call_status": status,
            "caller_number": customer if inbound else "6688",
            "destination_number": "6688" if inbound else customer,
            "starttime": f"{day} {start}", "answertime": f"{day} {answer}" if answer else "",
            "endtime": f"{day} {end}", "hotline": hotline, "userName": agent}


async def help_scene(pilot: Pilot[Any]) -> None:
    await pilot.press("f1")
    await settle(pilot)


@dataclass(frozen=True)
class Shot:
    name: str
    scene: Scene
    size: tuple[int, int]

    async def play(self, pilot: Pilot[Any]) -> None:
        """The scene, once every tab is built (the app's second startup step is done)."""
        app = pilot.app
        if isinstance(app, AlohubApp):
            await app.wait_until_built()
        await self.scene(pilot)


SHOTS = (
    Shot("dial-80x24", dial_scene, (80, 24)),
    Shot("dial-120x40", dial_scene, (120, 40)),
    Shot("history-80x24", history_scene, (80, 24)),
    Shot("history-120x40", history_scene, (120, 40)),
    Shot("agents-80x24", agents_scene, (80, 24)),
    Shot("plans-80x24", plans_scene, (80, 24)),
    Shot("live-80x24", live_scene, (80, 24)),
    Shot("live-120x40", live_scene, (120, 40)),
    Shot("callbacks-80x24", callbacks_scene, (80, 24)),
    Shot("callbacks-120x40", callbacks_scene, (120, 40)),
    Shot("help-80x24", help_scene, (80, 24)),
)


#: The first-run setup screen, answered (no test: its answer would name a real host).
SETUP_PATH = Path("/home/operator/.config/alohub-tui/config.toml")  # shown, never written
SETUP_ANSWERS = {"base-url": "https://hcm.example:9909/api",
                 "media-url": "https://hcm.example:1777",
                 "gateway-url": "https://xapi.alohub.vn", "extension": "6688"}


async def setup_scene(pilot: Pilot[Any]) -> None:
    for field, value in SETUP_ANSWERS.items():
        pilot.app.query_one(f"#setup-{field}", Input).value = value
    pilot.app.query_one("#setup-extension", Input).focus()
    await pilot.pause()


SETUP_SHOT = Shot("setup-80x24", setup_scene, (80, 24))


async def render(app: App[Any], shot: Shot) -> str:
    async with app.run_test(size=shot.size) as pilot:
        await shot.play(pilot)
        return app.export_screenshot(title=f"alohub-tui: {shot.name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the SVG screenshots.")
    parser.add_argument("out", type=Path, nargs="?", default=Path("screenshots"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    backend = scene_backend()
    backend.start()
    try:
        for shot in SHOTS:
            app = scene_app(backend, args.out / ".scene-state" / "state.toml")
            svg = asyncio.run(render(app, shot))
            (args.out / f"{shot.name}.svg").write_text(svg, encoding="utf-8")
            print(f"wrote {args.out / shot.name}.svg")
        svg = asyncio.run(render(SetupApp(SETUP_PATH), SETUP_SHOT))
        (args.out / f"{SETUP_SHOT.name}.svg").write_text(svg, encoding="utf-8")
        print(f"wrote {args.out / SETUP_SHOT.name}.svg")
    finally:
        backend.stop()
        for leftover in sorted((args.out / ".scene-state").rglob("*"), reverse=True):
            leftover.rmdir() if leftover.is_dir() else leftover.unlink()
        (args.out / ".scene-state").rmdir()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
