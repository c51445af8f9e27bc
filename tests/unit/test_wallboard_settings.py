"""The [wall] config section: documented defaults, every example line, errors by key."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields

import pytest

from alohub_tui.config import Config, ConfigError, parse_config, template_text
from alohub_tui.config_cmd import render_effective
from alohub_tui.wallboard.kpis import ALL_KPIS
from alohub_tui.wallboard.settings import KpiThresholds, ThresholdsConfig, WallConfig


def wall_section() -> str:
    text = template_text()
    return text[text.index("\n[wall]\n"):]


def test_the_example_shows_the_defaults() -> None:
    assert parse_config(wall_section()).wall == WallConfig()


def test_every_thresholds_table_is_a_kpi() -> None:
    assert {f.name for f in fields(ThresholdsConfig)} <= set(ALL_KPIS)


def test_a_table_replaces_the_defaults_and_an_empty_one_turns_them_off() -> None:
    wall = parse_config(
        "[wall.thresholds.service_level]\nwarn_below = 85\n[wall.thresholds.asa_s]\n"
    ).wall
    assert wall.thresholds.service_level == KpiThresholds(warn_below=85)
    assert not wall.thresholds.asa_s.is_set
    assert wall.thresholds.longest_wait_s == ThresholdsConfig().longest_wait_s


def test_config_show_prints_the_wall_and_reads_back() -> None:
    cfg = parse_config('[wall]\non_alert = ["notify-send", "x"]\n')
    shown = render_effective(cfg)
    assert "[wall.thresholds.service_level]" in shown and "None" not in shown
    body = shown.split("\n\n", 1)[1]
    assert parse_config(body).wall == cfg.wall
    assert Config().wall == WallConfig()


BAD = [
    ("[wall]\nsl_threshold_s = 0", "wall.sl_threshold_s", "1 to 3600"),
    ("[wall]\nsl_threshold_s = 20.5", "wall.sl_threshold_s", "whole number"),
    ("[wall]\nshort_abandon_s = 20", "wall.short_abandon_s", "less than wall.sl_threshold_s"),
    ('[wall]\nservice_level_formula = "answerd_only"', "wall.service_level_formula",
     'did you mean "answered_only"'),
    ("[wall]\nsmall_sample_calls = -1", "wall.small_sample_calls", "0 (off) or more"),
    ("[wall]\nringing_stale_s = 5", "wall.ringing_stale_s", "at least 60"),
    ("[wall]\nclear_after_s = nan", "wall.clear_after_s", "0 to 3600"),
    ('[wall]\non_alert = ""', "wall.on_alert", "expected a list of strings"),
    ('[wall]\non_alert = ["", "x"]', "wall.on_alert[0]", "must not be empty"),
    ('[wall]\non_alert = ["a\\u0000b"]', "wall.on_alert[0]", "NUL"),
    ("[wall]\non_alert_timeout_s = 0", "wall.on_alert_timeout_s", "more than 0"),
    ('[wall]\npages = ["overveiw"]', "wall.pages[0]", 'did you mean "overview"'),
    ('[wall]\npages = ["agents", "agents"]', "wall.pages[1]", "listed twice"),
    ("[wall]\npages = []", "wall.pages", "at least one page"),
    ("[wall]\nrotate_s = 1", "wall.rotate_s", "0 (no rotation) or 2"),
    ("[wall]\nbel = true", "wall.bel", 'did you mean "bell"'),
    ("[wall.thresholds.servce_level]\nwarn_below = 80", "wall.thresholds.servce_level",
     'did you mean "service_level"'),
    ("[wall.thresholds.service_level]\nwarn_below = 0.8", "wall.thresholds.service_level"
     ".warn_below", "write 80 for 80%"),
    ("[wall.thresholds.abandon_rate]\nalert_above = 150",
     "wall.thresholds.abandon_rate.alert_above", "0 to 100"),
    ("[wall.thresholds.asa_s]\nwarn_above = -1", "wall.thresholds.asa_s.warn_above",
     "0 or more"),
    ("[wall.thresholds.asa_s]\nwarn_above = 10\nalert_below = 5", "wall.thresholds.asa_s",
     "not both"),
    ("[wall.thresholds.asa_s]\nwarn_above = 60\nalert_above = 30",
     "wall.thresholds.asa_s.warn_above", "not be more than alert_above"),
    ("[wall.thresholds.service_level]\nwarn_below = 60\nalert_below = 70",
     "wall.thresholds.service_level.warn_below", "not be less than alert_below"),
    ('[wall.thresholds.asa_s]\nwarn_above = "30"', "wall.thresholds.asa_s.warn_above",
     "expected a number"),
]


@pytest.mark.parametrize(("text", "key", "fragment"), BAD, ids=[b[1] for b in BAD])
def test_a_bad_setting_names_its_key(text: str, key: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text + "\n", "c.toml")
    assert caught.value.key == key
    assert fragment in caught.value.problem
    assert str(caught.value).startswith(f"c.toml: {key}: ")


def test_the_wallboard_is_textual_free_and_config_loads_only_its_settings() -> None:
    code = (
        "import json, sys\n"
        "import alohub_tui.config\n"
        "light = sorted(m for m in sys.modules if m.startswith('alohub_tui.wallboard.'))\n"
        "import alohub_tui.stats_cmd\n"
        "for name in ('agents', 'aggregate', 'alert_command', 'alerts', 'calls', 'display',\n"
        "             'formulas', 'kpis', 'report', 'settings', 'snapshot', 'source',\n"
        "             'tally', 'thresholds'):\n"
        "    __import__('alohub_tui.wallboard.' + name)\n"
        "print(json.dumps([light, 'textual' in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    light, textual = json.loads(out.stdout)
    assert light == ["alohub_tui.wallboard.formulas", "alohub_tui.wallboard.kpis",
                     "alohub_tui.wallboard.settings"]
    assert textual is False
