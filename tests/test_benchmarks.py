"""The benchmarks still run against the code they measure (no timing is asserted here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_ofac.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_ofac", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_csv_phases_run():
    """The private steps the --phases figures time still take the arguments given them."""
    phases = _bench().csv_phases(runs=1)
    assert list(phases) == ["primary rows (CSV parse included)", "Remarks clauses", "entities"]
    assert all(seconds > 0 for seconds in phases.values())


def test_bare_passes_count_what_the_readers_read(tmp_path):
    """The baselines visit the same files the readers read."""
    bench = _bench()
    assert bench.bare_csv() >= 14_965
    path = bench.stand_in(tmp_path, 1)
    assert bench.bare_xml(path) > 375


def test_zipped_copy_reads_as_the_file(tmp_path):
    """The zipped figure reads the same parties as the file it is compared with."""
    bench = _bench()
    path = bench.stand_in(tmp_path, 1)
    zipped = bench.zipped_copy(path)
    assert len(bench.read(zipped).entities) == len(bench.read(path).entities) == 375
