"""The Alohub API layer: client, typed models and errors, pure helpers. No Textual here.

Names are exported on first use (PEP 562): importing ``alohub_tui.api.errors`` or
``.phone`` must not load httpx through this package, which keeps the TUI's cold start
short (the HTTP client is created after the first frame).
"""

from alohub_tui.lazy import lazy_exports

_EXPORTS = {
    "Agent": "models",
    "AlohubClient": "client",
    "AlohubError": "errors",
    "ApiTimeout": "errors",
    "AuthError": "errors",
    "BadResponse": "errors",
    "CallRecord": "models",
    "ConnectionFailed": "errors",
    "ForeignHostError": "errors",
    "InvalidInput": "errors",
    "MakeCallResult": "models",
    "MaybeApplied": "errors",
    "NotFoundError": "errors",
    "OutcomeUnknown": "errors",
    "PhoneCheck": "phone",
    "Progress": "client",
    "Queue": "models",
    "RateLimitError": "errors",
    "RequestHook": "client",
    "RetryPolicy": "policy",
    "SearchCriteria": "models",
    "SearchPage": "models",
    "Secret": "secret",
    "ServerError": "errors",
    "Timeouts": "policy",
    "VendorError": "errors",
    "make_call_body": "payloads",
    "new_transaction_id": "txn",
    "normalise_phone": "phone",
    "update_queue_body": "payloads",
    "validate_extension": "phone",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
