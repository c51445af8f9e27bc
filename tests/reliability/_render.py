"""Render the fault matrix observations as ``RELIABILITY.md`` (never written by hand).

The session-finish hook (``conftest.py``) calls :func:`write_report`. The file is only
written when every surface saw every fault, so a partial run (``-k``) cannot truncate
it. Volatile text (ports, transaction ids) is normalised so a re-run gives the same file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from _faults import (
    CONNECT,
    FAST_POLICY,
    FAST_RETRY_AFTER,
    FAULT_SETTINGS,
    FAULTS,
    POLICY,
    SHORT,
)
from _results import Observation

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "RELIABILITY.md"

#: (surface, operation) columns, in report order.
SURFACES: tuple[tuple[str, str], ...] = (
    ("API client", "makeCall"),
    ("API client", "search"),
    ("API client", "updateQueue"),
    ("API client", "recording"),
    ("CLI", "call"),
    ("CLI", "history"),
    ("CLI", "queue"),
    ("CLI", "recording"),
    ("TUI Dial", "makeCall"),
    ("TUI History", "search"),
    ("TUI Agents queue editor", "updateQueue"),
)

_VOLATILE = (
    (re.compile(r"(127\.0\.0\.[12]):\d+"), r"\1:PORT"),
    (re.compile(r"\b(ALOHUB_TUI|MATRIX)_\d{14}_[0-9a-f]{8}\b"), r"\1_<txn>"),
    (re.compile(r"\b(MATRIX_[A-Za-z0-9-]+)\b"), "MATRIX_<txn>"),
    (re.compile(r"try again in \d+ s"), "try again in N s"),
    (re.compile(r"\d{2}:\d{2}:\d{2}"), "HH:MM:SS"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "YYYY-MM-DD"),
    (re.compile(r"\d{2}/\d{2}(/\d{4})?"), "DD/MM"),
    (re.compile(r"\b\d+ (rows|calls)\b"), r"N \1"),
    (re.compile(r"/\S*/(rec\.mp3)"), r"<tmp>/\1"),
)


def normalise(text: str) -> str:
    for pattern, repl in _VOLATILE:
        text = pattern.sub(repl, text)
    return text.replace("|", "\\|")


def missing(observations: Iterable[Observation]) -> list[str]:
    seen = {(o.surface, o.operation, o.fault) for o in observations}
    return [f"{s} {op} {f.id}" for s, op in SURFACES for f in FAULTS
            if (s, op, f.id) not in seen]


def waits_label(row: Iterable[Observation]) -> str:
    """What the retries of a row's columns waited, by kind of surface:
    ``; waits: API client backoff 0.5–5 s; CLI, TUI backoff 0.01–0.02 s``."""
    by_timing: dict[str, list[str]] = {}
    for obs in row:
        if obs.timing and obs.family not in by_timing.setdefault(obs.timing, []):
            by_timing[obs.timing].append(obs.family)
    if not by_timing:
        return ""
    parts = [f"{', '.join(families)} {timing}" for timing, families in by_timing.items()]
    return "; waits: " + "; ".join(parts)


def _cell(obs: Observation | None) -> str:
    if obs is None:
        return "—"
    mark = ("✓" if obs.ok else "✗ BAD") + ("*" if obs.note else "")
    return f"{mark} {obs.outcome} ({obs.sent})"


def render(observations: list[Observation]) -> str:
    index = {(o.surface, o.operation, o.fault): o for o in observations}
    bad = [o for o in observations if not o.ok]
    lines = [
        "# Reliability: the fault matrix",
        "",
        "Generated from the test run by `python -m tests.reliability.report` (or any",
        "`pytest tests/reliability` run that covers the whole matrix); do not edit by hand.",
        "Every surface is driven against the real simulator on loopback (faults via",
        "`Simulator.set_faults`), a closed port (connection refused) or a listening socket",
        "with a full accept backlog (connect timeout).",
        "",
        f"Settings: connect timeout {CONNECT:g} s, read timeouts {SHORT:g} s, "
        f"{POLICY.attempts} attempts; huge body {FAULT_SETTINGS.huge_bytes // 2**20} MiB. The "
        f"API client columns run the shipped retry policy (backoff {POLICY.base_delay:g}–"
        f"{POLICY.max_delay:g} s, Retry-After honoured up to {POLICY.max_retry_after:g} s) "
        f"against a simulator Retry-After of {FAULT_SETTINGS.retry_after_s} s, recording each "
        f"wait instead of sleeping; the CLI and TUI columns run the same attempts with backoff "
        f"{FAST_POLICY['base_delay']:g}–{FAST_POLICY['max_delay']:g} s and a Retry-After of "
        f"{FAST_RETRY_AFTER} s, to stay fast. A row's label says what each column's retries "
        "really waited.",
        "",
        "Checks on every row: the right error was shown (its kind, per fault and operation:",
        "e.g. a timeout after makeCall was sent is 'outcome unknown', before it 'timed out');",
        "a one-line message with no traceback and no key; makeCall",
        "sent at most once; updateQueue never re-sent once it may have arrived; search",
        "retried only on transient failures and at most the policy's attempts; the dial",
        "form and the queue editor keep the user's input when nothing went out, and the",
        "next dial gets a new transactionId; the key never reaches the other host of a",
        "redirect.",
        "",
        f"**{len(observations)} rows, {len(bad)} bad.** "
        "Cell: verdict, outcome, (requests sent or received); * = see the note in the "
        "surface's table.",
        "",
    ]
    header = ["Fault", *(f"{s} {op}" for s, op in SURFACES)]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for fault in FAULTS:
        cells = [_cell(index.get((s, op, fault.id))) for s, op in SURFACES]
        row = [o for o in (index.get((s, op, fault.id)) for s, op in SURFACES) if o]
        lines.append(f"| {fault.label}{waits_label(row)} | " + " | ".join(cells) + " |")
    for surface, operation in SURFACES:
        lines += ["", f"## {surface}: {operation}", "",
                  "| Fault | Verdict | Outcome | Sent | Message shown | Input / state |",
                  "|---|---|---|---|---|---|"]
        for fault in FAULTS:
            obs = index.get((surface, operation, fault.id))
            if obs is None:
                continue
            verdict = "ok" if obs.ok else "BAD: " + "; ".join(obs.failed_checks)
            if obs.note:
                verdict += f" (note: {obs.note})"
            lines.append(
                f"| {fault.label}{'; waits: ' + obs.timing if obs.timing else ''} | "
                f"{verdict} | {obs.outcome} | {obs.sent} | "
                f"{normalise(obs.message)} | {normalise(obs.state)} |"
            )
    return "\n".join(lines) + "\n"


def write_report(observations: list[Observation], path: Path = REPORT) -> str:
    """Write the report if the matrix is complete; returns a one-line summary."""
    gaps = missing(observations)
    if gaps:
        return f"RELIABILITY.md not written: {len(gaps)} matrix cells not run (e.g. {gaps[0]})"
    path.write_text(render(observations), encoding="utf-8")
    bad = sum(not o.ok for o in observations)
    return f"RELIABILITY.md written: {len(observations)} rows, {bad} bad"
