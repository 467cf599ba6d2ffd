"""Search speed and recall: NameIndex against a brute-force rapidfuzz scan.

The haystack is the bundled ROK annex table (``data/rok/…-entries-473-1066.csv``) plus the
full OFAC SDN publication of 2024-05-03 (``data/ofac/sdn-csv-2024-05-03/sdn.csv``, primary
names and the a.k.a./f.k.a./n.k.a. names of its remarks).  The queries
(``benchmarks/queries.csv``) are built from that data with a fixed seed: one-letter
misspellings, romanization variants of Hangul names (RR, MR, DPRK, ROK surname spellings),
Latin names with the given name first, and hyphen and spacing variants.  Each query names the
entities that count as a hit.

The brute-force baseline normalizes every name once and, per query, scores all of them with
``rapidfuzz.process.extract(..., scorer=fuzz.WRatio)``, keeping the best 10 entities.

Run from the repository root::

    .venv/bin/python benchmarks/bench_search.py              # uses benchmarks/queries.csv
    .venv/bin/python benchmarks/bench_search.py --regenerate # rebuilds it first
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from sanctionsmodel import Entity
from sanctionsmodel.names import NameIndex, Romanization, normalize, romanize_name
from sanctionsmodel.names._hangul import is_syllable, split_name, surname_spellings
from sanctionsmodel.sources import kr_fsc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_linker import ANNEX, ROOT, ofac_entities

QUERIES = ROOT / "benchmarks/queries.csv"
SDN = (ROOT / "data/ofac/sdn-csv-2024-05-03/sdn.csv",)
LIMIT = 10
SEED = 20260122


def haystack() -> list[Entity]:
    """The ROK annex entities and the OFAC SDN entities of 2024-05-03."""
    return [*kr_fsc.read(ANNEX).entities, *ofac_entities(SDN)]


def _misspell(text: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 6:
        return text
    i = rng.choice(letters[1:-1])
    op = rng.choice(("swap", "drop", "replace", "double"))
    if op == "swap" and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == "drop":
        return text[:i] + text[i + 1 :]
    if op == "double":
        return text[:i] + text[i] + text[i:]
    vowels = "aeiou"
    pool = vowels if text[i].lower() in vowels else "bcdfghklmnprstvz"
    return text[:i] + rng.choice(pool.replace(text[i].lower(), "")) + text[i + 1 :]


def build_queries(entities: list[Entity]) -> list[tuple[str, str, str]]:
    """(query, kind, target entity id) triples, built from the data with a fixed seed."""
    rng = random.Random(SEED)
    out: list[tuple[str, str, str]] = []
    rok = [e for e in entities if e.id.startswith("kr-fsc:")]
    ofac = [e for e in entities if e.id.startswith("us-ofac:")]
    for entity in rok:
        for name in entity.names:
            if name.script == "Hang" and entity.kind.value == "individual":
                compact = "".join(name.text.split())
                if 2 < len(compact) <= 4 and all(is_syllable(c) for c in compact):
                    system = rng.choice(list(Romanization))
                    out.append(
                        (romanize_name(compact, system), f"romanization-{system.value}", entity.id)
                    )
                    surname, given = split_name(compact)
                    spelling = rng.choice(surname_spellings(surname))
                    rest = romanize_name(compact, Romanization.RR).split(" ", 1)[1]
                    out.append((f"{spelling} {rest}", "rok-surname", entity.id))
    for entity in rng.sample(rok, 150):
        name = rng.choice(entity.names)
        if name.script == "Latn":
            out.append((_misspell(name.text, rng), "misspelling", entity.id))
    for entity in rng.sample(ofac, 400):
        name = entity.names[0]
        out.append((_misspell(name.text, rng), "misspelling", entity.id))
        if entity.kind.value == "individual" and name.text.count(",") == 1:
            surname, given = name.text.split(",")
            out.append((f"{given.strip()} {surname.strip().title()}", "given-first", entity.id))
            out.append((f"{surname.strip()} {given.strip().replace(' ', '')}", "joined", entity.id))
    return out


def load_queries(entities: list[Entity], *, regenerate: bool) -> list[tuple[str, str, str]]:
    """Read benchmarks/queries.csv, building it first if asked or missing."""
    if regenerate or not QUERIES.exists():
        rows = build_queries(entities)
        with QUERIES.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(("query", "kind", "target"))
            writer.writerows(rows)
    with QUERIES.open(encoding="utf-8", newline="") as handle:
        return [(r["query"], r["kind"], r["target"]) for r in csv.DictReader(handle)]


def main() -> int:
    """Print timings and recall@10 of both searches, overall and by query kind."""
    entities = haystack()
    queries = load_queries(entities, regenerate="--regenerate" in sys.argv)
    started = time.perf_counter()
    index = NameIndex.build(entities)
    built = time.perf_counter() - started
    choices = [normalize(n.text) for e in entities for n in e.names]
    owners = [e.id for e in entities for _ in e.names]
    print(f"entities {len(entities)}, names {len(choices)}, queries {len(queries)}")
    print(f"index build {built:.2f} s")

    def brute(query: str) -> list[str]:
        found: list[str] = []
        hits = process.extract(normalize(query), choices, scorer=fuzz.WRatio, limit=LIMIT * 5)
        for _, _, position in hits:
            if owners[position] not in found:
                found.append(owners[position])
        return found[:LIMIT]

    def ours(query: str) -> list[str]:
        return [m.entity_id for m in index.search(query, limit=LIMIT)]

    results: dict[str, dict[str, list[bool]]] = {}
    for label, fn in (("NameIndex.search", ours), ("brute-force WRatio", brute)):
        times: list[float] = []
        hits: dict[str, list[bool]] = {}
        for query, kind, target in queries:
            t0 = time.perf_counter()
            found = fn(query)
            times.append(time.perf_counter() - t0)
            hits.setdefault(kind, []).append(target in found)
        results[label] = hits
        total = [h for v in hits.values() for h in v]
        print(
            f"\n{label}: median {statistics.median(times) * 1000:.3f} ms, "
            f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.3f} ms, "
            f"recall@{LIMIT} {sum(total) / len(total):.4f}"
        )
        for kind, values in sorted(hits.items()):
            print(f"  {kind:28} {sum(values):4}/{len(values):4} = {sum(values) / len(values):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
