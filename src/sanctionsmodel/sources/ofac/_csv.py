"""The legacy CSV set: ``sdn.csv`` + ``add.csv`` + ``alt.csv`` + ``sdn_comments.csv``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, datetime
from itertools import count, groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from sanctionsmodel._model import (
    Address,
    Entity,
    EntityKind,
    Feature,
    Identifier,
    Name,
    NameKind,
    Relationship,
)
from sanctionsmodel._time import PartialDate
from sanctionsmodel.exceptions import InvalidValueError, SourceError, TruncatedPublicationError
from sanctionsmodel.reference import US_OFAC_CONS, US_OFAC_SDN, ofac_entity_id
from sanctionsmodel.sources._history import PROGRAM_FEATURE
from sanctionsmodel.sources._publication import Publication
from sanctionsmodel.sources.ofac._build import (
    _blank,
    _feature_key,
    _identifier_key,
    _name_key,
    _new_entity,
    _new_relationship,
    _relationship_key,
    _unique,
    _vessel,
    make_feature,
    make_name,
    program_tag,
)
from sanctionsmodel.sources.ofac._remarks import RemarksParser

#: File names of each CSV set, by role (matched case-insensitively).
CSV_SETS = {
    US_OFAC_SDN.id: {
        "primary": "sdn.csv",
        "add": "add.csv",
        "alt": "alt.csv",
        "comments": "sdn_comments.csv",
    },
    US_OFAC_CONS.id: {
        "primary": "cons_prim.csv",
        "add": "cons_add.csv",
        "alt": "cons_alt.csv",
        "comments": "cons_comments.csv",
    },
}
_PRIMARY_COLS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
_ADD_COLS = (
    "ent_num",
    "add_num",
    "Address",
    "City/State/Province/Postal Code",
    "Country",
    "Add_remarks",
)
_ALT_COLS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
_COMMENT_COLS = ("ent_num", "Remarks_extended")
_KINDS = {
    None: EntityKind.ORGANIZATION,
    "individual": EntityKind.INDIVIDUAL,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
}
_ALT_KINDS = {"aka": NameKind.AKA, "fka": NameKind.FKA, "nka": NameKind.NKA}
_VESSEL = {
    5: "call_sign",
    6: "vessel_type",
    7: "tonnage",
    8: "gross_registered_tonnage",
    9: "flag",
    10: "owner",
}


#: OFAC's null (``-0-``, written ``-0- `` unquoted) and the blank, once stripped.
_NULLS = frozenset(("", "-0-"))
_VESSEL_COLS = tuple(_VESSEL.items())
#: The vessel columns (5 to 10) of a row that is no vessel, as OFAC writes them.
_NO_VESSEL = ["-0- "] * 6


def _null(value: str) -> str | None:
    """OFAC's ``-0-`` null (written ``-0- ``, unquoted) and blanks are ``None``."""
    text = value.strip()
    return None if text in _NULLS else text


def _text(path: Path) -> str:
    """The file's text, without OFAC's 0x1A end byte; refuses an empty or cut file."""
    data = path.read_bytes()
    where = str(path)
    if not data.strip(b"\x1a\r\n\t "):
        raise TruncatedPublicationError("the file is empty", path=where)
    data = data.rstrip(b"\x1a")
    if not data.endswith(b"\n"):
        raise TruncatedPublicationError(
            "the file ends in the middle of a line: it is truncated", path=where
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _rows(path: Path, cols: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, row)`` for each non-blank row, checking the column count."""
    reader = csv.reader(io.StringIO(_text(path), newline=""))
    where = str(path)
    line = 1
    try:
        for row in reader:
            if row and (len(row) > 1 or row[0].strip()):
                if len(row) != len(cols):
                    msg = f"expected {len(cols)} columns ({', '.join(cols)}), got {len(row)}"
                    raise SourceError(
                        msg,
                        path=where,
                        line=line,
                    )
                yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        msg = f"unreadable CSV ({exc}): the file is cut or malformed"
        raise TruncatedPublicationError(msg, path=where, line=line) from None


def _ent_num(value: str, path: Path, line: int) -> int:
    text = value.strip()
    if not text.isdigit():
        msg = f"expected a number, got {text!r}"
        raise SourceError(msg, path=str(path), line=line, field="ent_num")
    return int(text)


def _find(folder: Path, name: str) -> Path | None:
    for child in folder.iterdir():
        if child.name.lower() == name:
            return child
    return None


def list_of_folder(folder: Path) -> str | None:
    """The list id whose primary CSV file the folder holds, if any."""
    for list_id, names in CSV_SETS.items():
        if _find(folder, names["primary"]) is not None:
            return list_id
    return None


def read_csv_folder(
    folder: Path,
    *,
    observed: date | datetime | None = None,
    list_id: str | None = None,
) -> Publication:
    """Read a folder holding one CSV set (``sdn.csv`` alone is enough).

    Raises:
        SourceError: If the folder holds no primary file, or a file is malformed.
        TruncatedPublicationError: If a file is empty or truncated.
    """
    list_id = list_id or list_of_folder(folder)
    if list_id is None:
        names = ", ".join(n["primary"] for n in CSV_SETS.values())
        msg = (
            f"no primary CSV file ({names}) in the folder; add.csv and alt.csv alone "
            "name no party (see diff_rows)"
        )
        raise SourceError(
            msg,
            path=str(folder),
        )
    files = CSV_SETS[list_id]
    primary = _find(folder, files["primary"])
    assert primary is not None  # noqa: S101 - list_of_folder found it
    return read_csv(
        primary,
        add=_find(folder, files["add"]),
        alt=_find(folder, files["alt"]),
        comments=_find(folder, files["comments"]),
        list_id=list_id,
        observed=observed,
        source=str(folder),
    )


#: A primary row as the read keeps it until the entity is made:
#: ``[entity id, kind, primary name, programs, titles, vessel, facts]``,
#: where ``programs`` is the ``(features by (type, value), as the entity
#: keeps them alone)`` pair of the row's Program cell and ``facts`` the
#: ``(field, value)`` pairs of its Remarks (see :meth:`RemarksParser.facts`),
#: aliases and addresses, ``None`` while there are none.
_Record = list[Any]
_ID, _KIND, _NAME, _PROGRAMS, _TITLES, _VESSEL_FIELDS, _FACTS = range(7)


def read_csv(
    primary: Path,
    *,
    add: Path | None = None,
    alt: Path | None = None,
    comments: Path | None = None,
    list_id: str = US_OFAC_SDN.id,
    observed: date | datetime | None = None,
    source: str | None = None,
) -> Publication:
    """Read a CSV set from explicit file paths.

    Args:
        primary: ``sdn.csv`` or ``cons_prim.csv`` (12 columns, no header).
        add: The address file, if any.
        alt: The alias file, if any.
        comments: The remarks-overflow file, if any.
        list_id: ``us-ofac-sdn`` or ``us-ofac-cons``.
        observed: When the caller saw the files: the CSV carries no date.
        source: What to record as the source (default: the primary path).

    Returns:
        The publication.

    Raises:
        SourceError: For a malformed row, a bad date, a bad program tag or
            a row naming a party the primary file lacks.
        TruncatedPublicationError: For an empty or truncated file.
    """
    records: dict[int, _Record] = {}
    remarks: dict[int, tuple[int, str]] = {}
    _primary_rows(primary, records, remarks)
    if not records:
        raise TruncatedPublicationError("no entries: the publication is empty", path=str(primary))
    if comments is not None:
        for line, row in _rows(comments, _COMMENT_COLS):
            ent = _known(comments, line, row[0], records)
            at, text = remarks.get(ent, (line, ""))
            remarks[ent] = (at, text + row[1])
    _remarks_facts(primary, records, remarks)
    if alt is not None:
        for line, row in _rows(alt, _ALT_COLS):
            _alt_row(alt, line, row, records)
    if add is not None:
        for line, row in _rows(add, _ADD_COLS):
            _add_row(add, line, row, records)
    src = source or str(primary)
    return Publication(
        list=list_id,
        source=src,
        entities=_entities(records, src),
        observed=observed,
    )


def _remarks_facts(
    path: Path, records: dict[int, _Record], remarks: dict[int, tuple[int, str]]
) -> None:
    """Put the facts of each Remarks text in its record, parsing each distinct clause once."""
    parser = RemarksParser()
    clauses = [parser.clauses(text) for _, text in remarks.values()]
    try:
        found = parser.facts_of(clauses)
    except InvalidValueError:
        # The first text, in order, with a clause that is refused names the line.
        for line, text in remarks.values():
            try:
                parser.facts(text)
            except InvalidValueError as exc:
                msg = str(exc)
                raise SourceError(msg, path=str(path), line=line, field="Remarks") from None
        raise  # pragma: no cover - the loop above raised
    start = 0
    for ent, pieces in zip(remarks, clauses, strict=True):
        end = start + len(pieces)
        records[ent][_FACTS] = list(filter(None, found[start:end]))
        start = end


def _known(path: Path, line: int, value: str, records: dict[int, _Record]) -> int:
    ent = _ent_num(value, path, line)
    if ent not in records:
        msg = f"ent_num {ent} is not in the primary file"
        raise SourceError(msg, path=str(path), line=line, field="ent_num")
    return ent


def _facts(records: dict[int, _Record], ent: int) -> list[tuple[str, object]]:
    rec = records[ent]
    facts: list[tuple[str, object]] | None = rec[_FACTS]
    if facts is None:
        facts = rec[_FACTS] = []
    return facts


#: ``SDN_Type`` texts, stripped, and their kinds (OFAC's null is an organization).
_KIND_TEXTS = {"": _KINDS[None], "-0-": _KINDS[None]} | {
    k: v for k, v in _KINDS.items() if k is not None
}


def _primary_rows(
    path: Path, records: dict[int, _Record], remarks: dict[int, tuple[int, str]]
) -> None:
    """Keep each primary row in ``records``, its Remarks text and line in ``remarks``."""
    where = str(path)
    programs: dict[str, tuple[dict[tuple[str, str], Feature], tuple[Feature, ...]]] = {}
    primary = NameKind.PRIMARY
    for line, row in _rows(path, _PRIMARY_COLS):
        ent = _ent_num(row[0], path, line)
        if ent in records:
            msg = f"ent_num {ent} repeats"
            raise SourceError(msg, path=where, line=line, field="ent_num")
        name = row[1].strip()
        if name in _NULLS:
            raise SourceError("the entry has no name", path=where, line=line, field="SDN_Name")
        sdn_type = row[2].strip()
        kind = _KIND_TEXTS.get(sdn_type)
        if kind is None:
            msg = f"unknown SDN_Type {sdn_type!r} (expected -0-, individual, vessel or aircraft)"
            raise SourceError(msg, path=where, line=line, field="SDN_Type")
        program = row[3].strip()
        tags = programs.get(program)
        if tags is None:
            tags = programs[program] = _program_features(_program_tags(program, where, line))
        title = row[4].strip()
        vessel = None
        if row[5:11] != _NO_VESSEL:
            vessel = {}
            for col, attr in _VESSEL_COLS:
                value = row[col].strip()
                if value not in _NULLS:
                    vessel[attr] = value
        text = row[11].strip()
        if text not in _NULLS:
            remarks[ent] = (line, text)
        records[ent] = [
            ofac_entity_id(ent),
            kind,
            make_name(name, primary),
            tags,
            () if title in _NULLS else (title,),
            vessel,
            None,
        ]


def _program_features(
    tags: tuple[str, ...],
) -> tuple[dict[tuple[str, str], Feature], tuple[Feature, ...]]:
    """A Program cell's ``program`` features by (type, value), and as an entity has them alone."""
    features = {make_feature(PROGRAM_FEATURE, p) for p in tags}
    alone = sorted(features, key=_feature_key) if len(features) > 1 else features
    return {_feature_key(f): f for f in features}, tuple(alone)


def _program_tags(program: str, where: str, line: int) -> tuple[str, ...]:
    """The checked tags of a Program field (``[SDGT] [IRGC]``), stripped."""
    if program in _NULLS:
        raise SourceError("the entry has no program", path=where, line=line, field="Program")
    try:
        return tuple(program_tag(tag.strip().strip("[]")) for tag in program.split("] ["))
    except InvalidValueError as exc:
        raise SourceError(str(exc), path=where, line=line, field="Program") from None


def _alt_row(path: Path, line: int, row: list[str], records: dict[int, _Record]) -> None:
    ent = _known(path, line, row[0], records)
    kind = _null(row[2])
    name = _null(row[3])
    if kind is None and name is None:
        return
    if kind not in _ALT_KINDS:
        msg = f"unknown alt_type {kind!r} (expected aka, fka or nka)"
        raise SourceError(
            msg,
            path=str(path),
            line=line,
            field="alt_type",
        )
    if name is None:
        raise SourceError("the alias has no name", path=str(path), line=line, field="alt_name")
    facts = _facts(records, ent)
    facts.append(("names", make_name(name, _ALT_KINDS[kind])))
    note = _null(row[4])
    if note is not None:
        facts.append(("features", make_feature("Alias Remarks", f"{name}: {note}")))


def _add_row(path: Path, line: int, row: list[str], records: dict[int, _Record]) -> None:
    ent = _known(path, line, row[0], records)
    address, city, country, note = (_null(v) for v in row[2:6])
    if address is None and city is None and country is None and note is None:
        return  # OFAC's all-null placeholder row; the XML formats leave it out
    _facts(records, ent).append(
        (
            "addresses",
            Address(
                lines=(address,) if address else (),
                city=city,
                country=country,
                note=note,
            ),
        )
    )


def _entities(records: dict[int, _Record], source: str) -> tuple[Entity, ...]:
    """Make the entities, as :func:`build_all` makes them from builders of the same facts.

    ``Linked To`` relationships get the target's id where exactly one entry
    has the target's primary name (or that name with a final ``.``).
    """
    by_name: dict[str, str | None] = {}
    for rec in records.values():
        name = rec[_NAME].text.strip()
        by_name[name] = None if name in by_name else rec[_ID]
    # By the relationship's id: the parser shares one per clause, and its
    # facts hold it for the whole read.
    resolved: dict[int, Relationship] = {}

    def resolve(r: Relationship) -> Relationship:
        found = resolved.get(id(r))
        if found is None:
            found = resolved[id(r)] = _resolved(r, by_name)
        return found

    trusted = not _blank(source)
    return tuple([_entity(rec, source, resolve, trusted=trusted) for rec in records.values()])


def _resolved(r: Relationship, by_name: dict[str, str | None]) -> Relationship:
    """As :func:`sanctionsmodel.sources.ofac._build._resolved` resolves a relationship by name."""
    if r.target is not None or r.target_name is None:
        return r  # pragma: no cover - the CSV gives relationships by name only
    name = r.target_name.strip()
    if name in by_name:
        target = by_name[name]
    else:
        # The reader dropped the final "." of the clause: the name may have had it.
        name = f"{name}."
        target = by_name.get(name)
    if target is None:
        return r
    return _new_relationship(
        type=r.type, target=target, target_name=name, former=r.former, source=r.source
    )


_FIELD = itemgetter(0)
_VALUE = itemgetter(1)


def _entity(  # noqa: PLR0915 - one pass over the facts, no builder
    rec: _Record,
    source: str,
    resolve: Callable[[Relationship], Relationship],
    *,
    trusted: bool,
) -> Entity:
    """The entity of a primary row and its facts, equal to what ``EntityBuilder.build`` makes."""
    entity_id, kind, primary, (program_keys, alone), titles, vessel, facts = rec
    names: tuple[Name, ...] = (primary,)
    features: tuple[Feature, ...] = alone
    ids: tuple[Identifier, ...] = ()
    birth_dates: tuple[PartialDate, ...] = ()
    places: tuple[str, ...] = ()
    nations: tuple[str, ...] = ()
    citizens: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    rels: tuple[Relationship, ...] = ()
    gender = remark = None
    texts_ok = trusted and not (titles and titles[0].isspace())
    if facts:
        # The facts of each field, in their order (the sort is stable).
        facts.sort(key=_FIELD)
        for field, group in groupby(facts, _FIELD):
            values: list[Any] = list(map(_VALUE, group))
            if field == "identifiers":
                ids = _sorted_identifiers(values)
            elif field == "features":
                # sorted(set(...)) by (type, value), which is all of a feature:
                # the texts hash in C, where the features would hash in Python.
                by_key = program_keys.copy()
                by_key.update(zip(map(_feature_key, values), values, strict=True))
                features = tuple(map(by_key.__getitem__, sorted(by_key)))
            elif field == "birth_dates":
                birth_dates = (values[0],) if len(values) == 1 else tuple(dict.fromkeys(values))
            elif field == "relationships":
                rels = _sorted_set(list(map(resolve, values)), _relationship_key)
            elif field == "nationalities":
                nations = _unique(values)
                texts_ok = texts_ok and not any(map(str.isspace, nations))
            elif field == "genders":
                gender = values[0]
                texts_ok = texts_ok and bool(gender) and not gender.isspace()
            elif field == "birth_places":
                places = _unique(values)
                texts_ok = texts_ok and not any(map(str.isspace, places))
            elif field == "names":
                others = set(values)
                others.discard(primary)
                names = (primary, *sorted(others, key=_name_key))
            elif field == "citizenships":
                citizens = _unique(values)
                texts_ok = texts_ok and not any(map(str.isspace, citizens))
            elif field == "remarks":
                kept: tuple[str, ...] | list[str] = _unique(values)
                if titles:
                    # The CSV repeats the title in Remarks; a title may itself hold "; ".
                    in_titles = {p.strip().removesuffix(".") for t in titles for p in t.split("; ")}
                    kept = [r for r in kept if r.removesuffix(".") not in in_titles]
                remark = "; ".join(kept) or None
                texts_ok = texts_ok and (remark is None or not remark.isspace())
            elif field == "addresses":
                addresses = tuple(dict.fromkeys(values))
            else:  # pragma: no cover - the parser fills no other field of the CSV
                msg = f"unexpected fact {field!r}"
                raise AssertionError(msg)
    # Texts the model would refuse go through its validated constructor.
    make = _new_entity if texts_ok else Entity
    return make(
        id=entity_id,
        kind=kind,
        names=names,
        identifiers=ids,
        birth_dates=birth_dates,
        birth_places=places,
        nationalities=nations,
        citizenships=citizens,
        gender=gender,
        titles=titles,
        addresses=addresses,
        vessel=_vessel(vessel) if vessel else None,
        features=features,
        relationships=rels,
        remarks=remark,
        source=source,
    )


def _sorted_identifiers(values: list[Identifier]) -> tuple[Identifier, ...]:
    """``tuple(sorted(set(values), key=_identifier_key))``, hashing no identifier.

    The identifiers sort by key, then by place (the sort compares no
    identifier); equal neighbours are one.  Where two identifiers share a key
    but differ (only in their note), the set decides their order, as in
    ``EntityBuilder.build``.
    """
    if len(values) == 1:
        return (values[0],)
    out: list[Identifier] = []
    last: object = None
    for key, _, value in sorted(zip(map(_identifier_key, values), count(), values)):
        if key == last:
            if value == out[-1]:
                continue
            return _sorted_set(values, _identifier_key)
        out.append(value)
        last = key
    return tuple(out)


def _sorted_set(values: list[Any], key: Callable[[Any], Any]) -> tuple[Any, ...]:
    """``tuple(sorted(set(values), key=key))``, hashing nothing for a single value."""
    if len(values) == 1:
        return (values[0],)
    unique = set(values)
    return tuple(sorted(unique, key=key)) if len(unique) > 1 else tuple(unique)
