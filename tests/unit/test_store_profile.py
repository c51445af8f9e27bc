"""Which profile a run uses, its folder, and the `[profile]` section."""

from __future__ import annotations

from pathlib import Path

import pytest

from alohub_tui.config import ApiConfig, Config, ConfigError, ProfileConfig, parse_config
from alohub_tui.store.profile import folder_name, profile_for, short_name


def config(base_url: str = "", tenant_user: str = "", name: str = "") -> Config:
    return Config(api=ApiConfig(base_url=base_url, tenant_user=tenant_user),
                  profile=ProfileConfig(name=name))


def test_named_derived_default_and_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALOHUB_TUI_DATA_DIR", str(tmp_path))
    named = profile_for(config("https://a.example/api", name="hcm"), demo=False)
    assert (named.name, named.origin, named.folder) == (
        "hcm", "[profile] name", tmp_path / "profiles" / "hcm")
    assert named.local_db == named.folder / "local.sqlite3"
    assert named.events_db == named.folder / "events.sqlite3"
    derived = profile_for(config("https://Tenant.Example:9909/api", "admin"), demo=False)
    assert derived.name == "admin@tenant.example:9909"
    assert profile_for(config("https://tenant.example:443/api"), demo=False).name == (
        "tenant.example")
    unset = profile_for(config(), demo=False)
    assert (unset.name, unset.origin) == ("default", "no api.base_url configured")
    demo = profile_for(config("https://a.example/api", name="hcm"), demo=True)
    assert (demo.name, demo.is_demo, demo.folder.name) == ("demo", True, "demo")
    assert not named.is_demo


def test_folder_names_are_safe_and_never_collide() -> None:
    assert folder_name("hcm") == "hcm"
    unsafe = folder_name("../HCM/x y")
    assert "/" not in unsafe and " " not in unsafe and not unsafe.startswith(".")
    assert folder_name("HCM") != folder_name("hcm")  # case-insensitive file systems
    assert folder_name("a b") != folder_name("a_b")
    assert folder_name("demo") != "demo"  # a tenant host named "demo" is not the demo
    assert folder_name("demo", demo=True) == "demo"
    assert len(folder_name("x" * 200)) <= 60


def test_short_name_for_the_top_bar() -> None:
    assert short_name("hcm") == "hcm"
    assert short_name("admin@tenant.example:9909") == "admin@tenant.ex…"
    assert len(short_name("admin@tenant.example:9909")) == 16


@pytest.mark.parametrize(("value", "problem"), [
    ('"demo"', "kept for --demo"), ('"Demo"', "kept for --demo"),
    ('"' + "x" * 65 + '"', "at most 64"), ('"a\\tb"', "control characters"),
])
def test_a_bad_profile_name_is_a_config_error(value: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem) as caught:
        parse_config(f"[profile]\nname = {value}\n")
    assert caught.value.key == "profile.name"


@pytest.mark.parametrize("argv", [["--demo", "config", "path"], ["config", "path", "--demo"]])
def test_config_path_honours_demo_before_or_after_the_command(argv: list[str]) -> None:
    from alohub_tui.__main__ import build_parser

    args = build_parser().parse_args(argv)
    assert args.demo is True and args.config is None
