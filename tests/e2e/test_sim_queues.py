"""updateQueue (EDIT replaces) and the gateway listings that reflect it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sim_support import GATEWAY, KEY, assert_failure, gateway_get, running

UPDATE = "/api/setting/agent/updateQueue"


async def _agents(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    resp = await gateway_get(client, "/v1/agents", **{"page": 0, "size": 20, **params})
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    assert body["success"] == "1"
    return body


async def _edit(client: httpx.AsyncClient, user: str, body: Any) -> httpx.Response:
    return await client.post(UPDATE, params={"userName": user}, json=body)


async def test_edit_replaces_lists_and_listings_reflect_it() -> None:
    async with running(calls=0) as (sim, client):
        before = {a["userName"]: a for a in (await _agents(client))["data"]}
        assert before["userName66"]["callinIds"] == [1, 2]
        assert before["userName66"]["calloutId"] == 99999
        assert set(before["userName66"]) >= {"userName", "fullName", "name", "extensions"}

        resp = await _edit(client, "userName66", {
            "action": "EDIT", "callinId": [3, 1, 3], "calloutId": 99998,
            "lstExtension": ["6688", "6690"],
        })
        assert resp.json() == {"success": "1", "error_code": "SUCCESS", "error_message": "SUCCESS"}
        after = {a["userName"]: a for a in (await _agents(client))["data"]}["userName66"]
        assert after["callinIds"] == [1, 3] and after["calloutId"] == 99998
        assert after["extensions"] == ["6688", "6690"]
        in_q2 = [a["userName"] for a in (await _agents(client, queue_id=2))["data"]]
        assert "userName66" not in in_q2
        in_q3 = [a["userName"] for a in (await _agents(client, queue_id=3))["data"]]
        assert "userName66" in in_q3
        # the new extension can dial at once; calloutId omitted keeps the current one
        call = await client.post("/api/v1.0/base/makeCall",
                                 json={"phoneNumber": "0912345678", "ipPhone": "6690"})
        assert call.json()["success"] == "1"
        await _edit(client, "userName66", {"action": "EDIT", "callinId": []})
        agent = sim.tenant.agents["userName66"]
        assert agent.callin_ids == [] and agent.callout_id == 99998
        assert agent.extensions == ["6688", "6690"]
        sent = next(r for r in sim.requests if r["path"] == UPDATE)
        assert sent["query"] == {"userName": "userName66"}
        assert sent["body"]["lstExtension"] == ["6688", "6690"]


@pytest.mark.parametrize(
    ("user", "body", "code", "needle"),
    [
        ("", {"action": "EDIT", "callinId": [1]}, "MISSING_PARAM", "userName"),
        ("ghost", {"action": "EDIT", "callinId": [1]}, "AGENT_NOT_FOUND", "ghost"),
        ("userName66", {"callinId": [1]}, "MISSING_PARAM", "action"),
        ("userName66", {"action": "ADD", "callinId": [1]}, "INVALID_ACTION", "ADD"),
        ("userName66", {"action": "edit", "callinId": [1]}, "INVALID_ACTION", "edit"),
        ("userName66", {"action": "EDIT"}, "MISSING_PARAM", "callinId"),
        ("userName66", {"action": "EDIT", "callinId": 1}, "INVALID_PARAM", "callinId"),
        ("userName66", {"action": "EDIT", "callinId": ["1"]}, "INVALID_PARAM", "callinId"),
        ("userName66", {"action": "EDIT", "callinId": [True]}, "INVALID_PARAM", "callinId"),
        ("userName66", {"action": "EDIT", "callinId": [1, 77]}, "QUEUE_NOT_FOUND", "77"),
        ("userName66", {"action": "EDIT", "callinId": [1], "calloutId": "99999"},
         "INVALID_PARAM", "calloutId"),
        ("userName66", {"action": "EDIT", "callinId": [1], "calloutId": 12345},
         "QUEUE_NOT_FOUND", "12345"),
        ("userName66", {"action": "EDIT", "callinId": [1], "lstExtension": "6688"},
         "INVALID_PARAM", "lstExtension"),
        ("userName66", {"action": "EDIT", "callinId": [1], "lstExtension": [6688]},
         "INVALID_PARAM", "lstExtension"),
        ("userName66", {"action": "EDIT", "callinId": [1], "lstExtension": ["66a"]},
         "INVALID_PARAM", "66a"),
        ("userName66", {"action": "EDIT", "callinId": [1], "lstExtension": ["6088"]},
         "EXTENSION_IN_USE", "userName60"),
        ("userName66", ["EDIT"], "INVALID_REQUEST", "JSON"),
    ],
)
async def test_update_queue_validation(user: str, body: Any, code: str, needle: str) -> None:
    async with running(calls=0) as (sim, client):
        before = sim.tenant.agents["userName66"].callin_ids
        failure = assert_failure(await _edit(client, user, body), code)
        assert needle in failure["error_message"]
        assert sim.tenant.agents["userName66"].callin_ids == before


async def test_listings_paging_filters_and_auth() -> None:
    async with running(calls=0) as (sim, client):
        page0 = await _agents(client, size=5)
        page2 = await _agents(client, size=5, page=2)
        assert page0["totalRecord"] == 12 and len(page0["data"]) == 5 and page0["page"] == 0
        assert len(page2["data"]) == 2
        online = await _agents(client, status=1)
        assert all(a["status"] == 1 for a in online["data"])
        assert online["totalRecord"] == sum(a.status == 1 for a in sim.tenant.agents.values())

        gateway = httpx.AsyncClient(base_url=str(client.base_url) + GATEWAY)
        async with gateway:
            queues = await gateway.get("/v1/queues/inbound", params={"page": 0, "size": 20},
                                       headers={"X-Api-Key": KEY})
            data = queues.json()["data"]
            assert data[0]["callinId"] == 1 and data[0]["callinName"] == "Sales"
            assert [q["callinName"] for q in data[:4]] == ["Sales", "Support", "Billing", "VIP"]
            for headers, says in (({}, "X-Api-Key"), ({"X-Api-Key": "nope"}, "Invalid"),
                                  ({"Authorization": KEY}, "not in Authorization"),
                                  ({"X-Api-Key": f"Bearer {KEY}"}, "without 'Bearer'")):
                resp = await gateway.get("/v1/agents", headers=headers)
                assert says in assert_failure(resp, "UNAUTHORIZED", 401)["error_message"]
            # the legacy API does not take X-Api-Key
            resp = await client.post("/api/v1.0/base/searchCallV2", json={},
                                     headers={"X-Api-Key": KEY, "Authorization": ""})
            assert_failure(resp, "UNAUTHORIZED", 401)
        for params in ({"page": "x"}, {"page": -1}, {"size": 0}, {"status": "on"},
                       {"queue_id": "two"}):
            assert_failure(await gateway_get(client, "/v1/agents", **params), "BAD_REQUEST", 400)
        assert_failure(await client.get("/v1/nothing"), "NOT_FOUND", 404)
        # on the API's own paths, as on a real tenant, the listings do not exist
        assert_failure(await client.get("/v1/agents"), "NOT_FOUND", 404)


async def test_the_gateway_has_its_own_key() -> None:
    async with running(calls=0, gateway_key="gw-own-key") as (_, client):
        assert (await gateway_get(client, "/v1/agents", key="gw-own-key")).status_code == 200
        wrong = await gateway_get(client, "/v1/agents", key=KEY)  # the API's key
        assert_failure(wrong, "UNAUTHORIZED", 401)
