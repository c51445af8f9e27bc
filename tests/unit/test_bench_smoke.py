"""Keep bench/ from rotting: import every benchmark, run the cheapest at a toy size.

No timing is asserted (benchmarks live in bench/, not in the test suite).
"""

from __future__ import annotations

import importlib

from bench import run_all
from bench.common import Result, Target, percentile
from bench.sim_search import measure_trivial


def test_every_benchmark_module_imports_and_has_run() -> None:
    for _, module_name in run_all.BENCHMARKS:
        assert callable(importlib.import_module(module_name).run)


def test_table_rows_and_target_logic() -> None:
    fast = Result("x", 50.0, "ms", Target(1.3, on="ratio"), baseline=40.0, baseline_what="b")
    slow = Result("y", 900.0, "rows/s", Target(1000, at_most=False))
    assert fast.passed and fast.ratio == 1.25
    assert slow.passed is False
    assert run_all.row(fast)[-1] == "PASS" and run_all.row(slow)[-1] == "FAIL"
    assert "| what |" in run_all.markdown_table([run_all.row(fast)])
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    paired = Result("z", 50.0, "ms", Target(1.3, on="ratio"), baseline=30.0, paired_ratio=1.1)
    assert paired.ratio == 1.1 and paired.passed  # judged on the paired ratio, not 1.67x


def test_load_generator_against_the_trivial_server_at_toy_size() -> None:
    assert measure_trivial(40) > 0
