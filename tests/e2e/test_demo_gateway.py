"""`--demo` keeps its agent listing: the embedded simulator serves the gateway on its own
path with its own key, and the demo's config points the app at it."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from alohub_tui.agents.membership import read_membership
from alohub_tui.boot.connect import client_for, gateway_for, resolve
from alohub_tui.sim.defaults import DEMO_GATEWAY_KEY
from alohub_tui.vntime import now_vn


async def test_demo_lists_agents_and_their_real_queues_through_the_gateway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("ALOHUB_TUI_CONFIG", "")
    args = argparse.Namespace(demo=True, config=None, base_url=None, media_url=None,
                              read_only=False)
    resolved = resolve(args)
    assert resolved.demo is not None
    try:
        sim = resolved.demo.simulator
        assert resolved.config.gateway.base_url == sim.gateway_url
        assert resolved.gateway_key.reveal() == DEMO_GATEWAY_KEY != resolved.api_key.reveal()
        gateway = gateway_for(resolved)
        assert gateway is not None
        async with gateway, client_for(resolved):
            listed = await gateway.list_agents()
            queues = await gateway.list_inbound_queues()
            read = await read_membership(gateway, [q.id for q in queues],
                                         [a.user_name for a in listed], now_vn())
        assert {a.user_name for a in listed} == set(sim.tenant.agents)
        for user, agent in sim.tenant.agents.items():
            assert read[user].callin_ids == tuple(sorted(agent.callin_ids))
        gateway_paths = {r["path"] for r in sim.requests if "/v1/" in r["path"]}
        assert gateway_paths == {"/gateway/v1/agents", "/gateway/v1/queues/inbound"}
    finally:
        resolved.demo.stop()

