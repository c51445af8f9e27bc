"""Saving known layouts as a plan: appended as text, the user's file never lost."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from alohub_tui.agents.model import KnownState, QueueSet
from alohub_tui.agents.plan_save import NEW_FILE_HEADER, SaveRefused, render_plan, save_plan
from alohub_tui.agents.plans import AgentLayout, load_plans
from alohub_tui.vntime import VN_TZ

NOW = datetime(2026, 11, 27, 7, 55, tzinfo=VN_TZ)
KNOWN = {
    "userName60": KnownState(QueueSet.of([1, 2], 99999, ["6088"]), NOW),
    "user 61": KnownState(QueueSet.of([], None, ["6188", "6189"]), NOW),
}
USERS_FILE = """\
# My plans. Keep this comment!
[plans.morning]   # the 07:55 cron job
description = "Morning"

[plans.morning.agents.userName66]
callin   = [1, 2]      # aligned by hand
extensions = ["6688"]"""  # no newline at the end


def test_appends_as_text_and_keeps_every_byte_of_the_users_file(tmp_path: Path) -> None:
    path = tmp_path / "plans.toml"
    path.write_text(USERS_FILE, encoding="utf-8")
    plans = load_plans(path)
    result = save_plan(plans, "lunch", 'Lunch "cover"', ["userName60", "user 61", "ghost"],
                       KNOWN, demo=False, now=NOW)
    assert result.saved == ("userName60", "user 61") and result.skipped == ("ghost",)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(USERS_FILE + "\n\n# Saved by alohub-tui on 2026-11-27 07:55.\n")
    after = load_plans(path)
    assert after.all_problems() == [] and list(after.plans) == ["morning", "lunch"]
    assert after.plans["morning"] == plans.plans["morning"]
    lunch = after.plans["lunch"]
    assert lunch.description == 'Lunch "cover"' and not lunch.demo
    assert [(la.user_name, la.callin, la.callout, la.extensions) for la in lunch.layouts] == [
        ("userName60", (1, 2), 99999, ("6088",)), ("user 61", (), None, ("6188", "6189"))]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_new_file_gets_a_header_and_demo_plans_say_so(tmp_path: Path) -> None:
    path = tmp_path / "plans.toml"
    save_plan(load_plans(path), "demo-shift", "", ["userName60"], KNOWN, demo=True, now=NOW)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(NEW_FILE_HEADER)
    plan = load_plans(path).plans["demo-shift"]
    assert plan.demo
    assert plan.layouts == (AgentLayout("userName60", (1, 2), 99999, ("6088",), plan.line + 3),)


def test_refuses_when_the_file_changed_on_disk_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "plans.toml"
    path.write_text(USERS_FILE, encoding="utf-8")
    plans = load_plans(path)
    edited = USERS_FILE + "\n# edited in another window\n"
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(SaveRefused, match="changed on disk since it was read"):
        save_plan(plans, "lunch", "", ["userName60"], KNOWN, demo=False, now=NOW)
    assert path.read_text(encoding="utf-8") == edited
    path.unlink()
    with pytest.raises(SaveRefused, match="changed on disk"):  # deleted meanwhile
        save_plan(plans, "lunch", "", ["userName60"], KNOWN, demo=False, now=NOW)


@pytest.mark.parametrize(("name", "users", "message"), [
    ("morning", ["userName60"], 'a plan named "morning" already exists'),
    ("lunch time", ["userName60"], "a plan name is 1 to 40 letters"),
    ("lunch", ["ghost"], "no marked agent has a known state"),
])
def test_refuses_a_taken_or_bad_name_and_agents_with_no_state(
    tmp_path: Path, name: str, users: list[str], message: str
) -> None:
    path = tmp_path / "plans.toml"
    path.write_text(USERS_FILE, encoding="utf-8")
    with pytest.raises(SaveRefused, match=message):
        save_plan(load_plans(path), name, "", users, KNOWN, demo=False, now=NOW)
    assert path.read_text(encoding="utf-8") == USERS_FILE


def test_refuses_a_result_that_would_not_load(tmp_path: Path) -> None:
    """A file using an inline ``plans = {...}`` table cannot take a [plans.x] header."""
    path = tmp_path / "plans.toml"
    inline = 'plans = { a = { rule = { add_callin = [1] } } }\n'
    path.write_text(inline, encoding="utf-8")
    with pytest.raises(SaveRefused, match="would not load"):
        save_plan(load_plans(path), "b", "", ["userName60"], KNOWN, demo=False, now=NOW)
    assert path.read_text(encoding="utf-8") == inline


def test_a_symlinked_plans_file_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "plans.toml"
    real.parent.mkdir()
    real.write_text(USERS_FILE, encoding="utf-8")
    link = tmp_path / "plans.toml"
    os.symlink(real, link)
    save_plan(load_plans(link), "lunch", "", ["userName60"], KNOWN, demo=False, now=NOW)
    assert link.is_symlink() and "[plans.lunch]" in real.read_text(encoding="utf-8")


def test_rendered_plan_quotes_what_toml_needs_quoted() -> None:
    text = render_plan("x", "a\tb\x7f", {"user 61": KNOWN["user 61"]}, demo=False,
                       saved_at=NOW)
    assert 'description = "a\\tb\\u007f"' in text
    assert '[plans.x.agents."user 61"]' in text


def test_a_layout_with_no_known_extension_leaves_them_out() -> None:
    """Saved as ``extensions = []`` applying the plan would clear them; left out, it keeps
    the agent's own (or refuses when there are none)."""
    bare = {"userName62": KnownState(QueueSet.of([1], None, []), NOW)}
    text = render_plan("x", "", bare, demo=False, saved_at=NOW)
    assert "callin = [1]" in text and "extensions" not in text
