"""The on_alert command: real processes, no shell, a timeout, failures as text."""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from alohub_tui.wallboard.alert_command import run_alert_command
from alohub_tui.wallboard.alerts import AlertRaised

ALERT = AlertRaised(
    kpi="service_level", level="alert", value=65.0, value_text="65%",
    banner="✗ ALERT Service level 65% (below 70%) since 14:00", bell=False,
    at=datetime(2026, 11, 27, 14, 0),
)
ENV = {"PATH": "/usr/bin:/bin", "ALOHUB_API_KEY": "secret-api", "ALOHUB_WEBHOOK_KEY": "hook",
       "KEEP": "me"}


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


async def test_the_command_gets_the_alert_in_its_environment(tmp_path: Path) -> None:
    out = tmp_path / "env.json"
    code = "import json, os, sys; json.dump(dict(os.environ), open(sys.argv[1], 'w'))"
    outcome = await run_alert_command(python(code, str(out)), ALERT, 10, base_env=ENV)
    assert outcome.ok and outcome.text == f"on_alert ran: {sys.executable}"
    env = json.loads(out.read_text())
    assert env["ALOHUB_WALL_KPI"] == "service_level"
    assert env["ALOHUB_WALL_LEVEL"] == "alert"
    assert env["ALOHUB_WALL_VALUE"] == "65"
    assert env["ALOHUB_WALL_TEXT"] == "65%"
    assert env["ALOHUB_WALL_BANNER"] == ALERT.banner
    assert env["KEEP"] == "me"
    assert "ALOHUB_API_KEY" not in env and "ALOHUB_WEBHOOK_KEY" not in env


async def test_arguments_reach_it_literally_without_a_shell(tmp_path: Path) -> None:
    out = tmp_path / "argv.json"
    tricky = ["$(touch pwned)", "; rm -rf /", "a b", "*"]
    code = "import json, sys; json.dump(sys.argv[2:], open(sys.argv[1], 'w'))"
    outcome = await run_alert_command(python(code, str(out), *tricky), ALERT, 10, base_env=ENV)
    assert outcome.ok
    assert json.loads(out.read_text()) == tricky
    assert not (Path.cwd() / "pwned").exists()


async def test_a_failing_command_is_reported_in_one_line() -> None:
    code = "import sys; print('first'); sys.stderr.write('log\\nno route to pager\\n'); exit(3)"
    outcome = await run_alert_command(python(code), ALERT, 10, base_env=ENV)
    assert not outcome.ok
    assert outcome.text == f"on_alert: {sys.executable} failed (exit 3): no route to pager"


async def test_a_missing_program_is_reported() -> None:
    outcome = await run_alert_command(["/nonexistent/notify"], ALERT, 10, base_env=ENV)
    assert not outcome.ok
    assert outcome.text == "on_alert: cannot run /nonexistent/notify: No such file or directory"
    assert not (await run_alert_command([], ALERT, 10)).ok


async def test_a_slow_command_is_stopped_with_its_children(tmp_path: Path) -> None:
    marker = tmp_path / "child-survived"
    child = tmp_path / "child.py"
    child.write_text(f"import time\ntime.sleep(1.5)\nopen({str(marker)!r}, 'w')\n")
    code = (f"import subprocess, sys, time; subprocess.Popen([sys.executable, {str(child)!r}]);"
            " time.sleep(30)")
    started = time.monotonic()
    outcome = await run_alert_command(python(code), ALERT, 0.5, base_env=ENV)
    assert time.monotonic() - started < 5
    assert not outcome.ok
    assert outcome.text == f"on_alert: {sys.executable} took over 0.5 s; stopped"
    time.sleep(2)  # the grandchild would have written its file by now
    assert not marker.exists()
