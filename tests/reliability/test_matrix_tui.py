"""Fault matrix, TUI surfaces: Dial, History and the Agents queue editor.

One app session per surface goes through every fault in turn (a Pilot session per
cell would make the suite slow); the keyboard paths themselves are covered by
``tests/ui``. For the two faults that need another target (closed port, full
backlog) the app's client is swapped for one pointed there, as a changed base URL
would do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from _faults import (
    FAULTS,
    KEY,
    TIMEOUTS,
    WAITS,
    Fault,
    expected_kind,
    kind_check,
    queue_lost_answer_check,
    retried,
    target_port,
    timing,
)
from _results import RESULTS, Observation
from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList, Static

from alohub_tui.api.client import AlohubClient
from alohub_tui.api.secret import Secret
from alohub_tui.sim.server import SimConfig, Simulator
from alohub_tui.ui.agents_context import QUEUE_GROUP
from alohub_tui.ui.app import AlohubApp
from alohub_tui.ui.screens.queue_editor import QueueEditorScreen
from alohub_tui.ui.tabs.dial import DialTab
from alohub_tui.ui.tabs.history import SEARCH_GROUP, HistoryTab
from alohub_tui.ui.widgets.filter_bar import FilterBar

AppFactory = Callable[..., AlohubApp]
DIAL_RESULTS = (("✓ Sent", "sent"), ("? Outcome unknown", "outcome unknown"),
                ("✗ Refused", "refused"), ("✗ Not placed", "not placed"))
#: The Dial tab's outcome for each kind of answer (any other error: "not placed").
DIAL_OUTCOME = {"succeeded": "sent", "Outcome unknown": "outcome unknown",
                "Alohub refused": "refused"}
EXPECTED_QUEUES = {"action": "EDIT", "callinId": [1, 2], "calloutId": 99999,
                   "lstExtension": ["6688"]}


@pytest.fixture
def sim_config(fast_retries: SimConfig) -> SimConfig:
    return fast_retries


def text(app: AlohubApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def count(sim: Simulator, suffix: str) -> int:
    return sum(str(r["path"]).endswith(suffix) for r in sim.requests)


async def settle(pilot: Pilot[Any], group: str) -> None:
    """Let the key's handlers run, then wait for the workers of ``group``.

    (``wait_for_complete([])`` would wait for *every* worker, trackers included.)
    """
    app = pilot.app
    await pilot.pause()
    workers = [w for w in app.workers if w.group == group]
    if workers:
        await app.workers.wait_for_complete(workers)
    await pilot.pause()


@asynccontextmanager
async def faulted(app: AlohubApp, sim: Simulator, fault: Fault, scope: str) -> AsyncIterator[None]:
    """``fault`` on ``scope`` for the duration; a target fault swaps the app's client."""
    if fault.sim:
        sim.set_faults([f"{fault.sim}@{scope}"])
    original = app.client
    try:
        with target_port(fault, sim.port) as port:
            if port != sim.port:
                base = f"http://127.0.0.1:{port}"
                app.client = AlohubClient(f"{base}/api", Secret(KEY), media_url=base,
                                          timeouts=TIMEOUTS)
            yield
    finally:
        sim.clear_faults()
        if app.client is not original:
            await app.client.aclose()
            app.client = original


async def run_matrix(
    app: AlohubApp, sim: Simulator, scope: str,
    case: Callable[[Fault], Awaitable[Observation]],
) -> None:
    """Run ``case`` under every fault; record all, then fail on any bad one."""
    bad = []
    for fault in FAULTS:
        WAITS.clear()
        async with faulted(app, sim, fault, scope):
            obs = await case(fault)
        obs.timing = timing(fault, WAITS.of(fault) if retried(fault, obs.sent) else [],
                            WAITS.policy)
        if not app.is_running:
            obs.failed_checks.append("the app stopped")
        RESULTS.record(obs)
        if not obs.ok:
            bad.append(obs)
        if not app.is_running:
            break
    assert not bad, bad


async def test_dial_tab_under_every_fault(sim: Simulator, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        dial_tab = app.query_one(DialTab)
        phone = app.query_one("#phone", Input)
        txn = app.query_one("#txn", Input)

        async def case(fault: Fault) -> Observation:
            before = count(sim, "/makeCall")
            number = f"09123{FAULTS.index(fault):05d}"
            phone.value, txn.value = number, f"MATRIX_TUI_{fault.id}"
            phone.focus()
            await pilot.press("enter")
            await settle(pilot, "dial")
            dial = dial_tab.dials[0]
            sent = count(sim, "/makeCall") - before
            kept = (phone.value, app.query_one("#extension", Input).value) == (number, "6688")
            renewed = txn.value != f"MATRIX_TUI_{fault.id}"  # every dial its own id
            message = text(app, "#dial-result")
            outcome = next((word for glyph, word in DIAL_RESULTS if message.startswith(glyph)),
                           "?")
            saved = {d["transaction_id"] for d in app.store.dials.recent()}
            failed = []
            if sent > 1:
                failed.append(f"makeCall sent {sent} times")
            if outcome in ("not placed", "refused") and not kept:
                failed.append("form not kept although nothing rang")
            if outcome in ("sent", "outcome unknown") and sent != 1:
                failed.append(f"'{outcome}' but {sent} requests")
            if not renewed:
                failed.append("the next dial would reuse this dial's transactionId")
            failed += kind_check(fault, "makeCall", message,
                                 "succeeded" if outcome == "sent" else None)
            want = DIAL_OUTCOME.get(expected_kind(fault, "makeCall"), "not placed")
            if outcome != want:
                failed.append(f"shown as '{outcome}', want '{want}'")
            if dial.transaction_id not in saved:
                failed.append("dial not saved in the local store")
            form = ("number kept" if kept else
                    "form reset for the next call (the call may be out; tracked by txn)")
            state = f"{form}, new transactionId; dial saved in the local store"
            return Observation("TUI Dial", "makeCall", fault.id, outcome, message, sent, state,
                               failed)

        await run_matrix(app, sim, "makecall", case)


async def test_history_tab_under_every_fault(sim: Simulator, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("f3")
        history = app.query_one(HistoryTab)
        bar = app.query_one(FilterBar)
        bar.query_one("#hf-range", Select).value = "30d"
        bar.query_one("#hf-direction", Select).value = "outbound"
        history.action_search()
        await settle(pilot, SEARCH_GROUP)
        filters, rows = bar.filters(), history.table.row_count
        assert rows > 0, text(app, "#history-status")

        async def case(fault: Fault) -> Observation:
            before = count(sim, "/searchCallV2")
            await pilot.press("ctrl+r")
            await settle(pilot, SEARCH_GROUP)
            sent = count(sim, "/searchCallV2") - before
            status = text(app, "#history-status")
            failed = []
            if sent > 3:
                failed.append(f"{sent} searches, policy allows 3")
            if bar.filters() != filters:
                failed.append("filters changed")
            if history.table.row_count == 0:
                failed.append("previous results lost")
            outcome = "error shown" if status.startswith("✗") else "results shown"
            failed += kind_check(fault, "search", status,
                                 "succeeded" if outcome == "results shown" else None)
            return Observation("TUI History", "search", fault.id, outcome, status, sent,
                               f"filters kept; {history.table.row_count} rows on screen",
                               failed)

        await run_matrix(app, sim, "search", case)


async def open_editor(pilot: Pilot[Any], user_name: str) -> QueueEditorScreen:
    """Agents tab, filter to ``user_name``, edit it; pick the contract's example change."""
    await pilot.press("f4")
    await pilot.pause()
    await pilot.press(*user_name, "enter", "enter")
    await pilot.pause()
    editor = pilot.app.screen
    assert isinstance(editor, QueueEditorScreen)
    callin = editor.query_one("#editor-callin", SelectionList)
    callin.deselect_all()
    callin.select(1)
    callin.select(2)
    editor.query_one("#editor-callout", Select).value = 99999
    exts = editor.query_one("#editor-ext", SelectionList)
    exts.deselect_all()
    exts.select("6688")
    await pilot.pause()
    assert editor.wanted().body() == EXPECTED_QUEUES
    return editor


async def test_queue_editor_under_every_fault(sim: Simulator, app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        editor = await open_editor(pilot, "userName66")
        audit = app.store.audit  # the profile's audit log

        async def case(fault: Fault) -> Observation:
            before = count(sim, "/updateQueue")
            lines_before = audit.line_count()
            await pilot.press("f6")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot, QUEUE_GROUP)
            sent = count(sim, "/updateQueue") - before
            audit_lines = audit.line_count() - lines_before
            result = text(app, "#editor-result").splitlines()
            failed = []
            if sent > 1:
                failed.append(f"updateQueue sent {sent} times")
            if editor.wanted().body() != EXPECTED_QUEUES:
                failed.append("selections lost")
            if audit_lines != 2:
                failed.append(f"{audit_lines} audit lines, want 'sent' + result")
            if app.screen is not editor:
                failed.append("the editor closed")
            first = result[0] if result else ""
            failed += queue_lost_answer_check(fault, first)
            failed += kind_check(fault, "updateQueue", first,
                                 "succeeded" if first.startswith("✓") else None)
            if first.startswith("✓"):
                outcome = "applied"
            elif "may have reached" in first:
                outcome = "may be applied"
            else:
                outcome = "not applied"
            return Observation("TUI Agents queue editor", "updateQueue", fault.id, outcome,
                               first, sent, "selections kept; audit 'sent' + result lines",
                               failed)

        await run_matrix(app, sim, "updatequeue", case)
