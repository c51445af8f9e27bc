"""``python -m tests.reliability.report``: run the reliability suite, write RELIABILITY.md.

The report is written by the suite's session-finish hook (``conftest.py`` ->
``_render.write_report``) from what the fault matrix observed, so it can only say what
the run saw.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    return subprocess.call(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(Path(__file__).parent)],
        cwd=ROOT,
    )


if __name__ == "__main__":
    sys.exit(main())
