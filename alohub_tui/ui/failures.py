"""One place that turns any failure into words a user can act on (never a traceback)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from alohub_tui.api.errors import AlohubError, OutcomeUnknown
from alohub_tui.api.secret import Secret

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class Failure:
    title: str
    message: str
    severity: Severity = "error"


def describe(exc: BaseException, secret: Secret | None = None) -> Failure:
    """A toast-ready description of ``exc`` with the key scrubbed out."""
    if isinstance(exc, AlohubError):
        severity: Severity = "warning" if isinstance(exc, OutcomeUnknown) else "error"
        failure = Failure(exc.title, exc.message, severity)
    elif isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        failure = Failure("File error", f"{exc.strerror or exc}{where}")
    else:
        failure = Failure(
            "Unexpected error",
            f"{type(exc).__name__}: {exc}. The app is still running; details are in the log.",
        )
    if secret is not None:
        failure = Failure(
            secret.scrub(failure.title), secret.scrub(failure.message), failure.severity
        )
    return failure

