"""What every benchmark shares: results with targets, percentiles, child servers, RSS.

Each benchmark module exposes ``run(quick: bool) -> list[Result]``. A result carries its
own target and, where there is one, the baseline measured in the same run, so the table
can print a ratio: timings drift on a shared 2-core machine, ratios drift much less.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Target:
    """A bound on the figure (``on="figure"``) or on figure / baseline (``on="ratio"``)."""

    bound: float
    at_most: bool = True
    on: str = "figure"

    def met(self, figure: float, ratio: float | None) -> bool | None:
        value = ratio if self.on == "ratio" else figure
        if value is None:
            return None
        return value <= self.bound if self.at_most else value >= self.bound

    def describe(self, unit: str) -> str:
        sign = "<=" if self.at_most else ">="
        if self.on == "ratio":
            return f"{sign} {self.bound:g}x baseline"
        return f"{sign} {self.bound:,.6g} {unit}"


@dataclass
class Result:
    """One row of the table."""

    what: str
    figure: float
    unit: str
    target: Target | None = None
    baseline: float | None = None
    baseline_what: str = ""
    notes: list[str] = field(default_factory=list)
    #: The ratio to judge, when it is not figure / baseline (e.g. a median of paired ratios).
    paired_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.paired_ratio is not None:
            return self.paired_ratio
        if self.baseline is None or self.baseline == 0:
            return None
        return self.figure / self.baseline

    @property
    def passed(self) -> bool | None:
        return None if self.target is None else self.target.met(self.figure, self.ratio)


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p`` (0..1) quantile by nearest rank; ``nan`` for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered) + 0.5) - 1))]


def median(values: Sequence[float]) -> float:
    return percentile(values, 0.5)


def rss_bytes(pid: int | None = None) -> int:
    """Resident set size of ``pid`` (default: this process) from /proc."""
    with open(f"/proc/{pid or 'self'}/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) ``pid`` has used so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def child_pids(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc), zombies included."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for child processes: unbuffered, no user config leaking in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALOHUB_")}
    return {**env, "PYTHONUNBUFFERED": "1", **extra}


class ChildServer:
    """A server in its own process, so its CPU is not the load generator's."""

    def __init__(self, process: subprocess.Popen[str], lines: list[str]) -> None:
        self.process = process
        self.lines = lines

    def field(self, prefix: str) -> str:
        """The first word after ``prefix`` in the banner lines, e.g. ``"base URL:"``."""
        for line in self.lines:
            if prefix in line:
                return line.split(prefix, 1)[1].split()[0]
        raise KeyError(f"{prefix!r} not in {self.lines!r}")


@contextlib.contextmanager
def child_server(
    argv: Sequence[str], ready: str, *, env: dict[str, str] | None = None,
    banner_lines: int = 1, timeout: float = 60.0,
) -> Iterator[ChildServer]:
    """Start ``argv``, read stdout until a line holding ``ready`` (plus ``banner_lines``
    more), yield it, then SIGINT it and wait (SIGKILL as a last resort)."""
    process = subprocess.Popen(
        list(argv), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env=env or child_env(), cwd=ROOT,
    )
    try:
        lines = _read_banner(process, ready, banner_lines, timeout)
        yield ChildServer(process, lines)
    finally:
        stop_process(process)


def _read_banner(process: subprocess.Popen[str], ready: str, extra: int,
                 timeout: float) -> list[str]:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    lines: list[str] = []
    remaining = None
    while remaining != 0:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {ready!r} from {process.args!r}")
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"{process.args!r} exited: {lines!r}")
        lines.append(line.rstrip("\n"))
        if remaining is not None:
            remaining -= 1
        elif ready in line:
            remaining = extra - 1
    return lines


def stop_process(process: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    """SIGINT, then SIGKILL after 10 s: a benchmark always leaves nothing behind."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def sim_argv(*options: str) -> list[str]:
    """``python -m alohub_tui.sim --port 0 ...`` (banner: 5 lines from "running")."""
    return [sys.executable, "-m", "alohub_tui.sim", "--port", "0", *options]


SIM_BANNER = ("Alohub simulator running", 4)


def trivial_argv() -> list[str]:
    """The baseline server (``bench/trivial_server.py``); its banner: ``listening on URL``."""
    return [sys.executable, "-m", "bench.trivial_server"]


SIM_KEY = "bench-key"


@contextlib.contextmanager
def running_sim(calls: int, *options: str) -> Iterator[str]:
    """A simulator process with ``calls`` history records; yields its base URL."""
    argv = sim_argv("--calls", str(calls), "--api-key", SIM_KEY, *options)
    with child_server(argv, SIM_BANNER[0], banner_lines=SIM_BANNER[1]) as sim:
        yield sim.field("base URL:")


def free_port() -> int:
    """A loopback TCP port free right now (for a child that needs a fixed address)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tui_env(home: Path, *, config: str = "", **extra: str) -> dict[str, str]:
    """Environment for ``alohub-tui`` in a pty: config, state, data and downloads in the
    private folder ``home``, ``config`` as its config.toml, a 24-bit colour terminal."""
    (home / "config.toml").write_text(config, encoding="utf-8")
    return child_env(
        TERM="xterm-256color", COLORTERM="truecolor", HOME=str(home),
        XDG_CONFIG_HOME=str(home / "xdg-config"), XDG_DATA_HOME=str(home / "xdg-data"),
        XDG_STATE_HOME=str(home / "xdg-state"), XDG_CACHE_HOME=str(home / "xdg-cache"),
        ALOHUB_TUI_CONFIG=str(home / "config.toml"),
        ALOHUB_TUI_STATE_DIR=str(home / "state"),
        ALOHUB_TUI_DATA_DIR=str(home / "data"),
        ALOHUB_TUI_DOWNLOADS_DIR=str(home / "downloads"),
        **extra,
    )
