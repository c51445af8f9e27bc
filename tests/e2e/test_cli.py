"""The one-shot CLI as a user runs it: a real process against the simulator on loopback."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cli_support import READ_ONLY_WAYS, Result, cli_env, read_only_args, run_cli

from alohub_tui.sim.server import SimConfig, Simulator

KEY = "cli-test-key-5f3a9c"


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimConfig(port=0, api_key=KEY, seed=3, calls=400)) as simulator:
        yield simulator


@pytest.fixture
def env(sim: Simulator, tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, key=KEY, base_url=sim.base_url, media_url=sim.media_url)


async def run(env: dict[str, str], *args: str) -> Result:
    """Run the CLI without blocking the loop that serves the simulator."""
    return await run_cli(env, *args, secret=KEY)


def make_calls(sim: Simulator) -> list[dict[str, object]]:
    return [r for r in sim.requests if str(r["path"]).endswith("/makeCall")]


async def test_call_sends_once_with_exact_body(sim: Simulator, env: dict[str, str]) -> None:
    result = await run(env, "call", "+84 912 345 673", "--ext", "6688", "--txn", "T_CLI_1",
                       "--yes", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == {"status": "sent", "transactionId": "T_CLI_1",
                                      "phoneNumber": "0912345673", "ipPhone": "6688"}
    calls = make_calls(sim)
    assert [c["body"] for c in calls] == [
        {"phoneNumber": "0912345673", "ipPhone": "6688", "transactionId": "T_CLI_1"}
    ]


@pytest.mark.parametrize("txn", ["has space", "x" * 65, "semi;colon"])
async def test_call_checks_a_given_transaction_id_and_sends_nothing(
    sim: Simulator, env: dict[str, str], txn: str
) -> None:
    """`--txn` follows the Dial tab's rule (1-64 letters, digits, _ . : -)."""
    result = await run(env, "call", "0912345673", "--ext", "6688", "--txn", txn, "--yes")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "alohub-tui call: A transactionId is up to 64 letters" in result.err
    assert make_calls(sim) == []


async def test_call_refuses_to_dial_unconfirmed_without_a_terminal(
    sim: Simulator, env: dict[str, str]
) -> None:
    result = await run(env, "call", "0912345673", "--ext", "6688")
    assert result.code == 2
    assert "--yes" in result.err
    assert make_calls(sim) == []


async def test_call_with_garbage_number_sends_nothing(sim: Simulator, env: dict[str, str]) -> None:
    result = await run(env, "call", "call-me-maybe", "--ext", "6688", "--yes")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "alohub-tui call:" in result.err
    assert make_calls(sim) == []


async def test_call_vendor_refusal_is_exit_1_with_vendor_text(
    sim: Simulator, env: dict[str, str]
) -> None:
    sim.set_faults(["envelope@makecall"])
    result = await run(env, "call", "0912345673", "--ext", "6688", "--yes")
    assert result.code == 1
    assert "HỆ THỐNG OUTBOUND GẶP SỰ CỐ" in result.err


async def test_call_timeout_is_outcome_unknown_and_never_resent(
    sim: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    sim.set_faults(["timeout@makecall"])
    config = tmp_path / "fast.toml"
    config.write_text("[api]\ncall_timeout_s = 0.5\n", encoding="utf-8")
    result = await run(env, "call", "0912345673", "--ext", "6688", "--yes", "--txn", "T_UNK",
                       "--config", str(config))
    assert result.code == 1
    assert "history --txn T_UNK" in result.err
    assert len(make_calls(sim)) == 1


async def test_history_csv_all_pages_matches_total(sim: Simulator, env: dict[str, str]) -> None:
    result = await run(env, "history", "--from", "2000-01-01", "--all", "--csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0][0] == "call_id"
    searches = [r for r in sim.requests if str(r["path"]).endswith("/searchCallV2")]
    assert len(rows) - 1 == 400
    assert len(searches) == 1  # 400 rows fit one page of 500


async def test_history_filters_reach_the_server(sim: Simulator, env: dict[str, str]) -> None:
    result = await run(env, "history", "--from", "2026-11-01", "--to", "2026-11-27",
                       "--status", "answered", "--direction", "inbound", "--agent", "userName66",
                       "--limit", "3", "--json")
    assert result.code == 0, result.err
    body = next(r for r in sim.requests if str(r["path"]).endswith("/searchCallV2"))["body"]
    assert body == {
        "starttime": "2026-11-01T00:00:00+07:00", "endtime": "2026-11-27T23:59:59+07:00",
        "call_id": "", "customer_number": "", "direction": "inbound",
        "call_status": "answered", "agent": ["userName66"], "ipPhone": "",
        "transactionId": "", "callType": "", "page": 1, "limit": 3,
    }
    for line in result.out.splitlines():
        record = json.loads(line)
        assert record["call_status"] == "answered" and record["agent"] == "userName66"


async def test_history_reads_dates_like_the_history_tab(
    sim: Simulator, env: dict[str, str]
) -> None:
    """One date rule for the TUI and the CLI: 27/11/2026 works in both."""
    result = await run(env, "history", "--from", "27/11/2026", "--to", "27/11/2026",
                       "--limit", "1", "--json")
    assert result.code == 0, result.err
    body = next(r for r in sim.requests if str(r["path"]).endswith("/searchCallV2"))["body"]
    assert (body["starttime"], body["endtime"]) == (
        "2026-11-27T00:00:00+07:00", "2026-11-27T23:59:59+07:00"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--from", "2026-13-01"), '--from: "2026-13-01" is not a date like 2026-11-27.'),
     (("--from", "2026-11-27", "--to", "26/11/2026"),
      "--to: The 'to' date is before the 'from' date.")],
)
async def test_history_bad_dates_name_the_flag_and_search_nothing(
    sim: Simulator, env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = await run(env, "history", *args)
    assert result.code == 2
    assert result.err == f"alohub-tui history: {message}\n"
    assert not [r for r in sim.requests if str(r["path"]).endswith("/searchCallV2")]


async def test_queue_dry_run_prints_the_documented_request(
    sim: Simulator, env: dict[str, str]
) -> None:
    result = await run(env, "queue", "userName66", "--callin", "2,1,2", "--callout", "99999",
                       "--ext", "6688", "--dry-run")
    assert result.code == 0, result.err
    url, body = result.out.splitlines()
    assert url == f"POST {sim.base_url}/setting/agent/updateQueue?userName=userName66"
    assert body == '{"action": "EDIT", "callinId": [1, 2], "calloutId": 99999, ' \
                   '"lstExtension": ["6688"]}'
    assert not [r for r in sim.requests if "updateQueue" in str(r["path"])]


async def test_queue_apply_and_server_refusal(sim: Simulator, env: dict[str, str]) -> None:
    ok = await run(env, "queue", "userName66", "--callin", "1", "--ext", "6688", "--yes")
    assert ok.code == 0, ok.err
    bad = await run(env, "queue", "nobody", "--callin", "1", "--clear-ext", "--yes")
    assert bad.code == 1 and bad.err.count("\n") == 1


async def test_recording_download(sim: Simulator, env: dict[str, str], tmp_path: Path) -> None:
    ref = next(iter(sim.history.recordings)) if sim.history else ""
    target = tmp_path / "call.mp3"
    result = await run(env, "recording", ref, "-o", str(target))
    assert result.code == 0, result.err
    data = target.read_bytes()
    assert data[:2] == b"\xff\xfb" or data[:3] == b"ID3"
    again = await run(env, "recording", ref, "-o", str(target))
    assert again.code == 2 and "already exists" in again.err


async def test_server_error_is_one_line_exit_1(sim: Simulator, env: dict[str, str]) -> None:
    sim.set_faults(["http500@search"])
    result = await run(env, "history")
    assert result.code == 1
    assert result.err.count("\n") == 1


async def test_broken_config_exits_2_naming_file_and_key(
    env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[api]\nbase_ulr = 'x'\n", encoding="utf-8")
    result = await run(env, "history", "--config", str(config))
    assert result.code == 2
    assert str(config) in result.err and "api.base_ulr" in result.err
    assert 'did you mean "base_url"' in result.err


async def test_config_show_redacts_and_init_refuses_overwrite(
    env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "new" / "config.toml"
    first = await run(env, "config", "init", "--config", str(target))
    assert first.code == 0 and target.exists()
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    second = await run(env, "config", "init", "--config", str(target))
    assert second.code == 2 and "already exists" in second.err
    shown = await run(env, "config", "show", "--config", str(target))
    assert shown.code == 0
    assert "ALOHUB_API_KEY is set, hidden" in shown.out


async def test_missing_key_is_a_config_error(env: dict[str, str]) -> None:
    env = {k: v for k, v in env.items() if k != "ALOHUB_API_KEY"}
    result = await run(env, "history")
    assert result.code == 2 and "ALOHUB_API_KEY" in result.err


async def test_audit_and_dials_print_what_call_and_queue_recorded(
    sim: Simulator, env: dict[str, str]
) -> None:
    assert (await run(env, "call", "0912345678", "--ext", "6688", "--txn", "T_REC_1",
                      "--yes")).code == 0
    assert (await run(env, "queue", "userName66", "--callin", "1,2", "--ext", "6688",
                      "--yes")).code == 0
    dials = await run(env, "dials")
    assert dials.code == 0 and dials.out.splitlines()[0].split() == [
        "TIME", "NUMBER", "EXT", "OUTCOME", "TALK", "TRANSACTION"]
    assert "0912345678  6688  → sent" in dials.out and "T_REC_1" in dials.out
    audit = await run(env, "audit")
    assert audit.code == 0 and "userName66" in audit.out and "✓ ok" in audit.out
    assert "(was unknown) +1 +2 +e6688" in audit.out
    again = await run(env, "call", "0912345678", "--ext", "6688", "--yes")
    assert again.code == 0 and "warning: 0912345678 was dialled at" in again.err
    other = await run(env, "audit", "--agent", "userName60")
    assert other.code == 0 and other.out == "" and "that match" in other.err
    later = await run(env, "audit", "--since", "31/12/2099", "--json")
    assert later.code == 0 and later.out == ""
    bad = await run(env, "audit", "--since", "yesterday")
    assert bad.code == 2 and bad.err == (
        'alohub-tui audit: --since: "yesterday" is not a date like 2026-11-27.\n')


@pytest.mark.parametrize("how", READ_ONLY_WAYS)
async def test_read_only_refuses_a_call_before_anything_is_sent(
    sim: Simulator, env: dict[str, str], tmp_path: Path, how: str
) -> None:
    """makeCall rings real phones: read-only mode refuses it as it refuses queue changes."""
    args = read_only_args(["call", "0912345673", "--ext", "6688", "--yes"], how, tmp_path)
    refused = await run(env, *args)
    assert refused.code == 2
    assert refused.err == ("alohub-tui call: read-only mode (--read-only or [ui] read_only = "
                           "true): the call to 0912345673 is not sent\n")
    assert make_calls(sim) == []
    dials = await run(env, "dials", "--json")
    assert dials.code == 0 and dials.out == ""  # nothing recorded as dialled
