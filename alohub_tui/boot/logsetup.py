"""File logging for the TUI (the terminal belongs to the UI), with the key scrubbed."""

from __future__ import annotations

import logging
from pathlib import Path

from alohub_tui.api.secret import Secret
from alohub_tui.privfiles import create_private


class ScrubSecret(logging.Filter):
    """Replace the API key in every formatted record, whatever logged it."""

    def __init__(self, secret: Secret) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secret:
            record.msg = self.secret.scrub(record.getMessage())
            record.args = None
            if record.exc_info and record.exc_info[1] is not None:
                record.exc_text = self.secret.scrub(
                    logging.Formatter().formatException(record.exc_info)
                )
                record.exc_info = None
        return True


def setup_logging(path: Path, secret: Secret, level: int = logging.INFO) -> None:
    """Log to ``path`` (mode 0600), never to the terminal."""
    create_private(path)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ScrubSecret(secret))
    root = logging.getLogger("alohub_tui")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
