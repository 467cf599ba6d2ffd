"""The legacy CSV set: ``sdn.csv`` + ``add.csv`` + ``alt.csv`` + ``sdn_comments.csv``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from sanctionsmodel._model import Address, EntityKind, NameKind
from sanctionsmodel.exceptions import InvalidValueError, SourceError, TruncatedPublicationError
from sanctionsmodel.reference import US_OFAC_CONS, US_OFAC_SDN
from sanctionsmodel.sources._publication import Publication
from sanctionsmodel.sources.ofac._build import EntityBuilder, build_all, make_name, program_tag
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
    builders: dict[int, EntityBuilder] = {}
    remarks: dict[int, tuple[int, str]] = {}
    programs: dict[str, tuple[str, ...]] = {}
    for line, row in _rows(primary, _PRIMARY_COLS):
        _primary_row(primary, line, row, builders, remarks, programs)
    if not builders:
        raise TruncatedPublicationError("no entries: the publication is empty", path=str(primary))
    if comments is not None:
        for line, row in _rows(comments, _COMMENT_COLS):
            ent = _known(comments, line, row[0], builders)
            at, text = remarks.get(ent, (line, ""))
            remarks[ent] = (at, text + row[1])
    parser = RemarksParser()
    for ent, (line, text) in remarks.items():
        try:
            parser.parse(builders[ent], text)
        except InvalidValueError as exc:
            raise SourceError(str(exc), path=str(primary), line=line, field="Remarks") from None
    if alt is not None:
        for line, row in _rows(alt, _ALT_COLS):
            _alt_row(alt, line, row, builders)
    if add is not None:
        for line, row in _rows(add, _ADD_COLS):
            _add_row(add, line, row, builders)
    src = source or str(primary)
    return Publication(
        list=list_id,
        source=src,
        entities=build_all(builders.values(), src),
        observed=observed,
    )


def _known(path: Path, line: int, value: str, builders: dict[int, EntityBuilder]) -> int:
    ent = _ent_num(value, path, line)
    if ent not in builders:
        msg = f"ent_num {ent} is not in the primary file"
        raise SourceError(msg, path=str(path), line=line, field="ent_num")
    return ent


def _primary_row(  # noqa: PLR0917 - the row and what the read keeps of it
    path: Path,
    line: int,
    row: list[str],
    builders: dict[int, EntityBuilder],
    remarks: dict[int, tuple[int, str]],
    programs: dict[str, tuple[str, ...]],
) -> None:
    ent = _ent_num(row[0], path, line)
    where = str(path)
    if ent in builders:
        msg = f"ent_num {ent} repeats"
        raise SourceError(msg, path=where, line=line, field="ent_num")
    name = row[1].strip()
    if name in _NULLS:
        raise SourceError("the entry has no name", path=where, line=line, field="SDN_Name")
    sdn_type = _null(row[2])
    if sdn_type not in _KINDS:
        msg = f"unknown SDN_Type {sdn_type!r} (expected -0-, individual, vessel or aircraft)"
        raise SourceError(
            msg,
            path=where,
            line=line,
            field="SDN_Type",
        )
    b = EntityBuilder(ent_num=ent, kind=_KINDS[sdn_type])
    b.names.append(make_name(name, NameKind.PRIMARY))
    program = row[3].strip()
    tags = programs.get(program)
    if tags is None:
        tags = programs[program] = _program_tags(program, where, line)
    b.programs.extend(tags)
    title = row[4].strip()
    if title not in _NULLS:
        b.titles.append(title)
    if row[5:11] != _NO_VESSEL:
        for col, attr in _VESSEL_COLS:
            value = row[col].strip()
            if value not in _NULLS:
                b.vessel[attr] = value
    text = row[11].strip()
    if text not in _NULLS:
        remarks[ent] = (line, text)
    builders[ent] = b


def _program_tags(program: str, where: str, line: int) -> tuple[str, ...]:
    """The checked tags of a Program field (``[SDGT] [IRGC]``), stripped."""
    if program in _NULLS:
        raise SourceError("the entry has no program", path=where, line=line, field="Program")
    try:
        return tuple(program_tag(tag.strip().strip("[]")) for tag in program.split("] ["))
    except InvalidValueError as exc:
        raise SourceError(str(exc), path=where, line=line, field="Program") from None


def _alt_row(path: Path, line: int, row: list[str], builders: dict[int, EntityBuilder]) -> None:
    ent = _known(path, line, row[0], builders)
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
    b = builders[ent]
    b.names.append(make_name(name, _ALT_KINDS[kind]))
    note = _null(row[4])
    if note is not None:
        b.feature("Alias Remarks", f"{name}: {note}")


def _add_row(path: Path, line: int, row: list[str], builders: dict[int, EntityBuilder]) -> None:
    ent = _known(path, line, row[0], builders)
    address, city, country, note = (_null(v) for v in row[2:6])
    if address is None and city is None and country is None and note is None:
        return  # OFAC's all-null placeholder row; the XML formats leave it out
    builders[ent].addresses.append(
        Address(
            lines=(address,) if address else (),
            city=city,
            country=country,
            note=note,
        )
    )
