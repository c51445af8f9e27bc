"""Fault injection: deterministic per seed, optionally scoped to an endpoint.

A fault spec is ``KIND[:RATE][@SCOPE]`` (``@SCOPE`` may also come before ``:RATE``),
e.g. ``http503``, ``http429:0.5``, ``drop@makecall``, ``slowdrip@search:0.2``.
Each spec draws from its own ``random.Random(seed, kind, scope)`` once per matching
request, so the same seed and the same request sequence give the same faults. The first
spec (in order) that fires decides the fault; ``latency`` specs stack with it.

"Before" faults answer instead of the handler: nothing happens server-side.
"After" faults run the handler first (a makeCall really places the call), then lose or
mangle the answer: the case where a client cannot know whether the request worked.
The aiohttp side (the middleware that applies a fault) is in :mod:`.fault_middleware`,
so parsing specs for the CLI's help does not load aiohttp.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

DESCRIPTIONS: dict[str, str] = {
    "latency": "delay the answer by --latency (default 2000 ms), then answer normally",
    "http500": "HTTP 500, JSON {error_code: FAIL}",
    "http502": "HTTP 502, JSON {error_code: BAD_GATEWAY}",
    "http503": "HTTP 503, JSON {error_code: SERVICE_UNAVAILABLE}, Retry-After",
    "http429": "HTTP 429, JSON {error_code: RATE_LIMIT_EXCEEDED}, Retry-After (seconds)",
    "http429date": "HTTP 429 like http429, but Retry-After as an HTTP date",
    "http401": "HTTP 401, JSON {error_code: UNAUTHORIZED} even with the right key",
    "http403": "HTTP 403, JSON {error_code: INSUFFICIENT_SCOPE}",
    "http404": "HTTP 404, JSON {error_code: NOT_FOUND}",
    "envelope": "HTTP 200 with the failure envelope 'HỆ THỐNG OUTBOUND GẶP SỰ CỐ'",
    "html": "HTTP 502 text/html nginx-style error page",
    "wrongtype": "HTTP 200 text/plain body 'OK'",
    "redirect": "302 (GET) / 307 (POST) to the same path on http://127.0.0.2:PORT",
    "malformed": "after: HTTP 200 application/json, body cut in half (invalid JSON)",
    "drop": "after: close the connection without sending a response",
    "slowdrip": "after: the real answer, trickled one byte per drip interval",
    "timeout": "after: hold the answer for the timeout (default 300 s), then send it",
    "huge": "after: the real answer padded to ~16 MiB (JSON field 'padding' / more MP3 frames)",
}
BEFORE = frozenset(
    {"http500", "http502", "http503", "http429", "http429date", "http401", "http403", "http404",
     "envelope", "html", "wrongtype", "redirect"}
)
KINDS = frozenset(DESCRIPTIONS)

#: Scope names: one endpoint (route name) or a group of them.
SCOPES: dict[str, frozenset[str]] = {
    "makecall": frozenset({"makecall"}),
    "search": frozenset({"search"}),
    "updatequeue": frozenset({"updatequeue"}),
    "recording": frozenset({"recording"}),
    "agents": frozenset({"agents"}),
    "queues": frozenset({"queues"}),
    "api": frozenset({"makecall", "search", "updatequeue"}),
    "gateway": frozenset({"agents", "queues"}),
}

_SPEC = re.compile(
    r"^(?P<kind>[a-z0-9]+)(?:@(?P<s1>[a-z]+))?(?::(?P<rate>[0-9.]+))?(?:@(?P<s2>[a-z]+))?$"
)
OUTBOUND_DOWN = "HỆ THỐNG OUTBOUND GẶP SỰ CỐ"
HTML_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclass(frozen=True)
class FaultSpec:
    kind: str
    rate: float = 1.0
    scope: str | None = None

    @classmethod
    def parse(cls, text: str) -> FaultSpec:
        m = _SPEC.match(text.strip().lower())
        if m is None:
            raise ValueError(f"bad fault spec {text!r}: expected KIND[:RATE][@SCOPE]")
        kind, scope = m["kind"], m["s1"] or m["s2"]
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; kinds: {', '.join(sorted(KINDS))}")
        if m["s1"] and m["s2"]:
            raise ValueError(f"bad fault spec {text!r}: two scopes")
        if scope is not None and scope not in SCOPES:
            raise ValueError(f"unknown fault scope {scope!r}; scopes: {', '.join(SCOPES)}")
        try:
            rate = 1.0 if m["rate"] is None else float(m["rate"])
        except ValueError:
            raise ValueError(f"bad fault rate in {text!r}") from None
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault rate must be within 0..1, got {rate}")
        return cls(kind, rate, scope)

    def __str__(self) -> str:
        rate = "" if self.rate == 1.0 else f":{self.rate:g}"
        scope = "" if self.scope is None else f"@{self.scope}"
        return f"{self.kind}{rate}{scope}"

    def applies_to(self, endpoint: str) -> bool:
        return self.scope is None or endpoint in SCOPES[self.scope]


def parse_latency(text: str) -> tuple[float, float]:
    """``"250"`` or ``"100-900"`` (milliseconds) -> (min, max)."""
    low, _, high = text.partition("-")
    try:
        lo = float(low)
        hi = float(high) if high else lo
    except ValueError:
        raise ValueError(f"bad latency {text!r}: expected MS or MIN-MAX") from None
    if lo < 0 or hi < lo:
        raise ValueError(f"bad latency {text!r}: need 0 <= MIN <= MAX")
    return lo, hi


@dataclass
class FaultSettings:
    """Knobs of the fault behaviours (tests shrink them)."""

    timeout_s: float = 300.0
    drip_interval_s: float = 0.05
    drip_bytes: int = 1  # bytes per drip
    retry_after_s: int = 1
    huge_bytes: int = 16 * 1024 * 1024
    redirect_host: str = "127.0.0.2"
    default_latency_ms: float = 2000.0


class FaultInjector:
    def __init__(
        self,
        seed: int,
        specs: Iterable[FaultSpec | str] = (),
        latency_ms: tuple[float, float] | None = None,
        default_latency_ms: float = FaultSettings.default_latency_ms,
    ) -> None:
        self._seed = seed
        self._default_latency = (default_latency_ms, default_latency_ms)
        self._latency_rng = random.Random(f"latency:{seed}")
        self.latency_ms = latency_ms
        self.specs: list[FaultSpec] = []
        self._rngs: list[random.Random] = []
        self.set(specs)

    def set(self, specs: Iterable[FaultSpec | str]) -> None:
        """Replace the active faults; their random sequences restart."""
        self.specs = [s if isinstance(s, FaultSpec) else FaultSpec.parse(s) for s in specs]
        self._rngs = [random.Random(f"fault:{self._seed}:{s.kind}:{s.scope}") for s in self.specs]

    def _latency_s(self, range_ms: tuple[float, float]) -> float:
        return self._latency_rng.uniform(*range_ms) / 1000.0

    def pick(self, endpoint: str) -> tuple[float, FaultSpec | None]:
        """(seconds to delay, fault to apply) for one request to ``endpoint``."""
        delay = self._latency_s(self.latency_ms) if self.latency_ms else 0.0
        chosen: FaultSpec | None = None
        for spec, rng in zip(self.specs, self._rngs, strict=True):
            if not spec.applies_to(endpoint) or rng.random() >= spec.rate:
                continue
            if spec.kind == "latency":
                delay += self._latency_s(self.latency_ms or self._default_latency)
            elif chosen is None:
                chosen = spec
        return delay, chosen
