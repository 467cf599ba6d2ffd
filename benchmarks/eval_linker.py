"""Precision and recall of the linker against the FSC annex's OFAC matches.

Ground truth is the ``ofac_uid`` column of ``data/rok/fsc-annex-2026-2-entries-473-1066.csv``
(an exact match on OFAC primary names, see ``data/rok/NOTES.md``), minus the two rows whose
match only holds with the name order reversed (``ORDER-REVERSED`` in ``ofac_match_method``):
those, and ``IM, Song Jin`` (52113) with ``리성진`` (KF-877), must stay unlinked.

OFAC entities come from ``data/ofac/sdn-csv-2024-05-03/sdn.csv`` and, where present,
``data/ofac/sdn-csv-excerpt-2026/sdn_excerpt.csv`` (records added after 2024-05, such as
52113-52117), parsed minimally here: primary name, a.k.a./f.k.a./n.k.a. names, DOB,
nationality and passport from the remarks.

Run from the repository root::

    .venv/bin/python benchmarks/eval_linker.py
"""

from __future__ import annotations

import csv
import re
import sys
import time
from pathlib import Path

from sanctionsmodel import Entity, Identifier, Name, PartialDate
from sanctionsmodel.names import LinkDecision, propose_links
from sanctionsmodel.reference import kr_fsc_entity_id, ofac_entity_id
from sanctionsmodel.sources import kr_fsc

ROOT = Path(__file__).resolve().parent.parent
ANNEX = ROOT / "data/rok/fsc-annex-2026-2-entries-473-1066.csv"
OFAC_FILES = (
    ROOT / "data/ofac/sdn-csv-2024-05-03/sdn.csv",
    ROOT / "data/ofac/sdn-csv-excerpt-2026/sdn_excerpt.csv",
)
DPRK_SECTION = range(473, 920)

_ALIAS = re.compile(r"\b([afn])\.k\.a\.\s*'([^']+)'")
_DOB = re.compile(r"\bDOB (?:(\d{1,2}) )?(?:([A-Z][a-z]{2}) )?(\d{4})")
_NATIONALITY = re.compile(r"\bnationality ([^;.]+)")
_PASSPORT = re.compile(r"\bPassport ([A-Z0-9-]+)")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
_KINDS = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}
_NAME_KINDS = {"a": "aka", "f": "fka", "n": "nka"}


def _null(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def ofac_entities(paths: tuple[Path, ...] = OFAC_FILES) -> list[Entity]:
    """Parse OFAC sdn.csv files minimally; later files replace earlier records."""
    out: dict[str, Entity] = {}
    for path in paths:
        if not path.exists():
            continue
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            for row in csv.reader(handle):
                if len(row) < 12 or not row[0].strip().isdigit():
                    continue
                remarks = _null(row[11])
                names = [Name(text=_null(row[1]))]
                for kind, text in _ALIAS.findall(remarks):
                    if text.strip():
                        names.append(Name(text=text.strip(), kind=_NAME_KINDS[kind]))
                dobs = []
                for day, month, year in _DOB.findall(remarks):
                    try:
                        dobs.append(
                            PartialDate(
                                year=int(year),
                                month=_MONTHS.get(month),
                                day=int(day) if day and month else None,
                            )
                        )
                    except ValueError:
                        continue
                entity_id = ofac_entity_id(row[0])
                out[entity_id] = Entity(
                    id=entity_id,
                    kind=_KINDS.get(_null(row[2]), "organization"),
                    names=names,
                    birth_dates=dobs,
                    nationalities=[n.strip() for n in _NATIONALITY.findall(remarks)],
                    identifiers=[
                        Identifier(scheme="passport", value=p) for p in _PASSPORT.findall(remarks)
                    ],
                    source=str(path.relative_to(ROOT)),
                )
    return list(out.values())


def ground_truth() -> tuple[dict[str, str], set[tuple[str, str]]]:
    """The expected OFAC id of each annex entry, and the pairs that must stay unlinked."""
    truth: dict[str, str] = {}
    never = {(ofac_entity_id(52113), kr_fsc_entity_id(877))}
    with ANNEX.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["ofac_uid"].strip():
                continue
            pair = (ofac_entity_id(row["ofac_uid"]), kr_fsc_entity_id(row["entry_no"]))
            if "ORDER-REVERSED" in row["ofac_match_method"]:
                never.add(pair)
            else:
                truth[pair[1]] = pair[0]
    return truth, never


def main() -> int:
    """Print precision and recall, overall and on the DPRK section."""
    started = time.perf_counter()
    ofac = ofac_entities()
    annex = kr_fsc.read(ANNEX)
    known = {e.id for e in ofac}
    truth, never = ground_truth()
    proposals = propose_links(ofac, annex.entities)
    elapsed = time.perf_counter() - started
    accepted = {(p.link.left, p.link.right) for p in proposals if p.decision is LinkDecision.ACCEPT}
    rejected = {(p.link.left, p.link.right) for p in proposals if p.decision is LinkDecision.REJECT}
    print(f"OFAC entities: {len(ofac)}; annex entries: {len(annex.entities)}; {elapsed:.1f} s")
    print(
        f"proposals: {len(proposals)} ({len(accepted)} accepted, {len(rejected)} rejected, "
        f"{len(proposals) - len(accepted) - len(rejected)} for review)"
    )
    failures = 0
    for label, section in (("DPRK section KF-473..919", DPRK_SECTION), ("all", range(1, 10**6))):
        ids = {kr_fsc_entity_id(n) for n in section}
        expected = {(u, k) for k, u in truth.items() if k in ids and u in known}
        labelled = {k for k in truth if k in ids}
        got = {(u, k) for u, k in accepted if k in ids}
        on_labelled = {(u, k) for u, k in got if k in labelled}
        correct = got & expected
        precision = len(correct) / len(on_labelled) if on_labelled else 1.0
        recall = len(correct) / len(expected) if expected else 1.0
        extra = sorted(got - on_labelled)
        print(f"\n{label}:")
        print(f"  ground-truth pairs with the OFAC record loaded: {len(expected)}")
        print(
            f"  precision on labelled entries: {precision:.4f} ({len(correct)}/{len(on_labelled)})"
        )
        print(f"  recall: {recall:.4f} ({len(correct)}/{len(expected)})")
        print(f"  accepted links on entries without a label (not counted): {len(extra)}")
        for pair in sorted(on_labelled - correct):
            print(f"    WRONG {pair} (expected {truth[pair[1]]})")
        for pair in sorted(expected - got):
            print(f"    MISSED {pair}")
        for pair in extra:
            print(f"    unlabelled {pair}")
        if label.startswith("DPRK") and (precision < 0.99 or recall < 0.95):
            failures += 1
    bad = accepted & never
    print(f"\nmust-not-link pairs accepted: {sorted(bad) or 'none'}")
    print(f"must-not-link pairs rejected outright: {sorted(never & rejected)}")
    return 1 if bad or failures else 0


if __name__ == "__main__":
    sys.exit(main())
