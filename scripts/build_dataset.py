"""Build the bundled dataset, ``src/sanctionsmodel/data/default.jsonl``.

Run from the repository root::

    python scripts/build_dataset.py           # write the file
    python scripts/build_dataset.py --check   # fail if the shipped file differs

Inputs are the real source files under ``data/`` (see ``data/ofac/SOURCES.md``
and ``data/rok/SOURCES.md``); nothing is downloaded and nothing outside the
repository is read.  The build is deterministic: the same inputs give the same
bytes.  What goes in, and why each date is what it is, is described in
``docs/data.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import itertools
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import attrs

from sanctionsmodel import (
    Action,
    Confidence,
    Entity,
    Identifier,
    Ledger,
    Link,
    Name,
    NameKind,
    Window,
    reference,
    serialize,
)
from sanctionsmodel.names import LinkDecision, name_keys, normalize, propose_links
from sanctionsmodel.sources import kr_fsc, ofac
from sanctionsmodel.sources._history import PROGRAM_FEATURE, programs_of

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
OUT = ROOT / "src" / "sanctionsmodel" / "data" / "default.jsonl"

ANNEX_CSV = DATA / "rok" / "fsc-annex-2026-2-entries-473-1066.csv"
ROUNDS_CSV = DATA / "rok" / "rok-rounds.csv"
ROUND_2024_12_17_CSV = DATA / "rok" / "designations-2024-12-17.csv"
#: Notice 2026-2 is in force from this day: every entry of its annex is listed by then.
NOTICE_2026_2_ISSUED = date(2026, 1, 14)
NOTICE_2026_2_EFFECTIVE = date(2026, 1, 22)
#: The third-party OFAC name snapshot the annex transcription was matched against.
SNAPSHOT_B = date(2026, 8, 7)
SNAPSHOT_B_SOURCE = (
    "OFAC SDN names and programs as of 2026-08-07 (snapshot built from sdn.csv; "
    "taehodook/aml-insight briefing/sanctions_snapshot.json, recorded in the annex transcription)"
)


@dataclass(frozen=True)
class Observation:
    """One OFAC publication we hold, and whether it is complete for presence."""

    day: date
    label: str
    folder: Path
    primary: str | None  # sdn.csv file name when the folder has one
    presence_file: str  # the file whose ent_nums tell presence


OBSERVATIONS = (
    Observation(
        date(2021, 7, 7),
        "sdn.csv of 2021-07-07",
        DATA / "ofac/sdn-csv-set-2021-07",
        "sdn.csv",
        "sdn.csv",
    ),
    Observation(
        date(2024, 5, 2),
        "sdn.csv of 2024-05-02",
        DATA / "ofac/sdn-csv-2024-05-02",
        "sdn.csv",
        "sdn.csv",
    ),
    Observation(
        date(2024, 5, 3),
        "sdn.csv of 2024-05-03",
        DATA / "ofac/sdn-csv-2024-05-03",
        "sdn.csv",
        "sdn.csv",
    ),
    Observation(
        date(2025, 1, 3), "add.csv of 2025-01-03", DATA / "ofac/add-alt-2025-01-03", None, "add.csv"
    ),
    Observation(
        date(2025, 1, 6), "add.csv of 2025-01-06", DATA / "ofac/add-alt-2025-01-06", None, "add.csv"
    ),
    Observation(
        date(2025, 12, 24),
        "add.csv of 2025-12-24",
        DATA / "ofac/add-alt-comments-2025-12",
        None,
        "add.csv",
    ),
    Observation(
        date(2026, 6, 2), "add.csv of 2026-06-02", DATA / "ofac/add-alt-2026", None, "add.csv"
    ),
)
EXCERPT = DATA / "ofac/sdn-csv-excerpt-2026/sdn_excerpt.csv"
LATEST_ADD_ALT = DATA / "ofac/add-alt-2026"

# Exact US dates that sources establish (press on the Treasury actions).
# ent_num -> (date, source, confidence); used only where the publications agree.
US_2024_12_16 = (
    "US Treasury action of 2024-12-16 (Reuters/Yonhap/Korea Herald reports of 2024-12-16/17)"
)
US_2024_09_19 = "US Treasury action of 2024-09-19 (press reports of 2024-09-19)"
US_EXACT: dict[int, tuple[date, str, Confidence]] = {
    47148: (date(2024, 12, 16), US_2024_12_16 + ": Golden Triangle Bank", Confidence.HIGH),
    48219: (date(2024, 12, 16), US_2024_12_16 + ": Korea Mandal Credit Bank", Confidence.HIGH),
    48220: (date(2024, 12, 16), US_2024_12_16 + ": Choe Chol Ryong", Confidence.MEDIUM),
    52113: (
        date(2024, 12, 16),
        US_2024_12_16 + ": IM Song Jin (rok/NOTES.md section 7)",
        Confidence.HIGH,
    ),
    52114: (date(2024, 12, 16), US_2024_12_16 + ": KIM Yong Bok", Confidence.HIGH),
    52116: (
        date(2024, 12, 16),
        US_2024_12_16 + ": RO Kwang Chol (rok/NOTES.md section 7)",
        Confidence.HIGH,
    ),
    52117: (
        date(2024, 12, 16),
        US_2024_12_16 + ": PAK Jong Chon (rok/NOTES.md section 7)",
        Confidence.HIGH,
    ),
    52118: (date(2024, 12, 16), US_2024_12_16 + ": Novosibirskoblgaz", Confidence.HIGH),
    52119: (date(2024, 12, 16), US_2024_12_16 + ": Vostok Trading", Confidence.HIGH),
    52120: (date(2024, 12, 16), US_2024_12_16 + ": DV Ink", Confidence.HIGH),
    52121: (date(2024, 12, 16), US_2024_12_16 + ": Sibregiongaz", Confidence.HIGH),
    52131: (date(2024, 12, 16), US_2024_12_16 + ": Okryu Trading Company", Confidence.HIGH),
    50603: (date(2024, 9, 19), US_2024_09_19 + ": Dmitry Nikulin, TSMRBank", Confidence.MEDIUM),
    50604: (date(2024, 9, 19), US_2024_09_19 + ": MRB Bank", Confidence.HIGH),
    50607: (date(2024, 9, 19), US_2024_09_19 + ": Stroytreyd", Confidence.HIGH),
    50610: (date(2024, 9, 19), US_2024_09_19 + ": Timer Bank", Confidence.HIGH),
}
# Program changes dated by the press (the 2024-09-19 DPRK3 action re-tagged old records).
US_AMEND_EXACT: dict[int, tuple[date, str, Confidence]] = {
    24026: (
        date(2024, 9, 19),
        US_2024_09_19 + ": Russian Financial Corporation re-tagged",
        Confidence.MEDIUM,
    ),
    22488: (date(2024, 9, 19), US_2024_09_19 + ": TSMRBank re-tagged", Confidence.MEDIUM),
}
# Seed parties (the news reports the project started from) and their neighbours.
SEED_ENT_NUMS = (
    24026, 47148, 48219, 48220, 50603, 50604, 50607, 50610,
    52113, 52114, 52115, 52116, 52117, 52118, 52119, 52120, 52121, 52131,
    15603, 11581, 22488,
)  # fmt: skip
# Vessels the ROK barred from its ports in 2024, as its announcements name them.
ROK_VESSELS = {
    "R2024-04-02": ("LADY R", "ANGARA"),
    "R2024-06-27": ("PATRIOT", "NEPTUN", "BELLA", "BOGATYR"),
}
# Rounds whose MOFA announcement cites both the FX Act guideline and the TFPA (rok/NOTES.md s.2).
NON_DPRK_ROUNDS = ("NONDPRK-", "R2025-", "R2026-")


# -- small helpers -------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _ent_nums(path: Path) -> set[int]:
    out: set[int] = set()
    with path.open(encoding="latin-1", newline="") as stream:
        for row in csv.reader(stream):
            if row and row[0].strip().isdigit():
                out.add(int(row[0]))
    return out


def _rows_by_ent(path: Path) -> dict[int, list[str]]:
    """The raw lines of a headerless OFAC CSV, by ent_num (text kept byte for byte)."""
    out: dict[int, list[str]] = {}
    raw = path.read_bytes().decode("latin-1").replace("\x1a", "")
    for line in io.StringIO(raw, newline=""):
        if not line.strip():
            continue
        head = line.split(",", 1)[0].strip()
        if head.isdigit():
            out.setdefault(int(head), []).append(line.rstrip("\r\n"))
    return out


def _quote(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


# -- ROK -------------------------------------------------------------------------


@dataclass
class Round:
    """One ROK designation round of rok-rounds.csv."""

    id: str
    first: int
    last: int
    announced: date | None
    effective: date | None
    confidence: Confidence
    basis: str
    vessels: tuple[str, ...] = field(default=())


def _rounds() -> list[Round]:
    rounds = [
        Round(
            id=row["round_id"],
            first=int(row["annex_first"].removeprefix("KF-")),
            last=int(row["annex_last"].removeprefix("KF-")),
            announced=_day(row["announced_date"]),
            effective=_day(row["effective_date"]),
            confidence=Confidence(row["confidence"]),
            basis=row["basis_and_sources"],
            vessels=ROK_VESSELS.get(row["round_id"], ()),
        )
        for row in _read_csv(ROUNDS_CSV)
    ]
    rounds.sort(key=lambda r: r.first)
    return rounds


def _round_effective(rounds: list[Round], i: int) -> date | Window:
    """A round's effective day, or the window its neighbours bound it to.

    Entries are appended to the annex in order, so a round took effect no
    earlier than any earlier round was announced or took effect, and no later
    than any later round took effect; every entry of notice 2026-2 is in force
    by 2026-01-22.
    """
    r = rounds[i]
    if r.effective is not None:
        return r.effective
    lower = r.announced
    lower_why = f"announced {r.announced} (MOFA)" if r.announced else ""
    if lower is None:
        for prev in reversed(rounds[:i]):
            bound = prev.effective or prev.announced
            if bound is not None:
                lower = bound
                lower_why = (
                    f"after round {prev.id} ({bound}), whose entries precede it in the annex"
                )
                break
    upper, upper_why = NOTICE_2026_2_EFFECTIVE, "in force by 2026-01-22 (FSC notice 2026-2)"
    for nxt in rounds[i + 1 :]:
        if nxt.effective is not None:
            upper = nxt.effective
            upper_why = (
                f"before round {nxt.id} took effect ({nxt.effective}); "
                "its entries follow in the annex"
            )
            break
    evidence = [e for e in (lower_why, upper_why) if e]
    return Window(earliest=lower, latest=upper, evidence=evidence)


def _rok_entities() -> tuple[list[Entity], dict[str, dict[str, str]]]:
    # Read by the path relative to the repository: sources name it, and the
    # build must give the same bytes in any clone.
    with contextlib.chdir(ROOT):
        pub = kr_fsc.read_csv(ANNEX_CSV.relative_to(ROOT))
    press = {r["fsc_annex_entry"]: r for r in _read_csv(ROUND_2024_12_17_CSV)}
    source = (
        "ROK MOFA announcement of 2024-12-17, as reported (data/rok/designations-2024-12-17.csv)"
    )
    out = []
    for entity in pub.entities:
        row = press.get(entity.id.removeprefix("kr-fsc:"))
        named = entity if row is None else _add_press_names(entity, row, source)
        out.append(_without_programs(named))
    return out, press


def _add_press_names(entity: Entity, row: dict[str, str], source: str) -> Entity:
    """Add the names the ROK's announcement used where the annex has Hangul only or a stub."""
    names = list(entity.names)
    truncated = row["name_latin_fsc_annex"].endswith("(annex parse truncated)")
    if truncated:
        stub = row["name_latin_fsc_annex"].split(" (")[0]
        names = [n for n in names if n.text != stub]  # a parser artefact, not a name
    if not any(n.script == "Latn" for n in names):
        for variant in row["name_latin_variants_press"].split(";"):
            text = variant.strip()
            if text and not text.startswith("'") and "(" not in text:
                names.append(Name(text=text, kind=NameKind.AKA, source=source))
    hangul_source = row["name_hangul_source"]
    if hangul_source.startswith("press"):
        for raw in row["name_hangul"].split("|"):
            text = raw.strip()
            if text and all(n.text != text for n in names):
                names.append(Name(text=text, kind=NameKind.AKA, source=hangul_source))
    return attrs.evolve(entity, names=tuple(names))


def _without_programs(entity: Entity) -> Entity:
    """The record without program features: programs live in the dated actions."""
    features = tuple(f for f in entity.features if f.type != PROGRAM_FEATURE)
    return attrs.evolve(entity, features=features)


def _rok_actions(rounds: list[Round], present: set[str]) -> list[Action]:
    actions = []
    for i, r in enumerate(rounds):
        entities = [f"kr-fsc:KF-{n}" for n in range(r.first, r.last + 1)]
        missing = [e for e in entities if e not in present]
        if missing:
            msg = f"round {r.id} names entries the annex lacks: {missing}"
            raise SystemExit(msg)
        dprk = not r.id.startswith(NON_DPRK_ROUNDS)
        programs = ["KR-TFPA", "KR-FETA"] if dprk else ["KR-TFPA"]
        effective = _round_effective(rounds, i)
        known = r.announced is not None
        actions.append(
            Action(
                id=f"kr-fsc-ftr/{r.id}",
                kind="designate",
                list="kr-fsc-ftr",
                entities=entities,
                programs=programs,
                effective=effective,
                announced=r.announced,
                published=r.effective
                if "gazette" in r.basis.lower() or "관보" in r.basis
                else None,
                recorded=r.announced if known else NOTICE_2026_2_ISSUED,
                authority="kr-fsc",
                confidence=r.confidence,
                source=f"data/rok/rok-rounds.csv {r.id}: {r.basis}",
                note=(
                    None
                    if known
                    else "round date not found; known from the annex of FSC notice 2026-2 "
                    "(issued 2026-01-14)"
                ),
            )
        )
        if r.vessels:
            actions.append(
                Action(
                    id=f"kr-port-entry-ban/{r.id}",
                    kind="designate",
                    list="kr-port-entry-ban",
                    entities=[_vessel_id(v) for v in r.vessels],
                    programs=["KR-VESSEL-BAN"],
                    effective=effective,
                    announced=r.announced,
                    recorded=r.announced or NOTICE_2026_2_ISSUED,
                    authority="kr-mofa",
                    confidence=r.confidence,
                    source=f"data/rok/rok-rounds.csv {r.id}: {r.basis}",
                )
            )
    return actions


def _vessel_id(name: str) -> str:
    return "kr-mofa:vessel:" + name.replace(" ", "-")


def _rok_vessels(rounds: list[Round]) -> list[Entity]:
    return [
        Entity(
            id=_vessel_id(name),
            kind="vessel",
            names=[Name(text=name)],
            source=f"ROK announcement {r.announced} (data/rok/rok-rounds.csv {r.id})",
        )
        for r in rounds
        for name in r.vessels
    ]


# -- US --------------------------------------------------------------------------


def _us_selection(annex_rows: list[dict[str, str]]) -> set[int]:
    wanted = {int(r["ofac_uid"]) for r in annex_rows if r["ofac_uid"]}
    wanted |= set(SEED_ENT_NUMS)
    wanted |= {int(r["us_sdn_uid"]) for r in _read_csv(ROUND_2024_12_17_CSV) if r["us_sdn_uid"]}
    return wanted


def _vessel_ent_nums(rows_2024: dict[int, list[str]]) -> dict[str, int]:
    names = {v for vs in ROK_VESSELS.values() for v in vs}
    found: dict[str, int] = {}
    for ent, lines in rows_2024.items():
        row = next(csv.reader(lines))
        if row[1] in names and row[2].strip() == "vessel":
            if row[1] in found:
                msg = f"vessel name {row[1]!r} is not unique in sdn.csv of 2024-05-03"
                raise SystemExit(msg)
            found[row[1]] = ent
    return found


Programs = tuple[str, ...]


def _us_entities(
    wanted: set[int], annex_rows: list[dict[str, str]], workdir: Path
) -> tuple[list[Entity], dict[int, list[tuple[date, Programs]]]]:
    """Entities as OFAC publishes them (latest primary row we hold + 2026 aliases/addresses).

    Returns:
        The entities, and for each the programs the sources show, oldest
        first: sdn.csv of 2021-07-07 and 2024-05-03 where present, then the
        latest source (the 2026 excerpt or the 2026-08-07 snapshot).
    """
    excerpt = _rows_by_ent(EXCERPT)
    rows_2024 = _rows_by_ent(DATA / "ofac/sdn-csv-2024-05-03/sdn.csv")
    rows_2021 = _rows_by_ent(DATA / "ofac/sdn-csv-set-2021-07/sdn.csv")
    snapshot = {int(r["ofac_uid"]): r for r in annex_rows if r["ofac_uid"]}
    primary: dict[int, str] = {}
    origin: dict[int, str] = {}
    for ent in sorted(wanted):
        if ent in excerpt:
            primary[ent], origin[ent] = excerpt[ent][0], "OFAC sdn.csv of 2026 (verbatim excerpt)"
        elif ent in rows_2024:
            primary[ent], origin[ent] = rows_2024[ent][0], "OFAC sdn.csv of 2024-05-03"
        elif ent in snapshot:
            r = snapshot[ent]
            kind = "individual" if r["type_en"].startswith("person") else None
            typ = _quote(kind) if kind else "-0- "
            cell = "] [".join(p for p in r["ofac_programs"].split(";") if p)
            primary[ent] = f"{ent},{_quote(r['ofac_name'])},{typ},{_quote(cell)}" + ",-0- " * 8
            origin[ent] = SNAPSHOT_B_SOURCE + " (no sdn.csv row at hand: no remarks)"
        else:
            msg = f"ent_num {ent} is in no source at hand"
            raise SystemExit(msg)
    folder = workdir / "us"
    folder.mkdir()
    (folder / "sdn.csv").write_text(
        "\r\n".join(primary[e] for e in sorted(primary)) + "\r\n", encoding="latin-1"
    )
    for name in ("add.csv", "alt.csv"):
        rows = _rows_by_ent(LATEST_ADD_ALT / name)
        lines = [line for e in sorted(primary) for line in rows.get(e, [])]
        (folder / name).write_text("\r\n".join(lines) + "\r\n", encoding="latin-1")
    pub = ofac.read(folder, observed=date(2026, 6, 2))
    entities = []
    for entity in pub.entities:
        ent = int(entity.id.removeprefix("us-ofac:"))
        sources = f"{origin[ent]}; aliases and addresses: OFAC alt.csv/add.csv of 2026-06-02"
        if origin[ent].startswith("OFAC sdn.csv") and len(_remarks(primary[ent])) >= 1000:  # noqa: PLR2004
            sources += "; remarks cut at 1000 characters in that file, continuation not at hand"
        identifiers = (*entity.identifiers, Identifier(scheme="us-ofac-uid", value=str(ent)))
        bare = _without_programs(entity)
        entities.append(attrs.evolve(bare, identifiers=identifiers, source=sources))
    # Programs now: the 2026 excerpt, else the 2026-08-07 snapshot the annex was matched
    # against, else the latest sdn.csv row at hand.
    latest = {int(e.id.removeprefix("us-ofac:")): programs_of(e) for e in pub.entities}
    for ent in latest:
        if ent not in excerpt and ent in snapshot and snapshot[ent]["ofac_programs"]:
            latest[ent] = tuple(sorted(p for p in snapshot[ent]["ofac_programs"].split(";") if p))
    seen: dict[int, list[tuple[date, Programs]]] = {}
    for ent in wanted:
        steps = [
            (day, _programs_of_row(rows[ent][0]))
            for day, rows in ((date(2021, 7, 7), rows_2021), (date(2024, 5, 3), rows_2024))
            if ent in rows
        ]
        if ent in excerpt or ent in snapshot or not steps:
            steps.append((SNAPSHOT_B, latest[ent]))
        seen[ent] = steps
    return entities, seen


def _remarks(line: str) -> str:
    row = next(csv.reader([line]))
    return row[11] if len(row) > 11 else ""  # noqa: PLR2004


def _programs_of_row(line: str) -> tuple[str, ...]:
    row = next(csv.reader([line]))
    return tuple(sorted(p.strip() for p in row[3].split("] [") if p.strip()))


def _presence(wanted: set[int]) -> dict[int, list[bool]]:
    files = [_ent_nums(o.folder / o.presence_file) for o in OBSERVATIONS]
    return {ent: [ent in f for f in files] for ent in wanted}


def _us_actions(
    wanted: set[int], programs_seen: dict[int, list[tuple[date, Programs]]]
) -> list[Action]:
    actions = []
    presence = _presence(wanted)
    for ent in sorted(wanted):
        seen = presence[ent]
        eid = reference.ofac_entity_id(ent)
        if not any(seen):
            msg = f"ent_num {ent} is in no publication at hand"
            raise SystemExit(msg)
        first = seen.index(True)
        if not all(seen[first:]):
            gone = OBSERVATIONS[seen.index(False, first)]
            msg = (
                f"ent_num {ent} leaves the list ({gone.label}); "
                "delistings are not modelled by this build"
            )
            raise SystemExit(msg)
        obs = OBSERVATIONS[first]
        if first == 0:
            window = Window(
                latest=obs.day, evidence=[f"present in {obs.label}, the oldest publication at hand"]
            )
        else:
            prev = OBSERVATIONS[first - 1]
            # Effective on a day means from 00:00 that day: absent from the
            # publication of day D, designated on D + 1 at the earliest.
            window = Window(
                earliest=prev.day + timedelta(days=1),
                latest=obs.day,
                evidence=[f"absent from {prev.label}", f"present in {obs.label}"],
            )
        designated_under = programs_seen[ent][0][1]
        effective: date | Window
        exact = US_EXACT.get(ent)
        if exact is not None:
            day, source, confidence = exact
            lo = window.earliest
            if (lo is not None and day < lo) or day > window.latest:
                msg = f"ent_num {ent}: the source date {day} contradicts the publications {window}"
                raise SystemExit(msg)
            action_id, recorded, effective = f"us-ofac-sdn/{day}/designate/{ent}", day, day
            note = "consistent with the publications at hand: " + "; ".join(window.evidence)
        else:
            action_id, recorded, effective = f"us-ofac-sdn/{obs.day}/seen/{ent}", obs.day, window
            source, confidence = (
                "first OFAC publication at hand that shows the party",
                Confidence.HIGH,
            )
            note = None
        actions.append(
            Action(
                id=action_id,
                kind="designate",
                list="us-ofac-sdn",
                entities=[eid],
                programs=designated_under,
                effective=effective,
                recorded=recorded,
                authority="us-ofac",
                confidence=confidence,
                source=source,
                note=note,
            )
        )
        actions.extend(_us_amends(ent, programs_seen[ent]))
    return actions


def _us_amends(ent: int, seen: list[tuple[date, Programs]]) -> list[Action]:
    """Amend actions for the program changes between consecutive sources."""
    out = []
    for (day0, before), (day1, after) in itertools.pairwise(seen):
        if before == after:
            continue
        exact = US_AMEND_EXACT.get(ent)
        effective: date | Window
        if exact is not None:
            effective, source, confidence = exact
            recorded = effective
        else:
            effective = Window(
                earliest=day0 + timedelta(days=1),
                latest=day1,
                evidence=[
                    f"programs {' '.join(before)} in the source of {day0}",
                    f"programs {' '.join(after)} in the source of {day1}",
                ],
            )
            recorded, source, confidence = day1, "programs differ between sources", Confidence.HIGH
        out.append(
            Action(
                id=f"us-ofac-sdn/{recorded}/amend/{ent}",
                kind="amend",
                list="us-ofac-sdn",
                entities=[reference.ofac_entity_id(ent)],
                programs=sorted(set(after) - set(before)),
                removes=sorted(set(before) - set(after)),
                effective=effective,
                recorded=recorded,
                authority="us-ofac",
                confidence=confidence,
                source=source,
            )
        )
    return out


# -- links -----------------------------------------------------------------------


def _links(
    annex_rows: list[dict[str, str]],
    rok: dict[str, Entity],
    us: dict[str, Entity],
    vessels: dict[str, int],
) -> list[Link]:
    """The linker's judgements, then the curated ones, which win where they differ.

    Curated: the annex transcription's own matches where the linker left the
    pair for review (a legal form that differs, say) or was misled; the
    matches the transcription itself flags as doubtful; one translation; the
    vessels; and IM Song Jin, who is not 리성진.
    """
    judged: dict[frozenset[str], Link] = {}
    for proposal in propose_links(rok.values(), us.values()):
        if proposal.decision is not LinkDecision.REVIEW:
            link = proposal.link
            judged[frozenset((link.left, link.right))] = Link(
                left=link.left,
                right=link.right,
                same=link.same,
                score=link.score,
                evidence=link.evidence,
                source="sanctionsmodel.names.propose_links",
            )
    matched: dict[str, int] = {}
    for row in annex_rows:
        if row["ofac_uid"]:
            matched[row["ofac_uid"]] = matched.get(row["ofac_uid"], 0) + 1
    for row in annex_rows:
        if not row["ofac_uid"]:
            continue
        kr_id, us_id = f"kr-fsc:{row['entry_id']}", reference.ofac_entity_id(row["ofac_uid"])
        pair = frozenset((kr_id, us_id))
        method = row["ofac_match_method"]
        if "REVERSED" in method:
            judged[pair] = Link(
                left=us_id,
                right=kr_id,
                same=False,
                evidence=[f"names agree only with given and family names swapped ({row['notes']})"],
                source="curated: data/rok/fsc-annex-2026-2-entries-473-1066.csv",
            )
            continue
        held = judged.get(pair)
        if held is not None and held.same:
            continue
        shared = _shared_names(rok[kr_id], us[us_id])
        if matched[row["ofac_uid"]] > 1:
            # Two annex entries matched to one OFAC record (CO. LTD and PTE. LTD,
            # say): only a name equal to the letter, legal form included, settles it.
            strict = [
                (a.text, b.text)
                for a in rok[kr_id].names
                for b in us[us_id].names
                if normalize(a.text) == normalize(b.text)
            ]
            rivals = [r for r in annex_rows if r["ofac_uid"] == row["ofac_uid"] and r is not row]
            if not strict or any(
                normalize(n.text) == normalize(strict[0][1])
                for r in rivals
                for n in rok[f"kr-fsc:{r['entry_id']}"].names
            ):
                continue  # left for review
            shared = strict[0]
        if shared is None and not method.startswith("manual"):
            continue
        why = (
            f"annex name {shared[0]!r} equals OFAC name {shared[1]!r} after normalization"
            if shared
            else f"the annex translates the OFAC name ({row['latin_names']} = {row['ofac_name']})"
        )
        linker = "; ".join(held.evidence) if held is not None else "left for review"
        judged[pair] = Link(
            left=us_id,
            right=kr_id,
            evidence=[why, f"matched in the annex transcription ({method})", f"linker: {linker}"],
            source="curated: data/rok/fsc-annex-2026-2-entries-473-1066.csv",
        )
    for name, ent in sorted(vessels.items()):
        judged[frozenset((reference.ofac_entity_id(ent), _vessel_id(name)))] = Link(
            left=reference.ofac_entity_id(ent),
            right=_vessel_id(name),
            score=0.9,
            evidence=[
                (
                    f"same vessel name {name!r}; Russian vessel in both sources; "
                    "the ROK announcement gives no IMO number"
                )
            ],
            source="curated: exact name, kind and flag",
        )
    imsj = frozenset(("us-ofac:52113", "kr-fsc:KF-877"))
    judged[imsj] = Link(
        left="us-ofac:52113",
        right="kr-fsc:KF-877",
        same=False,
        evidence=[
            (
                "IM (림/임) is not RI (리); press describes a university physics "
                "professor and a missile engineer (rok/NOTES.md section 7)"
            )
        ],
        source="curated",
    )
    return sorted(judged.values(), key=lambda link: (link.left, link.right))


def _shared_names(kr: Entity, us: Entity) -> tuple[str, str] | None:
    for a in kr.names:
        for b in us.names:
            if name_keys(a.text) & name_keys(b.text):
                return a.text, b.text
    return None


# -- assembly ----------------------------------------------------------------------


def build() -> Ledger:
    """Build the bundled ledger from the files under ``data/``."""
    annex_rows = _read_csv(ANNEX_CSV)
    rounds = _rounds()
    rok_entities, _ = _rok_entities()
    wanted = _us_selection(annex_rows)
    rows_2024 = _rows_by_ent(DATA / "ofac/sdn-csv-2024-05-03/sdn.csv")
    vessels = _vessel_ent_nums(rows_2024)
    wanted |= set(vessels.values())
    with tempfile.TemporaryDirectory() as tmp:
        us_entities, seen = _us_entities(wanted, annex_rows, Path(tmp))
    ledger = Ledger()
    ledger.add(*reference.standard_objects())
    tags = sorted({p for steps in seen.values() for _, progs in steps for p in progs})
    ledger.add(*(reference.ofac_program(t) for t in tags))
    ledger.add(*rok_entities, *_rok_vessels(rounds), *us_entities)
    ledger.add(
        *_links(
            annex_rows,
            {e.id: e for e in rok_entities},
            {e.id: e for e in us_entities},
            vessels,
        )
    )
    actions = _rok_actions(rounds, {e.id for e in rok_entities}) + _us_actions(wanted, seen)
    ledger.extend(actions)
    return ledger


def render(ledger: Ledger) -> str:
    """The bytes of the ledger file, as text."""
    return "".join(line + "\n" for line in serialize.iter_ledger_lines(ledger))


def main(argv: Iterable[str] | None = None) -> int:
    """Write (or with ``--check``, verify) the bundled dataset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped file differs")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(list(argv) if argv is not None else None)
    text = render(build())
    if args.check:
        shipped = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if shipped != text:
            print(
                f"{args.out} differs from a fresh build: run scripts/build_dataset.py",
                file=sys.stderr,
            )
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.out} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
