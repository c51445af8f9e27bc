"""The first-run setup screen: answers, a connection test in plain words, and Save, which
writes a commented config.toml (0600) without the key and hands the key to this session."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from _screen_text import screen_text
from conftest import wait_for
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from alohub_tui.config import parse_config
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.ui.setup import SetupApp

API_KEY = "setup-key-7f3c2a"


@pytest.fixture
def sim_config() -> SimConfig:
    return SimConfig(port=0, api_key=API_KEY, seed=5, calls=30)


async def fill(pilot: Pilot[object], **values: str) -> None:
    app = pilot.app
    for field, value in values.items():
        app.query_one(f"#setup-{field}", Input).value = value
    await pilot.pause()


async def test_test_then_save_writes_the_config_without_the_key(
    sim: Simulator, tmp_path: Path
) -> None:
    target = tmp_path / "alohub-tui" / "config.toml"
    app = SetupApp(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, **{"base-url": sim.base_url, "media-url": sim.media_url,
                             "key": "not-the-key", "extension": "6688"})
        await pilot.press("f5")
        await wait_for(pilot, lambda: "Wrong key" in screen_text(app))
        assert "not-the-key" not in screen_text(app)  # masked, and never in a message
        await fill(pilot, key=API_KEY)
        await pilot.press("f5")
        await wait_for(pilot, lambda: "Reached" in screen_text(app))
        await pilot.press("f6")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_value is not None and app.return_value.key.reveal() == API_KEY
    text = target.read_text(encoding="utf-8")
    assert API_KEY not in text
    cfg = parse_config(text)
    assert (cfg.api.base_url, cfg.dial.default_extension) == (sim.base_url, "6688")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_a_gateway_is_tested_with_its_own_key_and_saved(
    sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a gateway a first run's Agents tab is empty: the setup screen asks for one
    and tests it with its own key ($ALOHUB_GATEWAY_KEY), or says it could not."""
    monkeypatch.delenv("ALOHUB_GATEWAY_KEY", raising=False)
    target = tmp_path / "config.toml"
    app = SetupApp(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, **{"base-url": sim.base_url, "key": API_KEY,
                             "gateway-url": sim.gateway_url})
        await pilot.press("f5")
        await wait_for(pilot, lambda: "Gateway not tested" in screen_text(app))
        assert "Reached" in screen_text(app) and "$ALOHUB_GATEWAY_KEY" in screen_text(app)
        monkeypatch.setenv("ALOHUB_GATEWAY_KEY", sim.gateway_key)
        await pilot.press("f5")
        await wait_for(pilot, lambda: "Reached the gateway" in screen_text(app))
        await pilot.press("f6")
        await wait_for(pilot, lambda: not app.is_running)
    assert parse_config(target.read_text(encoding="utf-8")).gateway.base_url == sim.gateway_url


async def test_a_wrong_answer_names_its_setting_and_nothing_is_written(
    tmp_path: Path
) -> None:
    target = tmp_path / "config.toml"
    app = SetupApp(target)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, **{"base-url": "tenant.example", "extension": "66a"})
        await pilot.press("f6")
        assert "API URL (api.base_url)" in screen_text(app)
        assert app.focused is app.query_one("#setup-base-url", Input)
        await pilot.press("question_mark")  # a URL may hold a ?: typed, no help
        assert app.query_one("#setup-base-url", Input).value.endswith("?")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_value is None and not target.exists()


async def test_answers_typed_in_one_burst_land_in_their_fields(tmp_path: Path) -> None:
    """A paste or a fast typist over SSH: Enter (and Tab) move on before the next key is
    read."""
    app = SetupApp(tmp_path / "config.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        for char in "https://t.example/api\r\tMY_KEY\r":
            key = {"\r": "enter", "\t": "tab"}.get(char, char)
            app.post_message(events.Key(key, char))
        await wait_for(pilot, lambda: app.query_one("#setup-key-env", Input).value
                       .endswith("MY_KEY"))
        assert app.query_one("#setup-base-url", Input).value == "https://t.example/api"
        assert app.query_one("#setup-media-url", Input).value == ""


async def test_the_buttons_do_what_their_keys_do(tmp_path: Path) -> None:
    app = SetupApp(tmp_path / "config.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#setup-test")
        assert "API URL (api.base_url)" in screen_text(app)  # Test checked the answers
        await pilot.click("#setup-quit")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_value is None
