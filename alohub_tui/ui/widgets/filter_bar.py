"""The History filter bar: two compact lines, the rarer filters behind "More".

Every control says what it filters in its own text ("Any status", "phone…"), so no
line is spent on labels at 80x24. Enter in an input, a changed picker or the Search
button asks for a search; picking "Custom dates…" asks for the More dialog.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Select

from alohub_tui.config import CatalogAgent
from alohub_tui.history.filters import (
    CUSTOM,
    DIRECTIONS,
    RANGE_PRESETS,
    STATUSES,
    TODAY,
    HistoryFilters,
)
from alohub_tui.ui.plain import plain
from alohub_tui.ui.widgets.field import Field

_SELECTS = ("#hf-range", "#hf-direction", "#hf-status", "#hf-agent")


def agent_options(agents: tuple[CatalogAgent, ...]) -> list[tuple[Text, str]]:
    options = []
    for agent in agents:
        name = agent.name.strip()
        label = f"{name} ({agent.user_name})" if name and name != agent.user_name \
            else agent.user_name
        options.append((plain(label), agent.user_name))
    return options


def _value(select: Select[str]) -> str:
    value: Any = select.value
    return value if isinstance(value, str) else ""


class FilterBar(Vertical):
    """Holds the filters; :meth:`filters` reads them, :meth:`set_extras` sets the rare ones."""

    class SearchRequested(Message):
        """The user asked to search with the filters as they are now; ``to_results``:
        by Enter or the Search button (so the focus goes to the results)."""

        def __init__(self, to_results: bool) -> None:
            super().__init__()
            self.to_results = to_results

    class MoreRequested(Message):
        """The user asked for the "More filters" dialog (custom dates, txn, call id)."""

    def __init__(self, agents: tuple[CatalogAgent, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._agents = agents
        self._extras = HistoryFilters()
        self._last_preset = TODAY
        self._quiet = True  # ignore the pickers' Changed events until mounted
        self._programmatic: str | None = None  # a range value we set ourselves

    def compose(self) -> ComposeResult:
        with Horizontal(classes="history-row"):
            yield Select([(label, value) for value, label in RANGE_PRESETS], value=TODAY,
                         allow_blank=False, id="hf-range", compact=True)
            yield Field(placeholder="phone (caller or callee)", id="hf-phone", compact=True,
                        not_text="/")
            yield Select([(label, value) for value, label in DIRECTIONS],
                         prompt="Any direction", id="hf-direction", compact=True)
            yield Select([(status, status) for status in STATUSES], prompt="Any status",
                         id="hf-status", compact=True)
        with Horizontal(classes="history-row"):
            yield Select(agent_options(self._agents), prompt="Any agent", id="hf-agent",
                         compact=True)
            yield Field(placeholder="extension", id="hf-extension", compact=True, not_text="/")
            yield Button("More… F7", id="hf-more", compact=True)
            yield Button("Search ^R", id="hf-search", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.call_after_refresh(self._wake)

    def _wake(self) -> None:
        self._quiet = False

    # ---------------------------------------------------------------- values

    def filters(self) -> HistoryFilters:
        """The filters as shown (the rare ones from the last More dialog)."""
        return self._extras.replace(
            preset=_value(self.query_one("#hf-range", Select)) or TODAY,
            phone=self.query_one("#hf-phone", Input).value,
            direction=_value(self.query_one("#hf-direction", Select)),
            status=_value(self.query_one("#hf-status", Select)),
            agent=_value(self.query_one("#hf-agent", Select)),
            extension=self.query_one("#hf-extension", Input).value,
        )

    def dialog_filters(self) -> HistoryFilters:
        """The filters for the More dialog: a fresh "Custom dates…" starts from the
        range that was picked before it, so the dialog shows dates to edit."""
        filters = self.filters()
        if filters.preset == CUSTOM and not (filters.date_from or filters.date_to):
            return filters.replace(preset=self._last_preset)
        return filters

    def set_extras(self, filters: HistoryFilters) -> None:
        """Take the dialog's dates, txn and call id (and its range choice)."""
        self._extras = HistoryFilters(date_from=filters.date_from, date_to=filters.date_to,
                                      transaction_id=filters.transaction_id,
                                      call_id=filters.call_id)
        self._set_preset(filters.preset)
        if filters.preset != CUSTOM:
            self._last_preset = filters.preset
        extras = len(filters.extras())
        self.query_one("#hf-more", Button).label = f"More ({extras}) F7" if extras \
            else "More… F7"

    def cancel_custom(self) -> None:
        """The More dialog was cancelled after picking "Custom dates…": go back."""
        if _value(self.query_one("#hf-range", Select)) == CUSTOM and not self._extras.extras():
            self._set_preset(self._last_preset)

    def _set_preset(self, preset: str) -> None:
        select = self.query_one("#hf-range", Select)
        if _value(select) != preset:
            self._programmatic = preset
            select.value = preset

    def focus_first(self) -> None:
        self.query_one("#hf-phone", Input).focus()

    def focus_field(self, name: str) -> bool:
        """Focus the field a refused value came from ("phone", "extension"), if it is
        in the bar (custom dates are in the More dialog); True when it is."""
        fields = self.query(f"#hf-{name}").results(Input)
        field = next(fields, None)
        if field is None:
            return False
        field.focus()
        return True

    # ---------------------------------------------------------------- events

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.SearchRequested(to_results=True))

    @on(Select.Changed, ",".join(_SELECTS))
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        if self._quiet:
            return
        if event.select.id == "hf-range":
            if event.value == self._programmatic:
                self._programmatic = None
                return
            if event.value == CUSTOM:
                self.post_message(self.MoreRequested())
                return
            self._last_preset = str(event.value)
        self.post_message(self.SearchRequested(to_results=False))

    @on(Button.Pressed, "#hf-more")
    def _more(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.MoreRequested())

    @on(Button.Pressed, "#hf-search")
    def _search(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.SearchRequested(to_results=True))
