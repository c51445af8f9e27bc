"""`alohub-tui history` against what a real tenant may send (a real process, a real socket).

The simulator always answers with its envelope and pages correctly; ``fake_tenant``
(tests/fake_tenant.py) answers with the seed document's bare record, a page of bad
fields, or the same page for every page number.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import Result, cli_env, run_cli
from fake_tenant import FakeTenant, Seen, json_reply

SEARCH = "/api/v1.0/base/searchCallV2"
DOC_RECORD: dict[str, Any] = {  # the seed document's example, verbatim in shape
    "call_id": "20210222084953-NSOJCGOO-49278", "source": "ipcc", "direction": "OUTBOUND",
    "call_status": "answered", "starttime": "2021-02-22 08:49:53",
    "answertime": "2021-02-22 08:50:01", "endtime": "2021-02-22 08:55:01",
    "total_duration": "308", "holding_duration": "0", "hangup_by": "customer",
    "recording_url": "2021/02/22/rec.mp3", "caller_number": "6688",
    "destination_number": "0912345678", "transactionId": "ALOHUB_1", "agent": "userName66",
}


def record(n: int, **changes: Any) -> dict[str, Any]:
    return {**DOC_RECORD, "call_id": f"20210222084953-NSOJCGOO-{n:05d}", **changes}


@pytest.fixture
def env(fake_tenant: FakeTenant, tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, key=fake_tenant.key, base_url=fake_tenant.base_url)


async def history(env: dict[str, str], *args: str) -> Result:
    return await run_cli(env, "history", "--from", "2021-02-01", "--to", "2021-02-28", *args,
                         secret=env["ALOHUB_API_KEY"])


@pytest.mark.parametrize(
    "body",
    [
        {"success": "1", "error_code": "SUCCESS", "data": [DOC_RECORD], "totalRecord": 1},
        [DOC_RECORD],
        DOC_RECORD,
        {"success": "1", "data": DOC_RECORD},
    ],
    ids=["envelope", "bare-list", "bare-record", "data-holding-one-record"],
)
async def test_every_documented_shape_is_a_call(
    fake_tenant: FakeTenant, env: dict[str, str], body: object
) -> None:
    fake_tenant.answer("POST", SEARCH, json_body=body)
    result = await history(env, "--json")
    assert result.code == 0, result.err
    (line,) = result.out.splitlines()
    assert json.loads(line)["call_id"] == DOC_RECORD["call_id"]
    assert result.err == ""


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"result": [DOC_RECORD]}, "keys: result"),
        ({"success": "1", "data": "none"}, "'data' is a string"),
        ("OK", "a string instead of call records"),
    ],
)
async def test_any_other_shape_is_one_line_never_no_calls(
    fake_tenant: FakeTenant, env: dict[str, str], body: object, named: str
) -> None:
    fake_tenant.answer("POST", SEARCH, json_body=body)
    result = await history(env)
    assert result.code == 1
    assert result.err.count("\n") == 1 and named in result.err
    assert "no calls" not in result.err


async def test_one_bad_field_spoils_that_field_only(
    fake_tenant: FakeTenant, env: dict[str, str]
) -> None:
    rows = [
        record(1, total_duration="N/A", starttime="13/01/2024 15:00:30"),
        record(2, starttime=1705132830),
        record(3, answertime="yesterday"),
        record(4),
    ]
    fake_tenant.answer("POST", SEARCH, json_body={"success": "1", "data": rows,
                                                   "totalRecord": 4})
    result = await history(env, "--json")
    assert result.code == 0, result.err
    calls = [json.loads(line) for line in result.out.splitlines()]
    assert [c["call_id"][-1] for c in calls] == ["1", "2", "3", "4"]
    assert calls[0]["total_duration"] == "" and calls[0]["starttime"] == "2024-01-13 15:00:30"
    assert calls[1]["starttime"] == "2024-01-13 15:00:30"  # epoch seconds, in Vietnam time
    assert calls[2]["answertime"] == "" and calls[2]["total_duration"] == "308"
    assert result.err == "warning: 2 calls had fields that could not be read (left blank)\n"


async def test_a_server_that_ignores_paging_is_read_once(
    fake_tenant: FakeTenant, env: dict[str, str]
) -> None:
    """Every page number gets the same full page: stop at the repeat, each call once."""
    page = [record(n) for n in range(500)]
    fake_tenant.answer("POST", SEARCH, json_body={"success": "1", "data": page})
    result = await history(env, "--all", "--csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))[1:]
    assert len(rows) == 500 == len({row[0] for row in rows})
    assert [s.json()["page"] for s in fake_tenant.seen(SEARCH)] == [1, 2]
    assert "warning: page 2 repeated calls already read" in result.err


async def test_overlapping_pages_write_each_call_once(
    fake_tenant: FakeTenant, env: dict[str, str]
) -> None:
    """Five new calls pushed the list down between two pages: page 2 starts with the last
    five calls of page 1."""

    def pages(seen: Seen) -> Any:
        n = seen.json()["page"]
        ids = {1: range(0, 500), 2: range(495, 995), 3: range(995, 1000)}[n]
        return json_reply({"success": "1", "data": [record(i) for i in ids],
                           "totalRecord": 1000 if n == 1 else 1005})

    fake_tenant.answer("POST", SEARCH, pages)
    result = await history(env, "--all", "--json")
    assert result.code == 0, result.err
    ids = [json.loads(line)["call_id"] for line in result.out.splitlines()]
    assert len(ids) == 1000 == len(set(ids))
    assert result.err == ""


async def test_csv_cells_a_spreadsheet_would_run_get_a_quote(
    fake_tenant: FakeTenant, env: dict[str, str]
) -> None:
    evil = record(1, agent='=HYPERLINK("http://evil.example","x")', hangup_by="@SUM(A1)",
                  caller_number="+84912345678", destination_number="-5",
                  recording_url="-2+3", transactionId="+1+1")
    fake_tenant.answer("POST", SEARCH, json_body=[evil])
    result = await history(env, "--csv")
    assert result.code == 0, result.err
    header, row = list(csv.reader(io.StringIO(result.out)))
    cell = dict(zip(header, row, strict=True))
    assert cell["agent"] == '\'=HYPERLINK("http://evil.example","x")'
    assert cell["hangup_by"] == "'@SUM(A1)"
    assert cell["recording_url"] == "'-2+3"
    assert cell["transactionId"] == "'+1+1"
    assert (cell["caller_number"], cell["destination_number"]) == ("+84912345678", "-5")
    json_result = await history(env, "--json")  # JSON is data, not a spreadsheet: as sent
    assert json.loads(json_result.out)["agent"] == evil["agent"]


@pytest.mark.parametrize(("flag", "value"), [("--status", "answred"), ("--direction", "in")])
async def test_an_unknown_status_or_direction_lists_the_valid_values(
    fake_tenant: FakeTenant, env: dict[str, str], flag: str, value: str
) -> None:
    result = await history(env, flag, value)
    assert result.code == 2
    assert f"invalid choice: '{value}'" in result.err
    valid = ("answered", "missed", "busy", "noanswer", "failed", "hangup") \
        if flag == "--status" else ("inbound", "outbound")
    assert all(f"'{v}'" in result.err for v in valid)
    assert fake_tenant.seen(SEARCH) == []
