"""One of two processes claiming the same callbacks at once (tests/e2e/test_callbacks.py).

``python _claim_callbacks.py FOLDER OPERATOR START N``: opens the profile's local store in
FOLDER, waits until the Unix time START (so both processes are ready), then claims the
callbacks of N numbers through the callback desk, as fast as it can. Prints, as JSON,
per number whether this process won and who holds the claim it was told of.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from alohub_tui.callbacks.desk import CallbackDesk, SourceChoice
from alohub_tui.config import CallbacksConfig
from alohub_tui.store.local import open_local_store
from alohub_tui.store.profile import Profile
from alohub_tui.vntime import now_vn


def run(folder: Path, operator: str, start: float, count: int) -> dict[str, object]:
    profile = Profile("hcm", "[profile] name", folder)
    with open_local_store(profile) as store:
        desk = CallbackDesk(store.callbacks, CallbacksConfig(operator=operator), now_vn,
                            SourceChoice("", "two processes"))
        time.sleep(max(0.0, start - time.time()))
        results = {}
        for i in range(count):
            result = desk.claim(f"0912{i:06d}")
            results[f"0912{i:06d}"] = {"won": result.won, "holder": result.claim.operator}
    return {"operator": operator, "results": results, "finished": time.time()}


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]),
                         int(sys.argv[4]))))
