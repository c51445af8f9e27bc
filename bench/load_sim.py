"""The simulator for the keypress-echo benchmark: slow searches, one long recording rate.

    python -m bench.load_sim [--calls 20000] [--search-ms 1500] [--recording-bytes N]
                             [--drip-bytes 32768] [--drip-ms 50]

A :class:`~alohub_tui.sim.Simulator` (loopback, free port, key ``bench-key``) built with
its documented in-process knobs, no simulator code changed:

- every searchCallV2 is delayed ``--search-ms`` (fault ``latency@search``, with
  ``FaultSettings.default_latency_ms``): "slow searches";
- every recording is served as a ``--recording-bytes`` file (the talk time of every
  history recording is set so that ``mp3_size`` reaches it, via ``Simulator.recordings``,
  the store the MP3Export endpoint reads), dripped ``--drip-bytes`` every ``--drip-ms``
  (fault ``slowdrip@recording``), so a 10 MB download stays in flight for a while, as it
  would over a real network, instead of finishing in 0.1 s on loopback.

Prints ``bench load simulator running``, then ``base URL: ...``,
``recording bytes: N``; serves until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio

from alohub_tui.sim import SimConfig, Simulator
from alohub_tui.sim.faults import FaultSettings
from alohub_tui.sim.mp3 import FRAME_SECONDS, mp3_size
from alohub_tui.sim.server import serve_until_stopped
from bench.common import SIM_KEY

READY = "bench load simulator running"
TEN_MB = 10 * 1024 * 1024


def seconds_for(size: int) -> int:
    """The shortest talk time (whole seconds) whose recording has at least ``size`` bytes."""
    seconds = max(1, int(size * FRAME_SECONDS / 144))
    while mp3_size(seconds) < size:
        seconds += 1
    return seconds


async def serve(args: argparse.Namespace) -> None:
    settings = FaultSettings(default_latency_ms=args.search_ms, drip_bytes=args.drip_bytes,
                             drip_interval_s=args.drip_ms / 1000)
    sim = Simulator(SimConfig(
        port=0, api_key=SIM_KEY, calls=args.calls, seed=args.seed,
        faults=("latency@search", "slowdrip@recording"), fault_settings=settings,
    ))
    ready = asyncio.Event()
    server = asyncio.create_task(serve_until_stopped(sim, ready))
    await asyncio.wait({server, asyncio.create_task(ready.wait())},
                       return_when=asyncio.FIRST_COMPLETED)
    if ready.is_set():
        seconds = seconds_for(args.recording_bytes)
        assert sim.history is not None
        for path in list(sim.history.recordings):
            sim.recordings.add(path, seconds)
        print(READY, f"base URL: {sim.base_url}", f"recording bytes: {mp3_size(seconds)}",
              sep="\n", flush=True)
    await server


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--search-ms", type=float, default=1500)
    parser.add_argument("--recording-bytes", type=int, default=TEN_MB)
    parser.add_argument("--drip-bytes", type=int, default=32768)
    parser.add_argument("--drip-ms", type=float, default=50)
    asyncio.run(serve(parser.parse_args()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
