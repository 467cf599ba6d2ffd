"""Benchmark the ledger: build speed, point queries, snapshots, memory.

Run: ``python benchmarks/bench_ledger.py`` (add ``--sizes 10000 100000`` to
skip the 1M ledger).  Synthetic ledgers mix the real shapes: most entities
designated once under one program, some amended (a program added, one
removed), some delisted, some relisted, a tenth with window-dated designations,
two lists in different time zones.

Figures printed: ledger build rate (actions/s), median and p95 of
``status`` and ``lists_holding``, ``snapshot`` time, memory per
designation, and the 1M/10k ratio of the ``status`` median (the index
must grow logarithmically or better, not linearly).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from sanctionsmodel import Action, Entity, Ledger, Name, Window, reference

PROGRAMS = ("DPRK2", "DPRK3", "DPRK4", "NPWMD", "RUSSIA-EO14024", "SYRIA", "SDGT", "IRAN")
START = date(2000, 1, 1)


def _rss_bytes() -> int:
    """Resident memory of this process (Linux), or 0 where unknown."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    import os  # noqa: PLC0415 - only where /proc exists

    return pages * os.sysconf("SC_PAGE_SIZE")


def make_history(n: int, seed: int = 7) -> tuple[list[Entity], list[Action]]:
    """Entities and actions giving about ``n`` designations."""
    rng = random.Random(seed)
    entities: list[Entity] = []
    actions: list[Action] = []
    count = 0
    i = 0
    while count < n:
        eid = f"e:{i}"
        entities.append(Entity(id=eid, kind="organization", names=[Name(text=f"COMPANY {i}")]))
        list_id = "us-ofac-sdn" if i % 3 else "kr-fsc-ftr"
        program = PROGRAMS[i % len(PROGRAMS)] if list_id == "us-ofac-sdn" else "KR-TFPA"
        day = START + timedelta(days=rng.randrange(0, 9000))
        if i % 10 == 0:
            effective: object = Window(
                earliest=day, latest=day + timedelta(days=rng.randrange(1, 200))
            )
        else:
            effective = day
        rec = day + timedelta(days=200)
        actions.append(
            Action(
                id=f"d:{i}",
                kind="designate",
                list=list_id,
                entities=[eid],
                programs=[program],
                effective=effective,
                recorded=rec,
            )
        )
        count += 1
        r = rng.random()
        if r < 0.1 and list_id == "us-ofac-sdn":
            other = PROGRAMS[(i + 1) % len(PROGRAMS)]
            actions.append(
                Action(
                    id=f"m:{i}",
                    kind="amend",
                    list=list_id,
                    entities=[eid],
                    programs=[other],
                    effective=rec + timedelta(days=30),
                    recorded=rec + timedelta(days=30),
                )
            )
            count += 1
        elif r < 0.2:
            end = rec + timedelta(days=rng.randrange(1, 1000))
            actions.append(
                Action(
                    id=f"x:{i}",
                    kind="delist",
                    list=list_id,
                    entities=[eid],
                    effective=end,
                    recorded=end,
                )
            )
            if r < 0.13:
                again = end + timedelta(days=rng.randrange(1, 500))
                actions.append(
                    Action(
                        id=f"r:{i}",
                        kind="designate",
                        list=list_id,
                        entities=[eid],
                        programs=[program],
                        effective=again,
                        recorded=again,
                    )
                )
                count += 1
        i += 1
    rng.shuffle(actions)
    return entities, actions


def _median_us(samples: list[int]) -> float:
    return statistics.median(samples) / 1000


def _p95_us(samples: list[int]) -> float:
    return sorted(samples)[int(len(samples) * 0.95)] / 1000


def bench(n: int, queries: int) -> dict[str, float]:
    """Build a ledger of about ``n`` designations and time the queries."""
    entities, actions = make_history(n)
    ledger = Ledger()
    ledger.add(*reference.standard_objects())
    ledger.add(*(reference.ofac_program(p) for p in PROGRAMS))
    ledger.add(*entities)
    gc.collect()
    rss0 = _rss_bytes()
    t0 = time.perf_counter()
    ledger.extend(actions)
    build = time.perf_counter() - t0
    # Lone designations are derived lazily; derive every episode now, so that
    # the memory figure covers the whole derived state.
    t0 = time.perf_counter()
    designations = sum(
        len(eps)
        for e in entities
        for eps in ledger._episodes_of(e.id).values()  # noqa: SLF001
    )
    derive = time.perf_counter() - t0
    gc.collect()
    rss1 = _rss_bytes()

    rng = random.Random(1)
    ids = [e.id for e in entities]
    days = [START + timedelta(days=rng.randrange(0, 10000)) for _ in range(queries)]
    picks = [rng.choice(ids) for _ in range(queries)]
    status_ns: list[int] = []
    holding_ns: list[int] = []
    for eid, day in zip(picks, days, strict=True):
        list_id = "kr-fsc-ftr" if int(eid[2:]) % 3 == 0 else "us-ofac-sdn"
        t = time.perf_counter_ns()
        ledger.status(eid, list_id, on=day)
        status_ns.append(time.perf_counter_ns() - t)
        t = time.perf_counter_ns()
        ledger.lists_holding(eid, on=day)
        holding_ns.append(time.perf_counter_ns() - t)

    t = time.perf_counter()
    ledger.snapshot("us-ofac-sdn", on=date(2020, 1, 1))
    snap_first = time.perf_counter() - t  # builds the list's interval index
    snap_ns = []
    for year in (2005, 2012, 2020, 2026):
        t = time.perf_counter_ns()
        snap = ledger.snapshot("us-ofac-sdn", on=date(year, 6, 1))
        snap_ns.append(time.perf_counter_ns() - t)
    return {
        "designations": designations,
        "actions": len(actions),
        "build_s": build,
        "derive_s": derive,
        "actions_per_s": len(actions) / build,
        "status_med_us": _median_us(status_ns),
        "status_p95_us": _p95_us(status_ns),
        "holding_med_us": _median_us(holding_ns),
        "holding_p95_us": _p95_us(holding_ns),
        "snapshot_index_s": snap_first,
        "snapshot_med_ms": statistics.median(snap_ns) / 1e6,
        "snapshot_size": len(snap.listed),
        "bytes_per_designation": (rss1 - rss0) / designations if rss0 else float("nan"),
    }


def main() -> None:
    """Run the benchmark at each size and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    rows = {}
    for n in args.sizes:
        rows[n] = bench(n, args.queries)
        r = rows[n]
        print(
            f"n={n:>9,}  designations={r['designations']:>9,}  actions={r['actions']:>9,}  "
            f"build={r['build_s']:.2f}s ({r['actions_per_s']:,.0f} actions/s); "
            f"deriving the lazy episodes after: {r['derive_s']:.2f}s"
        )
        print(
            f"    status median {r['status_med_us']:.1f} us (p95 {r['status_p95_us']:.1f})  "
            f"lists_holding median {r['holding_med_us']:.1f} us (p95 {r['holding_p95_us']:.1f})"
        )
        print(
            f"    snapshot: first call (builds index) {r['snapshot_index_s'] * 1000:.0f} ms, "
            f"then median {r['snapshot_med_ms']:.1f} ms for ~{r['snapshot_size']:,} listed  "
            f"memory {r['bytes_per_designation']:,.0f} B/designation "
            "(RSS delta of build + derivation; entities not counted)"
        )
    small, large = min(rows), max(rows)
    if small != large:
        ratio = rows[large]["status_med_us"] / rows[small]["status_med_us"]
        hratio = rows[large]["holding_med_us"] / rows[small]["holding_med_us"]
        print(f"status median {large:,} / {small:,}: {ratio:.2f}x  (target <= 3x)")
        print(f"lists_holding median {large:,} / {small:,}: {hratio:.2f}x")


if __name__ == "__main__":
    main()
