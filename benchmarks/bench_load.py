"""Benchmark loading the bundled dataset.

Run: ``python benchmarks/bench_load.py``.  Prints the time of
``load_default()`` in fresh interpreters (the file read, parsed and the
ledger built; the package import timed apart), and of a second call in the
same process (the parsed objects are cached; the ledger is rebuilt).
Target: ``load_default()`` under 0.3 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

CHILD = """
import time
t0 = time.perf_counter()
import sanctionsmodel
t1 = time.perf_counter()
ledger = sanctionsmodel.load_default()
t2 = time.perf_counter()
sanctionsmodel.load_default()
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, len(ledger.entities), len(ledger.actions))
"""


def main() -> None:
    """Run five fresh interpreters and print medians."""
    runs = []
    for _ in range(5):
        out = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True
        )
        runs.append([float(x) for x in out.stdout.split()])
    imp = statistics.median(r[0] for r in runs)
    cold = statistics.median(r[1] for r in runs)
    warm = statistics.median(r[2] for r in runs)
    entities, actions = int(runs[0][3]), int(runs[0][4])
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - t
    print(f"bundled dataset: {entities:,} entities, {actions:,} actions")
    print(f"import sanctionsmodel:        {imp * 1000:7.1f} ms (median of 5 fresh interpreters)")
    print(f"load_default(), first call:  {cold * 1000:7.1f} ms  (target < 300 ms)")
    print(f"load_default(), second call: {warm * 1000:7.1f} ms  (objects cached, ledger rebuilt)")
    print(f"for scale, a bare interpreter start: {bare * 1000:.0f} ms")


if __name__ == "__main__":
    main()
