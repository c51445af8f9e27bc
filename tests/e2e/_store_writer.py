"""One of two processes writing to one profile at once (tests/e2e/test_profiles.py).

``python _store_writer.py NAME AGENT EXT N``: runs the real one-shot commands in this
process, alternating ``alohub-tui queue AGENT ...`` (one applied change each, a callin
queue that changes every time) and ``alohub-tui call ...`` (one dial each, a number and
transactionId of its own), N of each. Prints, as JSON, when it started and finished
writing and the last body it sent, so the test can check the two overlapped.
"""

from __future__ import annotations

import json
import sys
import time

from alohub_tui.__main__ import main


def run(name: str, agent: str, extension: str, count: int) -> dict[str, object]:
    started = time.time()
    last: list[int] = []
    for i in range(count):
        mask = i % 15 + 1  # the non-empty sets of queues 1-4: each differs from the last
        callin = [queue for queue in range(1, 5) if mask & (1 << (queue - 1))]
        code = main(["queue", agent, "--callin", ",".join(map(str, callin)), "--ext",
                     extension, "--yes"])
        if code != 0:
            raise SystemExit(f"{name}: queue #{i} exited {code}")
        last = callin
        number = f"091{len(name) % 10}{i:06d}"
        code = main(["call", number, "--ext", extension, "--txn", f"{name}_{i:03d}", "--yes"])
        if code != 0:
            raise SystemExit(f"{name}: call #{i} exited {code}")
    return {"started": started, "finished": time.time(), "last_callin": last}


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))))
