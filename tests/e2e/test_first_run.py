"""The first run's connection test against the simulator on loopback: reached, or which
usual mistake it is (wrong key, wrong host or path, TLS, no answer), in plain words; and
when the app asks for settings at all."""

from __future__ import annotations

import argparse
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from alohub_tui.api.secret import Secret
from alohub_tui.boot.first_run import (
    NOT_TESTED,
    REACHED,
    TLS,
    WRONG_HOST,
    WRONG_KEY,
    check_connection,
    check_gateway,
    needs_setup,
)
from alohub_tui.sim.server import SimConfig, Simulator

KEY = "first-run-key-55"


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimConfig(port=0, api_key=KEY, seed=3, calls=40)) as simulator:
        yield simulator


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_reached_with_the_right_key(sim: Simulator) -> None:
    checked = await check_connection(sim.base_url, sim.media_url, Secret(KEY))
    assert checked.kind == REACHED and "the key works" in checked.message
    (search,) = [r for r in sim.requests if r["path"].endswith("/searchCallV2")]
    assert search["body"]["limit"] == 1  # the cheapest read


async def test_the_usual_mistakes_in_plain_words(sim: Simulator) -> None:
    wrong_key = await check_connection(sim.base_url, "", Secret("not-the-key"))
    assert wrong_key.kind == WRONG_KEY and "not-the-key" not in wrong_key.message
    assert "refused the key" in wrong_key.message

    wrong_path = await check_connection(sim.base_url.replace("/api", "/nope"), "",
                                        Secret(KEY))
    assert wrong_path.kind == WRONG_HOST and "404" in wrong_path.message

    nobody = await check_connection(f"http://127.0.0.1:{free_port()}/api", "", Secret(KEY))
    assert nobody.kind == WRONG_HOST and "nothing answers" in nobody.message

    tls = await check_connection(sim.base_url.replace("http://", "https://"), "",
                                 Secret(KEY))
    assert tls.kind == TLS and "TLS problem" in tls.message


async def test_the_gateway_is_checked_with_its_own_key(sim: Simulator) -> None:
    """The optional gateway (alohub-api.md §6): its own host path and its own key."""
    untested = await check_gateway(sim.gateway_url, Secret(""), "GW_KEY")
    assert untested.kind == NOT_TESTED and "$GW_KEY" in untested.message
    wrong = await check_gateway(sim.gateway_url, Secret("not-the-gateway-key"), "GW_KEY")
    assert wrong.kind == WRONG_KEY and wrong.message.startswith("Gateway: Wrong key")
    lost = await check_gateway(sim.base_url, Secret(sim.gateway_key), "GW_KEY")  # the API's URL
    assert lost.kind == WRONG_HOST and "xapi.alohub.vn" in lost.message
    reached = await check_gateway(sim.gateway_url, Secret(sim.gateway_key), "GW_KEY")
    assert reached.kind == REACHED and "inbound queues" in reached.message


def test_when_the_app_asks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    env = {"XDG_CONFIG_HOME": str(tmp_path / "none"), "HOME": str(tmp_path)}
    args = argparse.Namespace(config=None, demo=False, wall=False, base_url=None)
    monkeypatch.setattr("alohub_tui.paths.config_candidates",
                        lambda env=None: [tmp_path / "none" / "config.toml"])
    assert needs_setup(args, env)
    assert not needs_setup(argparse.Namespace(**{**vars(args), "demo": True}), env)
    assert not needs_setup(args, {**env, "ALOHUB_BASE_URL": "https://t.example/api"})
    (tmp_path / "none").mkdir()
    (tmp_path / "none" / "config.toml").write_text("", encoding="utf-8")
    assert not needs_setup(args, env)  # a config file, even an empty one: no questions
