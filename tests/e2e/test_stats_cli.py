"""``alohub-tui stats`` against a store filled through the real receiver over loopback.

The calls are posted to :class:`WebhookReceiver` as Alohub would post them; the expected
numbers are worked out by hand (T = 20 s, short abandons ≤ 5 s):

    hotline 19001234: a1 answered after 10 s (ann, talk 60), a2 answered after 18 s
                      (bob, talk 120), m1 missed after 3 s (ann): a short abandon
    no hotline:       a3 answered after 5 s (ann, talk 30), m2 missed after 45 s (bob),
                      m3 busy after 25 s (no agent): both abandoned, neither within T
    not counted:      o1 outbound (ann)

    overall  offered 6, answered 3, short 1, abandoned 2, answered within T = 3
             service_level = 3 / (3 + 2) = 0.6; asa_s = (10 + 18 + 5) / 3 = 11
             abandon_rate = 2 / (3 + 2) = 0.4
             with_short_abandons: 3 / (3 + 2 + 1) = 0.5
    19001234 offered 3, answered 2, short 1: service_level 2 / 2 = 1, asa_s 28 / 2 = 14,
             abandon_rate 0 / 2 = 0
    ""       offered 3, answered 1, abandoned 2: service_level 1 / 3, asa_s 5, abandon 2 / 3
    ann      calls 3 (a1, m1, a3), answered 2, missed 1, talk 60 + 30 = 90
    bob      calls 2 (a2, m2), answered 1, missed 1, talk 120
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from alohub_tui.__main__ import build_parser
from alohub_tui.stats_cmd import run as run_stats
from alohub_tui.vntime import VN_TZ
from alohub_tui.webhook.receiver import WebhookReceiver
from alohub_tui.webhook.samples import call_payload
from alohub_tui.webhook.store import EventStore

KEY = "stats-hook-key-5f3a9c"
DAY = datetime(2024, 1, 13, 9, 0, 0)
LATER = datetime(2024, 1, 14, 8, 0, 0, tzinfo=VN_TZ)  # "now" for the past-day runs


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "events.sqlite3"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("[wall]\nsmall_sample_calls = 5\n", encoding="utf-8")
    return path


@pytest.fixture
def store(db: Path) -> Iterator[EventStore]:
    with EventStore(db) as opened:
        yield opened


@pytest.fixture
async def receiver(store: EventStore) -> AsyncIterator[WebhookReceiver]:
    async with WebhookReceiver(store, KEY, "127.0.0.1", 0) as running:
        yield running


async def post_all(receiver: WebhookReceiver, payloads: list[dict[str, Any]]) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        for payload in payloads:
            response = await client.post(receiver.url, json=payload,
                                         headers={"Authorization": KEY})
            assert response.status_code == 200, response.text


def day_posts() -> list[dict[str, Any]]:
    def call(call_id: str, step: str, minute: int, **kw: Any) -> list[dict[str, Any]]:
        kw.setdefault("direction", "inbound")
        start = DAY + timedelta(minutes=minute)
        first = ["answered"] if step == "ended" else []
        return [call_payload(call_id, s, start=start, **kw) for s in [*first, step]]

    return [
        *call("a1", "ended", 0, ring=10, talk=60, agent="ann", hotline="19001234"),
        *call("a2", "ended", 1, ring=18, talk=120, agent="bob", hotline="19001234"),
        *call("m1", "missed", 2, ring=3, agent="ann", hotline="19001234"),
        *call("a3", "ended", 3, ring=5, talk=30, agent="ann"),
        *call("m2", "missed", 4, ring=45, agent="bob"),
        *call("m3", "busy", 5, ring=25, agent=""),
        *call("o1", "ended", 6, ring=5, agent="ann", direction="outbound"),
        call_payload("a1", "ended", start=DAY, ring=10, talk=60, agent="ann",
                     hotline="19001234", direction="inbound"),  # an exact repeat: stored once
    ]


def args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["stats", *argv])


def stats_json(capsys: pytest.CaptureFixture[str], argv: list[str],
               now: datetime = LATER) -> dict[str, Any]:
    assert run_stats(args(*argv), now=now) == 0
    out = capsys.readouterr().out
    return json.loads(out)  # type: ignore[no-any-return]


async def test_stats_json_of_a_day_posted_through_the_receiver(
        receiver: WebhookReceiver, db: Path, config: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    await post_all(receiver, day_posts())
    data = stats_json(capsys, ["--json", "--db", str(db), "--date", "2024-01-13",
                               "--config", str(config)])
    assert data["date"] == "2024-01-13" and data["sl_threshold_s"] == 20
    assert data["service_level_formula"]["name"] == "default"
    overall = {k: data[k] for k in ("offered", "answered", "short_abandoned", "abandoned",
                                    "service_level", "asa_s", "abandon_rate")}
    assert overall == {"offered": 6, "answered": 3, "short_abandoned": 1, "abandoned": 2,
                       "service_level": 3 / 5, "asa_s": 11, "abandon_rate": 2 / 5}
    assert data["longest_wait_s"] is None and data["waiting"] is None
    assert "longest_wait_s: n/a (only known for today)" in data["notes"]
    assert data["small_sample"] is False  # 6 calls, small below 5 (the config)
    hotline = data["by_hotline"]["19001234"]
    assert (hotline["offered"], hotline["service_level"], hotline["asa_s"],
            hotline["abandon_rate"]) == (3, 1, 14, 0)
    assert hotline["small_sample"] is True
    other = data["by_hotline"][""]
    assert (other["offered"], other["answered"], other["abandoned"], other["asa_s"]) == (
        3, 1, 2, 5)
    assert other["service_level"] == 1 / 3 and other["abandon_rate"] == 2 / 3
    assert set(data["by_agent"]) == {"ann", "bob"}
    ann = data["by_agent"]["ann"]
    assert {k: ann[k] for k in ("calls", "answered", "missed", "talk_s", "state")} == {
        "calls": 3, "answered": 2, "missed": 1, "talk_s": 90, "state": None}
    assert ann["notes"] == ["state: only known for today"]
    bob = data["by_agent"]["bob"]
    assert (bob["calls"], bob["answered"], bob["missed"], bob["talk_s"]) == (2, 1, 1, 120)

    other_formula = stats_json(capsys, ["--json", "--db", str(db), "--date", "2024-01-13",
                                        "--config", str(config), "--formula",
                                        "with_short_abandons"])
    assert other_formula["service_level"] == 3 / 6


async def test_stats_of_today_shows_waits_now_and_leaves_out_bad_starts(
        receiver: WebhookReceiver, db: Path, config: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    now = datetime.now(VN_TZ).replace(microsecond=0)
    local = now.replace(tzinfo=None)
    posts = [
        call_payload("r1", "ringing", start=local - timedelta(seconds=40), agent="ann",
                     direction="inbound", hotline="19001234"),
        call_payload("r2", "ringing", start=local - timedelta(seconds=12), agent="bob",
                     direction="inbound"),
        call_payload("bad", "missed", start=local, direction="inbound",
                     starttime="13/01/2024 15:00:30"),
        call_payload("future", "missed", start=local + timedelta(days=1, hours=1),
                     direction="inbound", endtime=local.isoformat(" ")),
    ]
    await post_all(receiver, posts)
    data = stats_json(capsys, ["--json", "--db", str(db), "--config", str(config)], now=now)
    assert data["date"] == local.date().isoformat()
    assert data["offered"] == 0  # nothing ended yet; "bad" and "future" never count
    assert (data["longest_wait_s"], data["waiting"]) == (40, 2)
    assert data["by_hotline"]["19001234"]["longest_wait_s"] == 40
    assert data["by_hotline"][""]["longest_wait_s"] == 12
    assert "inbound calls with an unreadable start time (not counted): 1" in data["notes"]
    ann = data["by_agent"]["ann"]
    assert (ann["state"], ann["state_s"]) == ("ringing", 40)
    assert ann["state_since"] == (local - timedelta(seconds=40)).isoformat(" ")


async def test_stats_text_fits_80_columns(receiver: WebhookReceiver, db: Path, config: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    posts = day_posts()
    posts.append(call_payload("long", "missed", start=DAY, ring=30, direction="inbound",
                              agent="a-very-long-agent-name-that-goes-on-and-on",
                              hotline="0912345678901234567890"))
    await post_all(receiver, posts)
    assert run_stats(args("--db", str(db), "--date", "2024-01-13", "--config", str(config)),
                     now=LATER) == 0
    text = capsys.readouterr().out
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert "Service level    50%" in text  # 3 / (3 answered + 3 abandoned)
    assert "By hotline" in text and "By agent" in text and "Notes" in text
    assert "  19001234               3    2     0     1 100%* 0:14*    0%*" in text
    assert "  * small sample: fewer than 5 calls" in text


# --------------------------------------------------------------- the real command line

def cli_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "ALOHUB_TUI_CONFIG": "",
            "ALOHUB_TUI_DATA_DIR": str(tmp_path / "data")}


async def cli(tmp_path: Path, *argv: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "alohub_tui", "stats", *argv, env=cli_env(tmp_path),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert b"Traceback" not in err
    return proc.returncode or 0, out.decode(), err.decode()


async def test_the_command_line_and_its_exit_codes(
        receiver: WebhookReceiver, db: Path, tmp_path: Path) -> None:
    await post_all(receiver, day_posts())
    code, out, err = await cli(tmp_path, "--json", "--db", str(db), "--date", "2024-01-13")
    assert code == 0, err
    assert json.loads(out)["offered"] == 6
    code, out, err = await cli(tmp_path, "--json", "--date", "13/01/2024", "--db", str(db))
    assert code == 0, err  # dates are read as in the History tab (history.filters)
    assert json.loads(out)["offered"] == 6
    code, _out, err = await cli(tmp_path, "--date", "2024-13-01", "--db", str(db))
    assert code == 2
    assert err == 'alohub-tui stats: --date: "2024-13-01" is not a date like 2026-11-27.\n'
    code, _out, err = await cli(tmp_path)  # the default store does not exist here
    assert code == 1 and "no event store at" in err and str(tmp_path / "data") in err
    bad = tmp_path / "bad.toml"
    bad.write_text('[wall]\nservice_level_formula = "fast"\n', encoding="utf-8")
    code, _out, err = await cli(tmp_path, "--config", str(bad), "--db", str(db))
    assert code == 2 and "wall.service_level_formula" in err
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database\n" * 100, encoding="utf-8")
    code, _out, err = await cli(tmp_path, "--db", str(not_sqlite))
    assert code == 1
    assert err.startswith(f"alohub-tui stats: cannot read the event store {not_sqlite}: ")
