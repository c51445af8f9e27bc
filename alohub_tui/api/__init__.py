"""The Alohub API layer: client, typed models and errors, pure helpers. No Textual here."""

from .client import AlohubClient, Progress, RequestHook
from .errors import (
    AlohubError,
    ApiTimeout,
    AuthError,
    BadResponse,
    ConnectionFailed,
    ForeignHostError,
    InvalidInput,
    MaybeApplied,
    NotFoundError,
    OutcomeUnknown,
    RateLimitError,
    ServerError,
    VendorError,
)
from .models import (
    VN_TZ,
    Agent,
    CallRecord,
    MakeCallResult,
    Queue,
    SearchCriteria,
    SearchPage,
)
from .payloads import make_call_body, update_queue_body
from .phone import PhoneCheck, normalise_phone, validate_extension
from .policy import RetryPolicy, Timeouts
from .secret import Secret
from .txn import new_transaction_id

__all__ = [
    "VN_TZ",
    "Agent",
    "AlohubClient",
    "AlohubError",
    "ApiTimeout",
    "AuthError",
    "BadResponse",
    "CallRecord",
    "ConnectionFailed",
    "ForeignHostError",
    "InvalidInput",
    "MakeCallResult",
    "MaybeApplied",
    "NotFoundError",
    "OutcomeUnknown",
    "PhoneCheck",
    "Progress",
    "Queue",
    "RateLimitError",
    "RequestHook",
    "RetryPolicy",
    "SearchCriteria",
    "SearchPage",
    "Secret",
    "ServerError",
    "Timeouts",
    "VendorError",
    "make_call_body",
    "new_transaction_id",
    "normalise_phone",
    "update_queue_body",
    "validate_extension",
]
