"""`alohub-tui config init` on a terminal: the setup questions with defaults in brackets,
a bad answer said and asked again; the connection test is offered with a hidden key."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from alohub_tui import config_cmd
from alohub_tui.config_write import SetupAnswers


def replies(*answers: str) -> tuple[list[str], object]:
    asked: list[str] = []
    queue: Iterator[str] = iter(answers)

    def ask(question: str) -> str:
        asked.append(question)
        return next(queue)

    return asked, ask


def test_defaults_in_brackets_and_bad_answers_asked_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    asked, ask = replies("tenant.example", "https://t.example:9909/api", "", "",
                         "pass show 'my key'", "66a", "6688", "", "xapi", "")
    answers = config_cmd.ask_answers(ask)  # type: ignore[arg-type]
    assert answers == SetupAnswers("https://t.example:9909/api", "", "ALOHUB_API_KEY",
                                   ("pass", "show", "my key"), "6688", "ALOHUB_TUI")
    assert asked[0].endswith("[]: ") and "[ALOHUB_API_KEY]" in asked[3]
    assert "[ALOHUB_TUI]" in asked[-3] and "Gateway URL" in asked[-1]
    said = capsys.readouterr().out
    assert "✗ api.base_url" in said and "✗ dial.default_extension" in said
    assert "✗ gateway.base_url" in said


def test_the_connection_test_is_skipped_without_a_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    config_cmd.offer_connection_test(SetupAnswers("https://t.example/api"),
                                     secret=lambda prompt: "")
    assert capsys.readouterr().out == ""
