"""``alohub-tui sim``: run the simulator from the command line."""

from __future__ import annotations

import argparse
import math
import os
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..exitcodes import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE
from .defaults import MAX_CALLS, OUTCOME_BY_LAST_DIGIT, default_api_key
from .faults import DESCRIPTIONS, SCOPES, FaultSpec, parse_latency

if TYPE_CHECKING:
    from .server import SimConfig, Simulator

_HELP_WIDTH = 79  # the epilog is printed as written (RawDescription): wrapped here


def _item(label: str, text: str) -> str:
    """One epilog entry, ``text`` wrapped under itself after the ``label`` column."""
    return textwrap.fill(text, _HELP_WIDTH, initial_indent=f"  {label:12}",
                         subsequent_indent=" " * 14, break_on_hyphens=False)


EPILOG = f"""\
fault kinds (--fault KIND[:RATE][@SCOPE], RATE 0..1, default 1):
{chr(10).join(_item(kind, text) for kind, text in DESCRIPTIONS.items())}
scopes: {", ".join(SCOPES)}

dial outcome of makeCall, by the last digit of phoneNumber:
  {", ".join(f"{d} -> {o}" for d, o in OUTCOME_BY_LAST_DIGIT.items())}, any other -> answered

assumptions (not in the vendor's documentation; details in docs/SIMULATOR.md):
  - makeCall returns only the envelope; the call is found again by transactionId
  - searchCallV2 takes the V1 criteria; answers {{totalRecord, page, limit, data}}
  - page is 1-based, limit defaults to 50 and is capped at 500; newest first
  - call_status "hangup" as a filter matches every ended call
  - times are Asia/Ho_Chi_Minh local (UTC+7) without offset; a naive search
    time is +07:00
  - statuses busy, noanswer, failed and "ringing" (live) are the simulator's
    vocabulary
  - updateQueue EDIT replaces callinId; an omitted calloutId or lstExtension is
    kept
  - error codes and messages other than the documented ones are the simulator's
    own
"""


def _fault(text: str) -> FaultSpec:
    try:
        return FaultSpec.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _latency(text: str) -> tuple[float, float]:
    try:
        return parse_latency(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _number(text: str, kind: type[int] | type[float], what: str) -> float:
    """``text`` as ``kind``, or the argparse error saying it is not ``what``."""
    try:
        value = kind(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}")
    return value


def _calls(text: str) -> int:
    value = int(_number(text, int, "a whole number"))
    if not 0 <= value <= MAX_CALLS:
        raise argparse.ArgumentTypeError(f"must be within 0..{MAX_CALLS}")
    return value


def _speed(text: str) -> float:
    value = _number(text, float, "a number")
    if value <= 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _traffic(text: str) -> float:
    value = _number(text, float, "a number")
    if not 0 <= value <= 600:
        raise argparse.ArgumentTypeError("must be within 0..600 calls a minute")
    return value


def _webhook_url(text: str) -> str:
    if urlsplit(text).scheme not in ("http", "https") or not urlsplit(text).hostname:
        raise argparse.ArgumentTypeError(f"{text!r} is not an http(s) URL like "
                                         "http://127.0.0.1:8787/alohub/webhook")
    return text


def add_sim_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the simulator's options to ``parser`` (the lead's ``sim`` subcommand)."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("--host", default="127.0.0.1", help="bind address (loopback only "
                        "unless --allow-remote)")
    parser.add_argument("--port", type=int, default=8088, help="port; 0 picks a free one")
    parser.add_argument("--media-port", type=int, default=None,
                        help="also serve media on this port and advertise it as the media URL")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow binding a non-loopback address")
    parser.add_argument("--api-key", default=None,
                        help="API key to require (default: $ALOHUB_API_KEY or 'demo-key')")
    parser.add_argument("--gateway-key", default=None,
                        help="the gateway's own key, sent as X-Api-Key "
                        "(default: $ALOHUB_GATEWAY_KEY, else the API key)")
    parser.add_argument("--seed", type=int, default=1, help="seed for all generated data")
    parser.add_argument("--calls", type=_calls, default=3000,
                        help=f"history records to generate (0..{MAX_CALLS})")
    parser.add_argument("--webhook-url", type=_webhook_url, default=None, metavar="URL",
                        help="POST call events here")
    parser.add_argument("--webhook-key", default="",
                        help="value of the Authorization header on webhook posts")
    parser.add_argument("--latency", type=_latency, default=None, metavar="MS|MIN-MAX",
                        help="delay every answer by MS (or a random MIN..MAX) milliseconds")
    parser.add_argument("--fault", type=_fault, action="append", default=[],
                        metavar="KIND[:RATE][@SCOPE]", help="inject a fault (repeatable)")
    parser.add_argument("--request-log", type=Path, default=None, metavar="PATH",
                        help="append every request as a JSON line (key redacted)")
    parser.add_argument("--speed", type=_speed, default=1.0,
                        help="clock speed of live calls (2 = twice as fast)")
    parser.add_argument("--traffic", type=_traffic, default=0.0, metavar="RATE",
                        help="start RATE spontaneous demo calls a minute (inbound and "
                        "outbound, posting webhooks); default 0")
    parser.add_argument("--reject-busy-agent", action="store_true",
                        help="makeCall fails with CALLOUT_AGENT_BUSY while the agent is on a call")


def config_from_args(args: argparse.Namespace) -> SimConfig:
    from .server import SimConfig  # aiohttp: only when a simulator really runs

    return SimConfig(
        host=args.host,
        port=args.port,
        media_port=args.media_port,
        allow_remote=args.allow_remote,
        api_key=args.api_key or default_api_key(),
        gateway_key=args.gateway_key or os.environ.get("ALOHUB_GATEWAY_KEY", ""),
        seed=args.seed,
        calls=args.calls,
        webhook_url=args.webhook_url,
        webhook_key=args.webhook_key,
        latency=args.latency,
        faults=tuple(args.fault),
        request_log=args.request_log,
        speed=args.speed,
        reject_busy_agent=args.reject_busy_agent,
        traffic=args.traffic,
    )


def _announce(sim: Simulator) -> None:
    cfg = sim.config
    lines = [
        "Alohub simulator running (Ctrl-C to stop)",
        f"  base URL:  {sim.base_url}",
        f"  media URL: {sim.media_url}",
        f"  API key:   {sim.api_key}",
        f"  gateway:   {sim.gateway_url} (key in X-Api-Key: {sim.gateway_key})",
        f"  seed {cfg.seed}, {len(sim.history or ())} history calls, speed x{cfg.speed:g}",
    ]
    if cfg.webhook_url:
        lines.append(f"  webhooks -> {cfg.webhook_url}")
    if cfg.traffic:
        lines.append(f"  demo traffic: ~{cfg.traffic:g} calls a minute")
    if cfg.faults:
        lines.append(f"  faults: {', '.join(str(f) for f in sim.faults.specs)}")
    if cfg.request_log:
        lines.append(f"  request log: {cfg.request_log}")
    print("\n".join(lines), flush=True)


def run_from_args(args: argparse.Namespace) -> int:
    """Blocking. 0 after Ctrl-C/SIGTERM; 2 for a bad configuration; 1 if binding fails."""
    try:
        cfg = config_from_args(args)
        cfg.validate()
    except ValueError as exc:
        print(f"alohub-tui sim: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from .server import run_simulator

    try:
        run_simulator(cfg, on_ready=_announce)
    except OSError as exc:
        ports = f"{cfg.port}" + (f" (media {cfg.media_port})" if cfg.media_port else "")
        print(f"alohub-tui sim: cannot listen on {cfg.host}:{ports}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_API_ERROR
    except KeyboardInterrupt:
        pass
    print("Alohub simulator stopped", flush=True)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m alohub_tui.sim",
                                     description="Run the local Alohub simulator.")
    add_sim_arguments(parser)
    return run_from_args(parser.parse_args(argv))
