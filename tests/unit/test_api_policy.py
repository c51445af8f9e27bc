import pytest

from alohub_tui.api import (
    ApiTimeout,
    AuthError,
    BadResponse,
    ConnectionFailed,
    RateLimitError,
    RetryPolicy,
    ServerError,
    Timeouts,
    VendorError,
)
from alohub_tui.api.errors import AlohubError

POLICY = RetryPolicy()


def _delay(
    err: AlohubError, attempt: int = 1, idempotent: bool = True, r: float = 0.5
) -> float | None:
    return POLICY.delay_for(err, attempt, idempotent=idempotent, rand=lambda: r)


@pytest.mark.parametrize(
    "err",
    [ServerError(503), ApiTimeout("read"), ConnectionFailed(sent=True), RateLimitError(None)],
)
def test_idempotent_requests_retry_transient_failures(err: AlohubError) -> None:
    assert _delay(err) is not None
    assert _delay(err, attempt=3) is None  # at most 3 attempts


@pytest.mark.parametrize("err", [AuthError(401), VendorError("E", "m"), BadResponse("x")])
def test_permanent_failures_never_retried(err: AlohubError) -> None:
    assert _delay(err) is None


@pytest.mark.parametrize(
    ("err", "retried"),
    [
        (ConnectionFailed(sent=False), True),
        (ApiTimeout("connect"), True),
        (ApiTimeout("pool"), True),
        (ApiTimeout("read"), False),
        (ApiTimeout("write"), False),
        (ConnectionFailed(sent=True), False),
        (ServerError(503), False),
        (RateLimitError(1), False),
    ],
)
def test_unsafe_requests_retry_only_when_never_sent(err: AlohubError, retried: bool) -> None:
    assert (_delay(err, idempotent=False) is not None) is retried


def test_backoff_is_jittered_exponential_and_capped() -> None:
    low = [POLICY.backoff(n, lambda: 0.0) for n in range(1, 10)]
    high = [POLICY.backoff(n, lambda: 1.0) for n in range(1, 10)]
    assert low[:3] == [0.25, 0.5, 1.0]
    assert high[:3] == [0.5, 1.0, 2.0]
    assert max(high) == 5.0 and all(lo <= hi for lo, hi in zip(low, high, strict=True))


def test_retry_after_honoured_up_to_the_cap() -> None:
    assert _delay(RateLimitError(42)) == 42
    assert _delay(RateLimitError(60)) == 60
    assert _delay(RateLimitError(61)) is None  # longer waits go back to the user


def test_policy_and_timeouts_validation() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)
    with pytest.raises(ValueError):
        Timeouts(connect=0)
    t = Timeouts().http(15)
    assert (t.connect, t.read) == (5.0, 15)
    assert (
        RetryPolicy(attempts=1).delay_for(ServerError(500), 1, idempotent=True, rand=lambda: 0)
        is None
    )


def test_default_timeouts_match_the_contract() -> None:
    t = Timeouts()
    assert (t.connect, t.search, t.make_call, t.update_queue, t.recording) == (5, 15, 15, 10, 30)
