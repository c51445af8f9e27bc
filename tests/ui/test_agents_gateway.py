"""The Agents tab and the optional gateway (alohub-api.md §6), against the real simulator.

Without [gateway] the app never calls the listing paths and says where its agents come
from; with it, it reads the tenant's real queue membership (its own host and key, in
X-Api-Key, 0-based pages, one listing per inbound queue), shows where each agent's state
came from, starts the editor from it and reads it again before applying.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _agents_ui import GATEWAY_KEY, Harness, agents_app
from textual.widgets import DataTable, SelectionList, Static

from alohub_tui.config import CatalogAgent, CatalogConfig, CatalogQueue
from alohub_tui.sim.defaults import GATEWAY_PREFIX
from alohub_tui.ui.screens.confirm import ConfirmScreen
from alohub_tui.ui.screens.queue_editor import QueueEditorScreen

KNOWN_ELSEWHERE = {  # an agent changed from here who is not in the catalog
    "userName70": {"callin_ids": [4], "extensions": ["7088"],
                   "applied_at": "2026-11-26T17:30:00+07:00"},
}


def gateway_requests(h: Harness) -> list[dict[str, Any]]:
    return [r for r in h.sim.requests if "/v1/" in str(r["path"])]


def status(h: Harness) -> str:
    return str(h.app.query_one("#agent-status", Static).render())


def row(h: Harness, user: str) -> list[str]:
    return [str(cell) for cell in h.app.query_one("#agent-table", DataTable).get_row(user)]


async def test_without_a_gateway_nothing_calls_it_and_the_tab_says_where_agents_come_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = CatalogConfig(agents=(CatalogAgent("userName66", "Agent 66", ("6688",)),),
                            callin_queues=(CatalogQueue(1, "Sales"),))
    async with agents_app(tmp_path, monkeypatch, catalog=catalog,
                          known=KNOWN_ELSEWHERE) as h:
        assert gateway_requests(h) == []
        assert "no [gateway] is set" in status(h)
        assert "warning" not in h.app.query_one("#agent-status", Static).classes
        table = h.app.query_one("#agent-table", DataTable)
        assert {str(key.value) for key in table.rows} == {"userName66", "userName70"}
        assert row(h, "userName70")[-3:] == ["4", "unknown", "here 26/11"]
        assert row(h, "userName66")[-3:] == ["unknown", "unknown", "unknown"]


async def test_with_a_gateway_the_real_membership_is_read_with_its_own_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with agents_app(tmp_path, monkeypatch, gateway=True) as h:
        requests = gateway_requests(h)
        assert requests and all(r["path"].startswith(GATEWAY_PREFIX + "/v1/")
                                for r in requests)
        assert all(r["x_api_key"] == "***" and r["authorization"] is None for r in requests)
        assert all(r["status"] == 200 and r["query"]["page"] == "0" for r in requests)
        per_queue = sorted(int(r["query"]["queue_id"]) for r in requests
                           if "queue_id" in r["query"])
        assert per_queue == sorted(h.sim.tenant.callin_queues)
        for user, agent in h.sim.tenant.agents.items():
            callin, _out, source = row(h, user)[-3:]
            assert callin == (",".join(map(str, sorted(agent.callin_ids))) or "none")
            assert source.startswith("Alohub ")
        assert status(h).startswith("Queues read from Alohub at ")


async def test_the_editor_starts_from_alohub_and_warns_when_it_changed_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with agents_app(tmp_path, monkeypatch, gateway=True) as h:
        await h.type("userName66")
        await h.pilot.press("enter", "enter")
        await h.pilot.pause()
        editor = h.app.screen
        assert isinstance(editor, QueueEditorScreen)
        title = str(editor.query_one("#editor-title", Static).render())
        assert "read from Alohub at" in title
        callin = editor.query_one("#editor-callin", SelectionList)
        assert sorted(callin.selected) == [1, 2]  # userName66's real queues
        # Someone else moves userName66 into queue 3 while the editor is open.
        h.sim.tenant.apply_edit("userName66", [1, 2, 3], None, None, set_callout=False)
        before = len(gateway_requests(h))
        await h.pilot.press("f6")
        await h.settle()
        assert len(gateway_requests(h)) > before  # read again just before applying
        assert isinstance(h.app.screen, ConfirmScreen)
        question = h.app.screen.question
        assert "Alohub's callin queues changed since" in question
        assert "now 1, 2, 3 (was 1, 2)" in question
        await h.pilot.press("n")
        assert h.updates() == []


async def test_the_gateway_key_never_goes_to_the_api_nor_the_api_key_to_the_gateway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with agents_app(tmp_path, monkeypatch, gateway=True) as h:
        assert h.sim.gateway_key == GATEWAY_KEY != h.sim.api_key
        assert all(r["status"] == 200 for r in gateway_requests(h))  # the right key
        assert not [r for r in h.sim.requests if r["status"] == 401]
