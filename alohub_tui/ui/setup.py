"""The first-run setup screen: a few answers, a connection test, then a config.toml.

Shown by ``alohub-tui`` when there is no config file and no base URL
(:func:`alohub_tui.boot.first_run.needs_setup`). It asks what ``config init`` asks
(:class:`~alohub_tui.config_write.SetupAnswers`); the key is typed in a masked field
only to test the connection and to run this session, never written anywhere. Test
makes one cheap read and says what it found in plain words; Save writes the commented
config (0600, never over an existing file) and the app opens.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from alohub_tui.api.secret import Secret
from alohub_tui.boot.first_run import check_answers, checked_lines
from alohub_tui.config import ConfigError, GatewayConfig
from alohub_tui.config_keys import api_key
from alohub_tui.config_write import DEFAULT_KEY_ENV, SetupAnswers, write_config
from alohub_tui.ui.focus import focus_now
from alohub_tui.ui.widgets.field import Field

INTRO = ("No config file yet. Answer these, test the connection, then save: the app "
         "writes a commented config.toml and opens.")
# (field id, label, placeholder, the setting it answers)
FIELDS = (
    ("setup-base-url", "API URL", "https://tenant.example:9909/api", "api.base_url"),
    ("setup-media-url", "Media URL", "empty: the API URL's host", "api.media_url"),
    ("setup-key-env", "Key var", DEFAULT_KEY_ENV, "api.api_key_env"),
    ("setup-key-command", "or command", "e.g. pass show alohub (prints the key)",
     "api.key_command"),
    ("setup-key", "API key", "only for the test and this session: never saved", ""),
    ("setup-gateway-url", "Gateway", "optional: lists agents, queues; e.g. https://xapi.alohub.vn",
     "gateway.base_url"),
    ("setup-extension", "Your ext", "your IP phone's extension, e.g. 6688",
     "dial.default_extension"),
    ("setup-prefix", "Txn prefix", "ALOHUB_TUI", "dial.transaction_prefix"),
)


@dataclass(frozen=True)
class SetupResult:
    """The config written, and the key typed (for this session only; may be empty)."""

    path: Path
    key: Secret


class SetupApp(App[SetupResult | None]):
    """Exits with a :class:`SetupResult` once saved, or None (Esc: nothing written)."""

    TITLE = "alohub-tui setup"
    CSS = """
    Screen { padding: 0 1; }
    #setup-title { text-style: bold; }
    #setup-intro { color: $text-muted; height: auto; }
    #setup-fields { height: auto; margin-top: 1; }
    .setup-row { height: 1; }
    .setup-row Label { width: 11; color: $text-muted; }
    .setup-row Input { width: 1fr; }
    #setup-status { height: auto; min-height: 1; max-height: 5; margin-top: 1; }
    #setup-status.ok { color: $success; }
    #setup-status.error { color: $error; text-style: bold; }
    #setup-buttons { height: 1; margin-top: 1; }
    #setup-buttons Button { margin-right: 2; }
    #setup-path { color: $text-muted; height: auto; margin-top: 1; }
    """

    BINDINGS = [
        Binding("f5,ctrl+t", "test", "Test", id="setup.test",
                tooltip="Test the connection: one search of today, one row"),
        Binding("f6,ctrl+s", "save", "Save", id="setup.save",
                tooltip="Write config.toml (never the key) and open the app"),
        Binding("escape,ctrl+q", "quit_setup", "Quit", id="setup.quit",
                tooltip="Leave without writing anything", priority=True),
        # Handled when read, so what is typed after it in the same burst (a paste, a
        # fast typist over SSH) goes to the next field, not the one left.
        Binding("enter", "next_field", "Next", id="setup.next", show=False, priority=True,
                tooltip="The next question (on a button: press it)"),
        Binding("tab", "step_focus(1)", "Next", show=False, priority=True),
        Binding("shift+tab", "step_focus(-1)", "Previous", show=False, priority=True),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield Static("alohub-tui · first run", id="setup-title")
        yield Static(INTRO, id="setup-intro", markup=False)
        with Vertical(id="setup-fields"):
            for field_id, label, placeholder, _ in FIELDS:
                with Horizontal(classes="setup-row"):
                    yield Label(label)
                    yield Field(placeholder=placeholder, id=field_id, compact=True,
                                any_text=field_id not in ("setup-extension", "setup-prefix"),
                                password=field_id == "setup-key")
        yield Static("", id="setup-status", markup=False)
        with Horizontal(id="setup-buttons"):
            # Each button's action is the one its key runs (Button.action).
            yield Button(Content("Test [F5]"), id="setup-test", compact=True,
                         action="app.test")
            yield Button(Content("Save [F6]"), id="setup-save", variant="primary",
                         action="app.save",
                         compact=True)
            yield Button(Content("Quit [Esc]"), id="setup-quit", compact=True,
                         action="app.quit_setup")
        yield Static(f"Writes {self.path} (mode 0600). Without a key here, export "
                     f"${DEFAULT_KEY_ENV} (or set a key command) before the next start; "
                     f"a gateway's own key goes in ${GatewayConfig().key_env}.",
                     id="setup-path", markup=False)

    def on_mount(self) -> None:
        self.query_one("#setup-key-env", Input).value = DEFAULT_KEY_ENV
        self.query_one("#setup-prefix", Input).value = "ALOHUB_TUI"
        self.query_one("#setup-base-url", Input).focus()

    # ---------------------------------------------------------------- answers

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def answers(self) -> SetupAnswers:
        return SetupAnswers(
            base_url=self._value("setup-base-url"),
            media_url=self._value("setup-media-url"),
            api_key_env=self._value("setup-key-env") or DEFAULT_KEY_ENV,
            key_command=tuple(shlex.split(self._value("setup-key-command"))),
            default_extension=self._value("setup-extension"),
            transaction_prefix=self._value("setup-prefix"),
            gateway_url=self._value("setup-gateway-url"),
        )

    def _say(self, message: str, kind: str = "") -> None:
        status = self.query_one("#setup-status", Static)
        status.update(message)
        status.set_classes(kind)

    def _checked(self) -> SetupAnswers | None:
        """The answers, or None after saying which setting is wrong (and focusing it)."""
        try:
            answers = self.answers()
        except ValueError as exc:  # shlex: an unclosed quote
            self._say(f"✗ api.key_command: {exc}", "error")
            return None
        problems = answers.problems()
        if not problems:
            return answers
        setting, problem = next(iter(problems.items()))
        field_id = next(f for f, _, _, s in FIELDS if s == setting)
        label = next(label for f, label, _, _ in FIELDS if f == field_id)
        self._say(f"✗ {label} ({setting}): {problem}", "error")
        self.query_one(f"#{field_id}", Input).focus()
        return None

    def _key(self, answers: SetupAnswers) -> Secret:
        """The typed key, else what the variable or the command gives (empty if none)."""
        typed = self._value("setup-key")
        if typed:
            return Secret(typed)
        try:
            return api_key(answers.config(), quiet=True)
        except ConfigError as exc:
            self._say(f"✗ {exc}", "error")
            return Secret("")

    # ---------------------------------------------------------------- actions

    def action_next_field(self) -> None:
        if isinstance(self.focused, Button):
            self.focused.press()
        else:
            self.action_step_focus(1)

    def action_step_focus(self, step: int) -> None:
        """Tab, Shift+Tab, Enter: move at once (see BINDINGS)."""
        chain = [*self.query(Input), *self.query(Button)]
        here = chain.index(self.focused) if self.focused in chain else -1
        focus_now(chain[(here + step) % len(chain)])

    def action_test(self) -> None:
        answers = self._checked()
        if answers is None:
            return
        key = self._key(answers)
        if not key:
            self._say(f"✗ No key to test with: type it in API key, or export "
                      f"${answers.api_key_env}, or set a key command.", "error")
            return
        self._say(f"… Testing {answers.base_url} (one search of today)…")
        self._test(answers, key)

    @work(group="setup-test", exclusive=True, exit_on_error=False)
    async def _test(self, answers: SetupAnswers, key: Secret) -> None:
        found = await check_answers(answers, key)
        self._say(checked_lines(found), "ok" if all(c.ok for c in found) else "error")

    def action_save(self) -> None:
        answers = self._checked()
        if answers is None:
            return
        if self.path.exists():
            self._say(f"✗ {self.path} exists now (another window?): not replaced. Quit "
                      "and start again to use it.", "error")
            return
        try:
            write_config(self.path, answers)
        except (OSError, ConfigError) as exc:
            self._say(f"✗ Not saved: {exc}", "error")
            return
        self.exit(SetupResult(self.path, Secret(self._value("setup-key"))))

    def action_quit_setup(self) -> None:
        self.exit(None)


def run_setup(path: Path) -> SetupResult | None:
    """Ask on the terminal; the config written (and the key typed), or None."""
    return SetupApp(path).run()
