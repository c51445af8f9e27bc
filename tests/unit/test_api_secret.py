import pickle

import pytest

from alohub_tui.api import Secret

KEY = "sk-very-secret-123"


def test_secret_never_shows_its_value() -> None:
    s = Secret(KEY)
    assert repr(s) == str(s) == f"{s}" == "***"
    assert KEY not in repr([s, {"k": s}])
    assert s.reveal() == KEY


def test_secret_truthiness_and_equality() -> None:
    assert Secret(KEY) and not Secret("")
    assert Secret(KEY) == Secret(KEY)
    assert Secret(KEY) != Secret(KEY + "x")
    assert Secret(KEY) != KEY  # never equal to a bare string
    assert hash(Secret(KEY)) == hash(Secret(KEY))


def test_secret_scrub_and_no_pickle() -> None:
    s = Secret(KEY)
    assert s.scrub(f"echo {KEY} twice {KEY}") == "echo *** twice ***"
    assert Secret("").scrub("text") == "text"
    with pytest.raises(TypeError):
        pickle.dumps(s)
    with pytest.raises(TypeError):
        Secret(123)  # type: ignore[arg-type]
