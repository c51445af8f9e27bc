"""Exit codes of every alohub-tui command, declared once.

0 success; 1 an API, network or file error; 2 bad usage or config (one line on stderr,
before any UI); 129 the terminal hung up (128 + SIGHUP, as a shell reports it); 130
interrupted with Ctrl-C (128 + SIGINT).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_HANGUP = 128 + 1
EXIT_INTERRUPTED = 128 + 2


class UsageError(ValueError):
    """Bad command-line input: the command exits with :data:`EXIT_USAGE` and this message."""
