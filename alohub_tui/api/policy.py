"""Timeouts per endpoint and the retry policy (which failures are worth repeating)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import AlohubError, ApiTimeout, ConnectionFailed, RateLimitError, ServerError

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds. ``recording`` is the longest wait between two chunks of a download."""

    connect: float = 5.0
    make_call: float = 15.0
    search: float = 15.0
    update_queue: float = 10.0
    recording: float = 30.0
    listing: float = 15.0
    write: float = 10.0
    pool: float = 5.0

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"timeout {name} must be a positive number of seconds")

    def http(self, read: float) -> httpx.Timeout:
        """An httpx timeout with this endpoint's ``read`` and the shared connect/write/pool."""
        import httpx  # only the client calls this; the TUI imports Timeouts before httpx

        return httpx.Timeout(connect=self.connect, read=read, write=self.write, pool=self.pool)


def never_sent(err: AlohubError) -> bool:
    """True when the request certainly did not reach the server (safe to send again)."""
    if isinstance(err, ConnectionFailed):
        return not err.sent
    return isinstance(err, ApiTimeout) and err.phase in ("connect", "pool")


def transient(err: AlohubError) -> bool:
    """Failures that may pass if the same harmless request is repeated."""
    return isinstance(err, RateLimitError | ServerError | ApiTimeout | ConnectionFailed)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most ``attempts`` tries; jittered exponential backoff capped at ``max_delay``.

    A ``Retry-After`` up to ``max_retry_after`` is waited out exactly; a longer one is
    not retried at all (waiting a capped minute and asking again would just be refused
    again), so the caller gets the :class:`RateLimitError` with the real wait at once.
    """

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 5.0
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if min(self.base_delay, self.max_delay, self.max_retry_after) < 0:
            raise ValueError("delays must not be negative")

    def backoff(self, attempt: int, rand: Callable[[], float]) -> float:
        """Delay after failed ``attempt`` (1-based): half fixed, half random ("equal jitter")."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return ceiling / 2 + ceiling / 2 * min(max(rand(), 0.0), 1.0)

    def delay_for(
        self,
        err: AlohubError,
        attempt: int,
        *,
        idempotent: bool,
        rand: Callable[[], float],
    ) -> float | None:
        """Seconds to wait before trying again after ``err``, or None to give up."""
        if attempt >= self.attempts:
            return None
        retryable = transient(err) if idempotent else never_sent(err)
        if not retryable:
            return None
        if isinstance(err, RateLimitError | ServerError) and err.retry_after is not None:
            # A 503 may say when to come back, like a 429 (RFC 9110 section 10.2.3).
            return err.retry_after if err.retry_after <= self.max_retry_after else None
        return self.backoff(attempt, rand)
