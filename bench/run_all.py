"""Run every benchmark, print the table, write bench/RESULTS.md.

    python -m bench [--quick] [--only NAME ...] [--no-write]

Each benchmark is bounded (fixed counts, timeouts) and starts and stops its own loopback
servers. A benchmark that cannot run (e.g. a tab not written yet) is reported as an
error row instead of stopping the others.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shlex
import sys
import time
import traceback
from collections.abc import Sequence
from datetime import datetime

from bench.common import ROOT, Result

#: (name, module) in the order they run: stand-alone ones first, the UI ones last.
BENCHMARKS = (
    ("sim_search", "bench.sim_search"),
    ("webhook", "bench.webhook_burst"),
    ("csv_export", "bench.csv_export"),
    ("cold_start", "bench.cold_start"),
    ("history_page", "bench.history_page"),
    ("keypress_echo", "bench.keypress_echo"),
    ("wall_rss", "bench.wall_rss"),
    ("wall_cost", "bench.wall_cost"),
    ("serve_session", "bench.serve_session"),
)
#: Targets of issue 8 with no benchmark yet (listed in the table so none is forgotten).
NOT_YET: tuple[str, ...] = ()
RESULTS = ROOT / "bench" / "RESULTS.md"
HEADERS = ("what", "figure", "target", "baseline (same run)", "ratio", "result")


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def row(result: Result) -> tuple[str, ...]:
    """The table cells of one result."""
    verdict = {True: "PASS", False: "FAIL", None: "-"}[result.passed]
    baseline = "-"
    if result.baseline is not None:
        baseline = f"{_fmt(result.baseline, result.unit)} ({result.baseline_what})"
    ratio = "-" if result.ratio is None else f"{result.ratio:.2f}x"
    target = result.target.describe(result.unit) if result.target else "-"
    what = result.what + "".join(f"; {note}" for note in result.notes)
    return (what, _fmt(result.figure, result.unit), target, baseline, ratio, verdict)


def error_row(name: str, exc: BaseException) -> tuple[str, ...]:
    return (f"{name}: could not run ({type(exc).__name__}: {exc})"[:300],
            "-", "-", "-", "-", "ERROR")


def text_table(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [min(70, max(len(r[i]) for r in (HEADERS, *rows))) for i in range(len(HEADERS))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def markdown_table(rows: Sequence[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def machine_facts() -> list[str]:
    from importlib.metadata import version

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"nproc {os.cpu_count()}, load average before the run {load}",
        f"Python {platform.python_version()} ({platform.machine()}, {platform.system()} "
        f"{platform.release()})",
        f"textual {version('textual')}, httpx {version('httpx')}, "
        f"aiohttp {version('aiohttp')}",
    ]


def write_results(rows: Sequence[tuple[str, ...]], command: str, seconds: float,
                  facts: list[str], quick: bool) -> None:
    body = [
        "# Benchmark results",
        "",
        "Written by `bench/run_all.py`; how each figure is measured is in the docstring of "
        "its module (`bench/*.py`) and in the notes below (from `bench/NOTES.md`).",
        "",
        f"- date: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- command: `{command}`" + (" (quick mode: smaller sizes)" if quick else ""),
        *(f"- {fact}" for fact in facts),
        f"- wall time of the run: {seconds:.0f} s",
        "",
        markdown_table(rows),
        "",
    ]
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists():
        body += [notes.read_text(encoding="utf-8").rstrip(), ""]
    RESULTS.write_text("\n".join(body), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, < 2 minutes")
    parser.add_argument("--only", nargs="+", choices=[n for n, _ in BENCHMARKS],
                        metavar="NAME", help="run only these benchmarks")
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args(argv)
    facts = machine_facts()
    began = time.perf_counter()
    rows: list[tuple[str, ...]] = []
    for name, module_name in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        print(f"... {name}", file=sys.stderr, flush=True)
        try:
            results = importlib.import_module(module_name).run(quick=args.quick)
        except Exception as exc:  # one broken benchmark must not hide the others
            traceback.print_exc()
            rows.append(error_row(name, exc))
            continue
        rows += [row(result) for result in results]
    if not args.only:
        rows += [(what, "-", "-", "-", "-", "NOT MEASURED") for what in NOT_YET]
    seconds = time.perf_counter() - began
    print(text_table(rows))
    if not args.no_write:
        command = "python -m bench" + "".join(f" {shlex.quote(a)}" for a in (argv or sys.argv[1:]))
        write_results(rows, command, seconds, facts, args.quick)
        print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    failed = any(r[-1] in ("FAIL", "ERROR") for r in rows)
    return 1 if failed else 0
