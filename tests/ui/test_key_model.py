"""The key model (docs/KEYS.md): F-keys and ctrl+ keys everywhere, single keys only where
no text field has focus, Esc leaves a field, Enter in a filter goes to the results, and
``?`` opens the help wherever it cannot be typed text."""

from __future__ import annotations

from _history_ui import open_history, searches, settle, table
from conftest import AppFactory, wait_for
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Select, SelectionList

from alohub_tui.sim.server import Simulator
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.key_model import EVERYWHERE, MOVING, NOT_TYPING, key_kind, section_of
from alohub_tui.ui.screens import (  # noqa: F401  (imported: their Dialog subclasses count)
    audit,
    bulk,
    call_detail,
    callback_note,
    more_filters,
    plan_run,
    plan_save,
    plans,
    queue_editor,
)
from alohub_tui.ui.screens.dialog import Dialog
from alohub_tui.ui.screens.help import HelpScreen
from alohub_tui.ui.tabs.agents import AgentsTab
from alohub_tui.ui.tabs.callbacks import CallbacksTab
from alohub_tui.ui.tabs.dial import DialTab
from alohub_tui.ui.tabs.history import HistoryTab
from alohub_tui.ui.tabs.live import LiveTab
from alohub_tui.ui.widgets.field import Field

OUR_BINDINGS = (AlohubApp, DialTab, HistoryTab, AgentsTab, LiveTab, CallbacksTab)
DIALOGS = tuple(Dialog.__subclasses__())


def _keys(owner: type) -> list[tuple[str, Binding]]:
    return [(key.strip(), binding) for binding in owner.BINDINGS
            if isinstance(binding, Binding) for key in binding.key.split(",")]


def test_key_kinds() -> None:
    assert key_kind("f7") == key_kind("ctrl+r") == key_kind("alt+1") == EVERYWHERE
    assert key_kind("s") == key_kind("slash") == key_kind("space") == NOT_TYPING
    assert key_kind("escape") == key_kind("end") == MOVING
    assert section_of("history.detail.close") == "Call detail"
    assert section_of("callbacks.call_back") == "Callbacks"  # a new tab's own section


def test_keys_that_work_everywhere_are_taken_by_no_field_or_table() -> None:
    """A text field, table or list binds its own keys first: none of ours may collide."""
    theirs = {key for widget in (Input, DataTable, Select, SelectionList)
              for key, _ in _keys(widget)}
    ours = {key for owner in OUR_BINDINGS for key, _ in _keys(owner)
            if key_kind(key) == EVERYWHERE}
    assert ours and not ours & theirs, ours & theirs


def test_every_f_key_has_a_second_way() -> None:
    """A browser keeps some F-keys (F7 caret browsing, F5 reload, F12 tools) and a
    terminal may lack them: each F-key action has another key, or Enter does it."""
    owners = [*OUR_BINDINGS, *DIALOGS]
    single = [(owner.__name__, binding.id) for owner in owners for binding in owner.BINDINGS
              if isinstance(binding, Binding) and "," not in binding.key
              and key_kind(binding.key) == EVERYWHERE and binding.key.startswith("f")
              and "also Enter" not in (binding.tooltip or "")
              and binding.id != "app.help"]  # ? is app.help_key
    assert single == []


def test_single_keys_are_never_priority_bindings() -> None:
    """A priority binding fires before the focused field: a letter would never be typed."""
    priority = [(owner.__name__, key) for owner in OUR_BINDINGS for key, binding in _keys(owner)
                if binding.priority and key_kind(key) == NOT_TYPING]
    assert priority == []


async def test_question_mark_in_the_phone_field_opens_the_help(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        phone = app.query_one("#phone", Input)
        assert app.focused is phone
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert phone.value == ""
        assert app.screen.where == "Dial"


async def test_question_mark_is_text_where_it_may_be() -> None:
    class OneField(App[None]):
        def compose(self) -> ComposeResult:
            yield Field(id="url", any_text=True)

    app = OneField()
    async with app.run_test() as pilot:
        await pilot.press(*"a?b")
        assert app.query_one("#url", Input).value == "a?b"


async def test_enter_in_a_history_filter_searches_and_moves_to_the_results(
    sim: Simulator, app_factory: AppFactory
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        history = await open_history(pilot)
        await pilot.press("slash", *"09", "enter")
        await settle(pilot, "history-search")
        assert searches(sim)[-1]["customer_number"] == "09"
        assert app.focused is table(app)
        await pilot.press("s")  # a table key now sorts; it is not typed into the filter
        assert app.query_one("#hf-phone", Input).value == "09"
        assert table(app).sort_column == "start"
        assert history.table.has_focus


async def test_enter_and_a_table_key_read_in_one_burst(
    sim: Simulator, app_factory: AppFactory
) -> None:
    """Over SSH keys arrive in bursts: Enter in a filter moves to the results at once,
    so the s read with it sorts instead of landing in the field."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("slash", *"09")
        for key, char in (("enter", "\r"), ("s", "s")):
            app.post_message(events.Key(key, char))
        await wait_for(pilot, lambda: table(app).sort_column == "start")
        assert app.query_one("#hf-phone", Input).value == "09"


async def test_tab_read_in_a_burst_moves_before_the_next_key(app_factory: AppFactory) -> None:
    """A number, Tab and an extension typed or pasted in one burst: each part lands in its
    own field (Tab was handled after the next key had reached the phone field)."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        phone, ext = app.query_one("#phone", Input), app.query_one("#extension", Input)
        assert app.focused is phone
        burst = [("0", "0"), ("9", "9"), ("tab", "\t"), *[(c, c) for c in "7001"],
                 ("shift+tab", None), ("end", None), ("1", "1")]
        for key, char in burst:
            app.post_message(events.Key(key, char))
        await wait_for(pilot, lambda: phone.value == "091")
        assert ext.value == "7001"  # typed over the default, as one Tab then typing does


async def test_escape_leaves_a_field_for_the_tab_table(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        recent = app.query_one("#recent-dials", DataTable)
        assert app.focused is recent
        await pilot.press(*"09")  # a number typed in the table goes back to the phone field
        assert app.query_one("#phone", Input).value.replace(" ", "") == "09"
        await pilot.press("f5")
        await pilot.press(*"abc", "escape")
        assert app.query_one("#live-filter", Input).value == ""
        assert app.focused is app.query_one("#live-feed", DataTable)
        await pilot.press("slash")
        assert app.focused is app.query_one("#live-filter", Input)


async def test_the_palette_offers_every_tab_and_its_commands(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Go to Dial", "Go to History", "Go to Agents", "Go to Live",
                "Go to Callbacks"} <= titles
        assert {"Dial: new transactionId", "History: search", "Agents: audit log"} <= titles
