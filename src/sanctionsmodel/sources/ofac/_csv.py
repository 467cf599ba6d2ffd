"""The legacy CSV set: ``sdn.csv`` + ``add.csv`` + ``alt.csv`` + ``sdn_comments.csv``."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from itertools import count
from operator import attrgetter
from pathlib import Path
from typing import IO, Any

import attrs

from sanctionsmodel._model import (
    Address,
    Entity,
    EntityKind,
    Feature,
    Identifier,
    Name,
    NameKind,
    Relationship,
    _trusted_positional,
)
from sanctionsmodel.exceptions import InvalidValueError, SourceError, TruncatedPublicationError
from sanctionsmodel.reference import OFAC_PROGRAM_TAGS, US_OFAC_CONS, US_OFAC_SDN
from sanctionsmodel.sources._history import PROGRAM_FEATURE
from sanctionsmodel.sources._publication import Publication
from sanctionsmodel.sources.ofac._build import (
    _blank,
    _feature_key,
    _identifier_key,
    _name_key,
    _new_relationship,
    _relationship_key,
    _unique,
    _vessel,
    make_feature,
    make_name,
    one_gender,
    program_tag,
)
from sanctionsmodel.sources.ofac._remarks import (
    FACT_FIELDS,
    IndexedFact,
    RemarksParser,
    indexed,
)
from sanctionsmodel.sources.ofac._zip import NameOf, is_zip, member_names

# An entity of sixteen fields for each row, made through the model's trusted
# constructor (see _entity), and passed positionally.
_make_entity = _trusted_positional(Entity)

#: The length of the Remarks field; the rest of a longer text is in the comments file.
REMARKS_LIMIT = 1000

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
#: OFAC's null as it writes it in a cell, as in the vessel columns of a row that is no vessel.
_NULL_CELL = "-0- "


def _null(value: str) -> str | None:
    """OFAC's ``-0-`` null (written ``-0- ``, unquoted) and blanks are ``None``."""
    text = value.strip()
    return None if text in _NULLS else text


#: A file read as Windows-1252: its path, the line of its first byte that is
#: not UTF-8, and whether it also holds what reads as UTF-8 (mixed encodings).
_Fallback = tuple[Path, int, bool]
#: Two to four bytes that read as one UTF-8 character, which Windows-1252 text
#: seldom holds: where a file read as Windows-1252 has them, it may mix both.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _refuse_utf16(head: bytes, where: str) -> None:
    """Refuse a file that starts with a UTF-16 byte order mark: OFAC writes ASCII (UTF-8).

    Read as bytes, it would seem cut or of no known format.

    Raises:
        SourceError: Naming the file.
    """
    wide = "UTF-32" if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) else "UTF-16"
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        msg = f"{wide} text (its byte order mark says so): OFAC's files are ASCII; save it as UTF-8"
        raise SourceError(msg, path=where)


def _text(path: Path, fallbacks: list[_Fallback] | None = None) -> IO[str]:
    """The file's text, without OFAC's 0x1A end byte; refuses an empty or cut file.

    A UTF-8 byte order mark, which a spreadsheet writes when it saves the
    file, is dropped (it would stick to the first ent_num).  A file that is
    not UTF-8 is read as Windows-1252, and said in ``fallbacks``.  The text
    is decoded a piece at a time as it is read: the file's bytes are held
    once, not beside their text too (a ``StringIO`` of them took four bytes
    a character).
    """
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    where = str(path)
    _refuse_utf16(data, where)
    if not data.strip(b"\x1a\r\n\t "):
        raise TruncatedPublicationError("the file is empty", path=where)
    data = data.rstrip(b"\x1a")
    nul = data.find(b"\x00")
    if nul >= 0 and not data[nul:].strip(b"\x00"):  # NULs to the end: cut, and padded
        msg = "the file ends in NUL bytes, as a copy cut and padded does: it is truncated"
        raise TruncatedPublicationError(msg, path=where, line=data.count(b"\n", 0, nul) + 1)
    if nul >= 0:  # no text holds one: a binary file
        msg = "a NUL byte, which no text holds: the file is binary or damaged"
        raise SourceError(msg, path=where, line=data.count(b"\n", 0, nul) + 1)
    if not data.endswith(b"\n"):
        raise TruncatedPublicationError(
            "the file ends in the middle of a line: it is truncated", path=where
        )
    try:
        data.decode("utf-8")  # checked whole, the text let go at once
    except UnicodeDecodeError as exc:
        first = exc
    else:
        return _stream(data, "utf-8")
    # Older OFAC files are Windows-1252; a byte that is neither is refused, not replaced.
    line = data.count(b"\n", 0, first.start) + 1
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        msg = f"byte 0x{data[first.start]:02x} is neither UTF-8 nor Windows-1252 text"
        raise SourceError(msg, path=where, line=line) from None
    if fallbacks is not None:
        fallbacks.append((path, line, _UTF8_SEQUENCE.search(data) is not None))
    return _stream(data, "cp1252")


def _stream(data: bytes, encoding: str) -> IO[str]:
    """A text stream of ``data``, decoded as read, line ends kept for the CSV reader."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")


def _rows(
    path: Path, cols: tuple[str, ...], fallbacks: list[_Fallback] | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, row)`` for each non-blank row, checking the column count."""
    # strict: a quote inside a quoted cell that is not doubled ("KIM, "Yong" Bok")
    # is refused, not read as text; every file OFAC published here passes.
    reader = csv.reader(_text(path, fallbacks), strict=True)
    where = str(path)
    width = len(cols)  # two or more: a row of that width is not blank
    line = 1
    try:
        for row in reader:
            if len(row) == width:
                yield line, row
            elif len(row) > 1 or (row and row[0].strip()):
                msg = f"expected {width} columns ({', '.join(cols)}), got {len(row)}"
                raise SourceError(msg, path=where, line=line)
            line = reader.line_num + 1
    except csv.Error as exc:
        if "expected after" in str(exc):  # ',' expected after '"': a stray quote
            msg = (
                f"malformed CSV ({exc}): a quoted cell ends at its closing quote, "
                "and a quote inside it must be doubled"
            )
            raise SourceError(msg, path=where, line=reader.line_num) from None
        msg = f"unreadable CSV ({exc}): the file is cut or malformed"
        raise TruncatedPublicationError(msg, path=where, line=line) from None


def _ent_num(value: str, path: Path, line: int) -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit()):
        msg = f"expected a number, got {text!r}"
        raise SourceError(msg, path=str(path), line=line, field="ent_num")
    return int(text)


def _find(folder: Path, name: str, *, probe: bool = False) -> Path | None:
    """The file of ``folder`` named ``name`` in any case, or None.

    With ``probe``, whether there is one is all that is asked: two of the
    name are the reader's to refuse, if it reads them.

    Raises:
        SourceError: If two are (``sdn.csv`` and ``SDN.CSV``): which one is
            the publication, the names cannot tell.
    """
    found = sorted(child for child in folder.iterdir() if child.name.lower() == name)
    if len(found) > 1 and not probe:
        names = ", ".join(child.name for child in found)
        msg = f"the folder holds {len(found)} files named {name!r} in some case ({names})"
        raise SourceError(msg, path=str(folder))
    return found[0] if found else None


def companions_only(path: Path) -> bool:
    """Whether a folder or .zip archive holds CSV files (``add.csv``, ``alt.csv``), no publication.

    A publication is a primary CSV file (``sdn.csv``, ``cons_prim.csv``) or
    an XML file; such a folder's rows can only be compared (see ``diff_rows``).
    """
    if is_zip(path):
        names = [n.lower() for n in member_names(path) or ()]
    elif path.is_dir():
        names = [c.name.lower() for c in path.iterdir() if c.is_file()]
    else:
        return False
    primaries = {files["primary"] for files in CSV_SETS.values()}
    has_csv = any(n.endswith(".csv") for n in names)
    return has_csv and not any(n in primaries or n.endswith(".xml") for n in names)


def list_of_folder(folder: Path) -> str | None:
    """The list id whose primary CSV file the folder holds, if any."""
    for list_id, names in CSV_SETS.items():
        if _find(folder, names["primary"], probe=True) is not None:
            return list_id
    return None


def read_csv_folder(
    folder: Path,
    *,
    observed: date | datetime | None = None,
    list_id: str | None = None,
    known: frozenset[str] = OFAC_PROGRAM_TAGS,
    source: str | None = None,
    name_of: NameOf = str,
) -> Publication:
    """Read a folder holding one CSV set (``sdn.csv`` alone is enough).

    ``known`` are the program tags to accept (see :func:`known_programs`);
    ``source`` is what to record as the source (default: the folder);
    ``name_of`` what to call each file in a warning (see :func:`read_csv`).

    Raises:
        SourceError: If the folder holds no primary file, or a file is malformed.
        TruncatedPublicationError: If a file is empty or truncated.
    """
    list_id = list_id or list_of_folder(folder)
    files = CSV_SETS.get(list_id or "")
    primary = None if files is None else _find(folder, files["primary"])
    if list_id is None or files is None or primary is None:
        names = files["primary"] if files else ", ".join(n["primary"] for n in CSV_SETS.values())
        msg = f"no primary CSV file ({names}) in the folder"
        if not any(folder.iterdir()):
            msg = "the folder is empty: no OFAC file to read"
        elif companions_only(folder):
            msg += (
                "; add.csv and alt.csv alone name no party (diff_rows, or "
                "`sanctionsmodel diff` on two such folders, compares their rows)"
            )
        elif any(is_zip(child) for child in folder.iterdir()):
            msg += "; read a .zip archive it holds by the archive's own path"
        raise SourceError(msg, path=str(folder))
    return read_csv(
        primary,
        add=_find(folder, files["add"]),
        alt=_find(folder, files["alt"]),
        comments=_find(folder, files["comments"]),
        list_id=list_id,
        observed=observed,
        source=source or str(folder),
        known=known,
        name_of=name_of,
    )


#: A primary row as the read keeps it until the entity is made:
#: ``[entity id, kind, primary name, programs, titles, vessel, facts, line]``,
#: where ``programs`` is the ``(features by (type, value), as the entity
#: keeps them alone)`` pair of the row's Program cell and ``facts`` the
#: facts of its Remarks (see :data:`IndexedFact`), aliases and addresses,
#: ``None`` while there are none, and ``line`` the row's line in the file.
_Record = list[Any]
_ID, _KIND, _NAME, _PROGRAMS, _TITLES, _VESSEL_FIELDS, _FACTS, _LINE = range(8)


def read_csv(
    primary: Path,
    *,
    add: Path | None = None,
    alt: Path | None = None,
    comments: Path | None = None,
    list_id: str = US_OFAC_SDN.id,
    observed: date | datetime | None = None,
    source: str | None = None,
    known: frozenset[str] = OFAC_PROGRAM_TAGS,
    name_of: NameOf = str,
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
        known: The program tags to accept (see :func:`known_programs`).
        name_of: What to call each file in a warning (default: its path; a
            file unpacked from an archive is called ``ARCHIVE!MEMBER``).

    Returns:
        The publication.

    Raises:
        SourceError: For a malformed row, a bad date, a bad program tag or
            a row naming a party the primary file lacks.
        TruncatedPublicationError: For an empty or truncated file.
    """
    records: dict[int, _Record] = {}
    remarks: dict[int, tuple[int, str]] = {}
    cut: list[int] = []
    fallbacks: list[_Fallback] = []
    _primary_rows(primary, records, remarks, known, cut, fallbacks=fallbacks)
    if not records:
        raise TruncatedPublicationError("no entries: the publication is empty", path=str(primary))
    counts = [(f"{primary.name} rows", len(records))]
    # ent_num -> the first comments line that continues its Remarks.
    continued: dict[int, int] = {}
    if comments is not None:
        rows = 0
        seen: dict[tuple[int, str], int] = {}
        for line, row in _rows(comments, _COMMENT_COLS, fallbacks):
            ent = _known(comments, line, row[0], records)
            first = seen.setdefault((ent, row[1]), line)
            if first != line:  # appended twice, the text would say its clauses twice
                msg = f"the row of ent_num {ent} repeats line {first}"
                raise SourceError(msg, path=str(comments), line=line, field="ent_num")
            at, text = remarks.get(ent, (line, ""))
            remarks[ent] = (at, text + row[1])
            continued.setdefault(ent, line)
            rows += 1
        counts.append((f"{comments.name} rows", rows))
    # A Remarks field of exactly 1,000 characters was cut there; without its
    # sdn_comments.csv row the last clause is a fragment ("Linked To: PROMO
    # RAI"): it is kept, marked, as a remark, and not read as a fact.
    fragments = {}
    for ent in cut:
        if ent not in continued and ent in remarks:
            line, text = remarks[ent]
            if text.rstrip().endswith((";", ".")):
                # Cut at a clause's end (only the space after its ";" lost):
                # every clause is whole.
                remarks[ent] = (line, text.rstrip().removesuffix(";"))
                continue
            head, _, fragment = text.rpartition("; ")
            remarks[ent] = (line, head)
            fragments[ent] = fragment.strip()
    _remarks_facts(primary, records, remarks, continued, comments)
    for ent, fragment in fragments.items():
        marked = f"{fragment} [cut: OFAC's Remarks field ends at {REMARKS_LIMIT:,} characters]"
        _facts(records, ent).append(indexed("remarks", marked))
    if fragments:
        counts.append((f"Remarks fields cut at {REMARKS_LIMIT:,} characters", len(fragments)))
    for path, cols, put in ((alt, _ALT_COLS, _alt_row), (add, _ADD_COLS, _add_row)):
        if path is not None:
            rows = 0
            keys: dict[str, int] = {}  # alt_num or add_num -> its line: each is one row's
            for line, row in _rows(path, cols, fallbacks):
                key = row[1].strip()
                first = keys.setdefault(key, line)
                if first != line:
                    msg = f"{cols[1]} {key} repeats line {first}"
                    raise SourceError(msg, path=str(path), line=line, field=cols[1])
                put(path, line, row, records)
                rows += 1
            counts.append((f"{path.name} rows", rows))
    src = source or str(primary)
    return Publication(
        list=list_id,
        source=src,
        entities=_entities(records, src, str(primary)),
        observed=observed,
        counts=tuple(counts),
        warnings=(
            *(
                f"{name_of(path)}: no 0x1A end byte, which OFAC's own files end with: a copy, "
                "or a file cut at a line end (then entries are missing; the CSV states no count)"
                for path in (primary, comments, alt, add)
                if path is not None and not _ends_as_ofac_does(path)
            ),
            *(_fallback_warning(name_of(path), line, mixed) for path, line, mixed in fallbacks),
        ),
    )


def _fallback_warning(name: str, line: int, mixed: bool) -> str:
    """What a file read as Windows-1252 warns of."""
    said = (
        f"{name}: not UTF-8 (line {line} is the first that is not), so read as "
        "Windows-1252, as OFAC's older files were"
    )
    if mixed:
        said += (
            "; but it also holds bytes that read as UTF-8, which Windows-1252 would show "
            "garbled (KÃ\u2013REA for KÖREA): it may mix encodings, check its names"
        )
    return said


def _ends_as_ofac_does(path: Path) -> bool:
    """Whether the file's last byte is the 0x1A every file OFAC publishes ends with."""
    with path.open("rb") as stream:
        stream.seek(-1, io.SEEK_END)  # _text refused an empty file
        return stream.read(1) == b"\x1a"


def _remarks_facts(
    path: Path,
    records: dict[int, _Record],
    remarks: dict[int, tuple[int, str]],
    continued: dict[int, int],
    comments: Path | None,
) -> None:
    """Put the facts of each Remarks text in its record, parsing each distinct clause once.

    Raises:
        SourceError: For a refused clause, naming the primary row and, for a
            text continued in the comments file, that file's line too.
    """
    facts = RemarksParser().facts
    for ent, (line, text) in remarks.items():
        try:
            records[ent][_FACTS] = facts(text)
        except InvalidValueError as exc:
            # The first text, in order, with a clause that is refused names the line.
            field = "Remarks"
            if ent in continued and comments is not None:
                field = f"Remarks, continued in {comments.name} line {continued[ent]}"
            raise SourceError(str(exc), path=str(path), line=line, field=field) from None


def _known(path: Path, line: int, value: str, records: dict[int, _Record]) -> int:
    ent = _ent_num(value, path, line)
    if ent not in records:
        msg = f"ent_num {ent} is not in the primary file"
        raise SourceError(msg, path=str(path), line=line, field="ent_num")
    return ent


def _facts(records: dict[int, _Record], ent: int) -> list[IndexedFact]:
    rec = records[ent]
    facts: list[IndexedFact] | None = rec[_FACTS]
    if facts is None:
        facts = rec[_FACTS] = []
    return facts


#: ``SDN_Type`` texts, stripped, and their kinds (OFAC's null is an organization).
_KIND_TEXTS = {"": _KINDS[None], "-0-": _KINDS[None]} | {
    k: v for k, v in _KINDS.items() if k is not None
}


def _primary_rows(
    path: Path,
    records: dict[int, _Record],
    remarks: dict[int, tuple[int, str]],
    known: frozenset[str],
    cut: list[int],
    *,
    fallbacks: list[_Fallback] | None = None,
) -> None:
    """Keep each primary row in ``records``, its Remarks text and line in ``remarks``."""
    where = str(path)
    # What the cells of the columns of few values (-0-, individual, [SDGT])
    # make, by the cell as it is: worked out once per read.
    kinds: dict[str, EntityKind] = {}
    programs: dict[str, tuple[dict[tuple[str, str], Feature], tuple[Feature, ...]]] = {}
    titles: dict[str, tuple[str, ...]] = {}
    primary = NameKind.PRIMARY
    for line, row in _rows(path, _PRIMARY_COLS, fallbacks):
        number, name, sdn_type, program, title, sign, type_, tons, grt, flag, owner, text = row
        number = number.strip()
        # _ent_num, inline: one call less for each of ~15k rows.
        ent = int(number) if number.isascii() and number.isdigit() else _ent_num(number, path, line)
        if ent in records:
            msg = f"ent_num {ent} repeats"
            raise SourceError(msg, path=where, line=line, field="ent_num")
        name = name.strip()
        if name in _NULLS:
            raise SourceError("the entry has no name", path=where, line=line, field="SDN_Name")
        kind = kinds.get(sdn_type)
        if kind is None:
            kind = kinds[sdn_type] = _kind(sdn_type, where, line)
        tags = programs.get(program)
        if tags is None:
            tags = programs[program] = _program_features(_program_tags(program, where, line, known))
        titled = titles.get(title)
        if titled is None:
            stripped = title.strip()
            titled = titles[title] = () if stripped in _NULLS else (stripped,)
        vessel = None
        if not sign == type_ == tons == grt == flag == owner == _NULL_CELL:
            vessel = {}
            for col, attr in _VESSEL_COLS:
                value = row[col].strip()
                if value not in _NULLS:
                    vessel[attr] = value
        if len(text) == REMARKS_LIMIT:
            cut.append(ent)
        # Kept as it is: the comments row continues it mid-word, even after a
        # final space; the pieces are stripped when parsed.
        if text.strip() not in _NULLS:
            remarks[ent] = (line, text)
        records[ent] = [
            f"us-ofac:{ent}",  # ofac_entity_id(ent), inline
            kind,
            make_name(name, primary),
            tags,
            titled,
            vessel,
            None,
            line,
        ]


def _kind(sdn_type: str, where: str, line: int) -> EntityKind:
    """The kind an ``SDN_Type`` cell names (OFAC's null is an organization)."""
    text = sdn_type.strip()
    kind = _KIND_TEXTS.get(text)
    if kind is None:
        msg = f"unknown SDN_Type {text!r} (expected -0-, individual, vessel or aircraft)"
        raise SourceError(msg, path=where, line=line, field="SDN_Type")
    return kind


def _program_features(
    tags: tuple[str, ...],
) -> tuple[dict[tuple[str, str], Feature], tuple[Feature, ...]]:
    """A Program cell's ``program`` features by (type, value), and as an entity has them alone."""
    features = {make_feature(PROGRAM_FEATURE, p) for p in tags}
    alone = sorted(features, key=_feature_key) if len(features) > 1 else features
    return {_feature_key(f): f for f in features}, tuple(alone)


def _program_tags(program: str, where: str, line: int, known: frozenset[str]) -> tuple[str, ...]:
    """The checked tags of a Program field (``[SDGT] [IRGC]``), stripped."""
    program = program.strip()
    if program in _NULLS:
        raise SourceError("the entry has no program", path=where, line=line, field="Program")
    try:
        tags = tuple(program_tag(tag.strip().strip("[]"), known) for tag in program.split("] ["))
    except InvalidValueError as exc:
        raise SourceError(str(exc), path=where, line=line, field="Program") from None
    twice = sorted({tag for tag in tags if tags.count(tag) > 1})
    if twice:  # no file OFAC published here names a program twice
        msg = f"the program {', '.join(twice)} is named twice in {program!r}"
        raise SourceError(msg, path=where, line=line, field="Program")
    return tags


def _alt_row(path: Path, line: int, row: list[str], records: dict[int, _Record]) -> None:
    ent = _known(path, line, row[0], records)
    kind = _null(row[2])
    name = _null(row[3])
    if kind is None and name is None:
        note = _null(row[4])
        if note is not None:
            # A remark on no alias: kept, as the aliases' remarks are.
            _facts(records, ent).append(indexed("features", make_feature("Alias Remarks", note)))
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
    facts.append(indexed("names", make_name(name, _ALT_KINDS[kind])))
    note = _null(row[4])
    if note is not None:
        facts.append(indexed("features", make_feature("Alias Remarks", f"{name}: {note}")))


def _add_row(path: Path, line: int, row: list[str], records: dict[int, _Record]) -> None:
    ent = _known(path, line, row[0], records)
    address, city, country, note = (_null(v) for v in row[2:6])
    if address is None and city is None and country is None and note is None:
        return  # OFAC's all-null placeholder row; the XML formats leave it out
    _facts(records, ent).append(
        indexed(
            "addresses",
            Address(
                lines=(address,) if address else (),
                city=city,
                country=country,
                note=note,
            ),
        )
    )


def _entities(records: dict[int, _Record], source: str, where: str) -> tuple[Entity, ...]:
    """Make the entities, as :func:`build_all` makes them from builders of the same facts.

    ``Linked To`` relationships get the target's id where exactly one entry
    has the target's primary name (or that name with a final ``.``).
    ``where`` is the primary file, which an error names with the row's line.
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

    # Every text the read puts in an entity is stripped and non-empty where
    # it is made (see _entity): only the source can be one the model refuses,
    # and then the validated constructor raises its usual error.
    make = _validated_entity if _blank(source) else _make_entity
    return tuple([_entity(rec, source, where, resolve, make) for rec in records.values()])


def _validated_entity(*fields: object) -> Entity:
    """:class:`Entity`, called as ``_make_entity`` is (positionally), with its checks."""
    named: dict[str, Any] = dict(zip(_ENTITY_FIELDS, fields, strict=True))
    return Entity(**named)


_ENTITY_FIELDS = tuple(f.name for f in attrs.fields(Entity))


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


def _entity(
    rec: _Record,
    source: str,
    where: str,
    resolve: Callable[[Relationship], Relationship],
    make: Callable[..., Entity],
) -> Entity:
    """The entity of a primary row and its facts, equal to what ``EntityBuilder.build`` makes.

    The builder checks that no text is blank before it trusts them; here
    every text fact is already known to be non-blank where it was made:
    titles and Remarks clauses are stripped and dropped when empty
    (``clause_fact`` drops the empty values of its facts, a remark is a
    non-empty clause less one final ``.``), and names, identifiers,
    addresses and features come from constructors that check their texts.
    """
    entity_id, kind, primary, (program_keys, alone), titles, vessel, facts, line = rec
    # The values of each field, in their order, as a tuple: a field of one
    # value (most are) is the fact's own tuple, shared by every entity.
    fields = list(_NO_VALUES)
    for index, values in facts or ():
        fields[index] += values
    (
        ids,
        features,
        birth_dates,
        rels,
        nations,
        genders,
        places,
        remarks,
        names,
        citizens,
        addresses,
    ) = fields
    if len(ids) > 1:
        ids = _sorted_identifiers(ids)
    features = _sorted_features(program_keys, alone, features) if features else alone
    if rels:
        rels = (resolve(rels[0]),) if len(rels) == 1 else _sorted_relationships(rels, resolve)
    # Repeated values of these fields are kept once, in their order.
    if len(birth_dates) > 1:
        birth_dates = tuple(dict.fromkeys(birth_dates))
    if len(nations) > 1:
        nations = tuple(dict.fromkeys(nations))
    if len(places) > 1:
        places = tuple(dict.fromkeys(places))
    if len(citizens) > 1:
        citizens = tuple(dict.fromkeys(citizens))
    if len(addresses) > 1:
        addresses = tuple(dict.fromkeys(addresses))
    return make(
        entity_id,
        kind,
        _names(primary, names) if names else (primary,),
        ids,
        birth_dates,
        places,
        nations,
        citizens,
        (
            one_gender(genders, entity_id.rpartition(":")[2], where, line=line, field="Remarks")
            if genders
            else None
        ),
        titles,
        addresses,
        _vessel(vessel) if vessel else None,
        features,
        rels,
        _remark(remarks, titles) if remarks else None,
        source,
    )


#: No value for any field (see FACT_FIELDS, whose order _entity unpacks).
_NO_VALUES: tuple[tuple[Any, ...], ...] = ((),) * len(FACT_FIELDS)


def _sorted_features(
    program_keys: dict[tuple[str, str], Feature],
    programs: tuple[Feature, ...],
    features: tuple[Feature, ...],
) -> tuple[Feature, ...]:
    """The program features and the others, as ``tuple(sorted(set(...), key=_feature_key))``.

    A feature is all its key, (type, value): the keys hash in C, where the
    features would hash in Python.
    """
    merged = programs + features
    if len(set(map(_feature_key, merged))) == len(merged):
        return tuple(sorted(merged, key=_feature_key))
    by_key = program_keys.copy()
    by_key.update(zip(map(_feature_key, features), features, strict=True))
    return tuple(map(by_key.__getitem__, sorted(by_key)))


def _sorted_relationships(
    values: tuple[Relationship, ...], resolve: Callable[[Relationship], Relationship]
) -> tuple[Relationship, ...]:
    """The resolved relationships, as ``tuple(sorted(set(...), key=_relationship_key))``."""
    unique = set(map(resolve, values))
    return tuple(sorted(unique, key=_relationship_key)) if len(unique) > 1 else tuple(unique)


def _names(primary: Name, values: tuple[Name, ...]) -> tuple[Name, ...]:
    """The primary name, then the other names once each, by kind and text."""
    if len(values) == 1:
        return (primary,) if values[0] == primary else (primary, values[0])
    others = set(values)
    others.discard(primary)
    return (primary, *sorted(others, key=_name_key))


def _remark(values: tuple[str, ...], titles: tuple[str, ...]) -> str | None:
    """The remarks, once each and joined, less those the title repeats."""
    kept: tuple[str, ...] | list[str] = _unique(values)
    if titles:
        # The CSV repeats the title in Remarks; a title may itself hold "; ".
        in_titles = {p.strip().removesuffix(".") for t in titles for p in t.split("; ")}
        kept = [r for r in kept if r.removesuffix(".") not in in_titles]
    return "; ".join(kept) or None


_SCHEME_VALUE = attrgetter("scheme", "value")


def _sorted_identifiers(values: tuple[Identifier, ...]) -> tuple[Identifier, ...]:
    """``tuple(sorted(set(values), key=_identifier_key))``, hashing no identifier.

    The identifiers sort by key, then by place (the sort compares no
    identifier); equal neighbours are one.  Where two identifiers share a key
    but differ (only in their note), the set decides their order, as in
    ``EntityBuilder.build``.
    """
    if len(values) == 1:
        return (values[0],)
    if len(set(map(_SCHEME_VALUE, values))) == len(values):
        # No two share a scheme and a value, which come first in the key:
        # they are all different, and sort alike by those two alone (in C).
        return tuple(sorted(values, key=_SCHEME_VALUE))
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


def _sorted_set(values: tuple[Any, ...], key: Callable[[Any], Any]) -> tuple[Any, ...]:
    """``tuple(sorted(set(values), key=key))``, hashing nothing for a single value."""
    if len(values) == 1:
        return (values[0],)
    unique = set(values)
    return tuple(sorted(unique, key=key)) if len(unique) > 1 else tuple(unique)
