"""Benchmark loading the bundled dataset.

Run: ``python benchmarks/bench_load.py``.  Prints the time of
``load_default()`` in fresh interpreters (the file read, parsed and the
ledger built; the package import timed apart), and of a second call in the
same process (the parsed objects are cached; the ledger is rebuilt).
Target: ``load_default()`` under 0.3 s.

Then, for a ledger file of the size a user imports (``import ofac`` of the
SDN CSV sets of 2024-05-02 and 2024-05-03: about 15,000 entities and
15,000 actions), the time of ``load_ledger`` (every line validated into the
model, the ledger built) against ``json.loads`` of every line, in this
process: what a query with ``--data`` pays before it answers; and whole
commands on it, each in a fresh interpreter (the best of 3): ``who`` of a
name it holds and of one it lacks (which searches every name for the
closest), ``lists``.  No target.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "ofac"

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
    imported_ledger()


def imported_ledger() -> None:
    """Time load_ledger on an imported SDN ledger against a bare json.loads of its lines."""
    from sanctionsmodel import serialize  # noqa: PLC0415 - after the fresh-interpreter runs
    from sanctionsmodel.sources import replay  # noqa: PLC0415
    from sanctionsmodel.sources.ofac import read  # noqa: PLC0415

    pubs = [read(DATA / f"sdn-csv-{day}", observed=day) for day in ("2024-05-02", "2024-05-03")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sdn.jsonl"
        ledger = replay(pubs)
        serialize.dump_ledger(ledger, path)
        size = path.stat().st_size

        def bare() -> int:
            with path.open(encoding="utf-8") as fh:
                return sum(1 for line in fh if json.loads(line))

        base = ours = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            bare()
            base = min(base, time.perf_counter() - t)
            t = time.perf_counter()
            serialize.load_ledger(path)
            ours = min(ours, time.perf_counter() - t)
        print(
            f"imported SDN ledger: {len(ledger.entities):,} entities, {len(ledger.actions):,} "
            f"actions, {size / 1e6:.1f} MB"
        )
        print(f"  json.loads of every line   {base * 1000:7.1f} ms")
        print(f"  load_ledger                {ours * 1000:7.1f} ms   ratio {ours / base:5.1f}x")
        for argv in (["who", "KIM, Yong Su"], ["who", "KIM Yong"], ["lists"]):
            took = min(_command(path, argv) for _ in range(3))
            print(f"  sanctionsmodel {' '.join(argv):<16} {took * 1000:7.1f} ms (whole process)")


def _command(ledger: Path, argv: list[str]) -> float:
    """The wall time of one command-line run on ``ledger``, in a fresh interpreter."""
    t = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-m", "sanctionsmodel", *argv, "--data", str(ledger)],
        capture_output=True,
        check=False,  # the name it lacks exits 1
    )
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
