"""The top bar's API health, as the app computes it from each answer (Pilot, real
sockets): up, refused (HTTP 200 with success "0"), down."""

from __future__ import annotations

import pytest
from _history_ui import open_history
from _history_ui import settle as searched
from conftest import AppFactory

from alohub_tui.config import ApiConfig
from alohub_tui.sim.server import Simulator
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.scenes import settle


def health(app: AlohubApp) -> str:
    return str(app.top_bar.render()).rstrip().rsplit("  ", 1)[-1].strip()


@pytest.mark.parametrize(
    ("case", "shown"),
    [("up", "API ● ok"), ("refused", "API ✗ failing: Alohub refused"),
     ("down", "API ✗ failing: Connection failed")],
)
async def test_the_top_bar_says_what_the_last_answer_was(
    sim: Simulator, app_factory: AppFactory, case: str, shown: str
) -> None:
    if case == "refused":
        sim.set_faults(["envelope@search"])
    base = "http://127.0.0.1:9/api" if case == "down" else sim.base_url
    app = app_factory(api=ApiConfig(base_url=base, media_url=sim.media_url,
                                    connect_timeout_s=0.5))
    async with app.run_test(size=(100, 24)) as pilot:
        await open_history(pilot)
        await pilot.pause()
        assert health(app).startswith(shown), app.top_bar.render()
        assert app.top_bar.health_ok is (case == "up")
        await settle(pilot)  # the screenshot scenes' settle keeps what the app computed
        assert health(app).startswith(shown)


async def test_a_success_after_a_refusal_is_ok_again(
    sim: Simulator, app_factory: AppFactory
) -> None:
    sim.set_faults(["envelope@search"])
    app = app_factory()
    async with app.run_test(size=(100, 24)) as pilot:
        await open_history(pilot)
        assert app.top_bar.health_ok is False
        sim.clear_faults()
        await pilot.press("ctrl+r")
        await searched(pilot, "history-search")
        assert app.top_bar.health_ok is True
