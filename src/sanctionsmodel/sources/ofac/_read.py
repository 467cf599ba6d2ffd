"""``read``: recognize an OFAC publication's format and read it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import attrs

from sanctionsmodel._gc import collector_paused
from sanctionsmodel._time import to_day_or_instant
from sanctionsmodel.exceptions import SourceError
from sanctionsmodel.reference import OFAC_FORMATS, US_OFAC_CONS, US_OFAC_SDN
from sanctionsmodel.sources._publication import Publication
from sanctionsmodel.sources.ofac._advanced import read_advanced
from sanctionsmodel.sources.ofac._build import known_programs
from sanctionsmodel.sources.ofac._csv import CSV_SETS, _find, read_csv, read_csv_folder
from sanctionsmodel.sources.ofac._xml import read_legacy_xml
from sanctionsmodel.sources.ofac._zip import NameOf, is_zip, member_names, unpacked

_XML_NAMES = {
    "sdn.xml": ("legacy", US_OFAC_SDN.id),
    "consolidated.xml": ("legacy", US_OFAC_CONS.id),
    "sdn_advanced.xml": ("advanced", US_OFAC_SDN.id),
    "cons_advanced.xml": ("advanced", US_OFAC_CONS.id),
}


#: The formats ``read`` may be asked for, where a folder holds several.
_FORMATS = OFAC_FORMATS


def _sniff_xml(path: Path) -> tuple[str, str | None]:
    """The XML flavour (``legacy`` or ``advanced``) from the root element's name."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # XML may be UTF-16 (its parser reads it so): look for the root in its text.
        head = head[: len(head) // 2 * 2].decode("utf-16", errors="replace").encode("utf-8")
    if b"<sdnList" in head:
        return "legacy", None
    if b"<Sanctions" in head:
        return "advanced", None
    raise SourceError(
        "neither a legacy (sdnList) nor an advanced (Sanctions) OFAC XML file", path=str(path)
    )


def read(
    path: str | os.PathLike[str],
    *,
    observed: date | datetime | str | None = None,
    list_id: str | None = None,
    format: str | None = None,
    extra_programs: Iterable[str] = (),
) -> Publication:
    """Read an OFAC publication from a file or a folder, recognizing its format.

    Formats: the CSV set (a folder holding ``sdn.csv`` or ``cons_prim.csv``
    and any of its companions, or one primary CSV file), the legacy XML
    (``SDN.XML``, ``consolidated.xml``) and the advanced XML
    (``SDN_ADVANCED.XML``, ``cons_advanced.xml``, read streaming).  A folder
    holding one XML file is read as that file, and a folder holding one
    ``.zip`` archive and no CSV or XML file as that archive.  A ``.zip`` archive
    (``SDN_ADVANCED.ZIP``, a zipped CSV set) is unpacked into a temporary
    folder, at most :data:`~sanctionsmodel.sources.ofac.ZIP_LIMIT` bytes in
    all, and its one file, or the folder of its files, read.  The source and
    errors name a file read from it by the archive and the member
    (``SDN_ADVANCED.ZIP!SDN_ADVANCED.XML``), the folder by the archive.

    Args:
        path: The file, folder or .zip archive.
        observed: When the caller saw the files; the CSV carries no date, so
            history from CSV needs it.  XML publications keep their own date
            and record this beside it.  A date, an aware datetime or an ISO
            string of either; a naive datetime is refused.
        list_id: ``us-ofac-sdn`` or ``us-ofac-cons``, where the file name
            does not tell (an unusually named CSV file), or to choose one
            of the publications a folder holds (the two CSV sets that
            ``fetch`` downloads side by side; see :func:`read_all`).
        format: ``csv``, ``legacy-xml`` or ``advanced-xml``: to choose one
            of the publications a folder holds in several formats (a CSV
            set beside its XML).  A folder holding several publications is
            refused, naming them, unless these two choose one.
        extra_programs: Program tags to accept besides
            :data:`~sanctionsmodel.reference.OFAC_PROGRAM_TAGS`: a tag
            outside both is refused, so a program OFAC creates after this
            release is taken in only once the caller names it.

    Returns:
        The publication: list, date, entities (programs as ``program``
        features), and for the advanced XML the per-list entry dates.

    Raises:
        SourceError: For an unrecognized, malformed or unsafe file, with the
            file, line (or XML path) and field, and for one the system
            cannot open (a link loop), naming it.
        TruncatedPublicationError: For an empty, short or truncated file.
    """
    return _read_each(path, observed, format, extra_programs, lists=(list_id,))[0]


def _read_each(
    path: str | os.PathLike[str],
    observed: date | datetime | str | None,
    fmt: str | None,
    extra_programs: Iterable[str],
    lists: tuple[str | None, ...] | None,
) -> tuple[Publication, ...]:
    """The publication of each list asked (``None``: one of each list the path holds)."""
    # The choices are checked before any archive is unpacked.
    for list_id in lists or ():
        if list_id is not None and list_id not in CSV_SETS:
            msg = f"unknown OFAC list {list_id!r} (expected {' or '.join(CSV_SETS)})"
            raise SourceError(msg, path=str(path))
    if fmt is not None and fmt not in _FORMATS:
        msg = f"unknown format {fmt!r} (expected {', '.join(_FORMATS)})"
        raise SourceError(msg, path=str(path))
    if observed is not None:
        observed = to_day_or_instant(observed)
    known = known_programs(extra_programs)
    try:
        with collector_paused(), unpacked(_lone_archive(Path(path))) as (p, name_of):
            try:
                return tuple(
                    _with_text_remarks(_read(p, observed, list_id, fmt, known, name_of=name_of))
                    for list_id in (_lists_held(p, fmt) if lists is None else lists)
                )
            except OSError as exc:  # a file of a folder or archive, by its own name
                raise _unreadable(exc, path, name_of) from exc
    except OSError as exc:  # the path itself: a link loop, a folder that cannot be listed
        raise _unreadable(exc, path, str) from exc


def _unreadable(exc: OSError, path: str | os.PathLike[str], name_of: NameOf) -> SourceError:
    """An error of the file system while reading, as a SourceError naming the file."""
    where = name_of(Path(exc.filename)) if exc.filename is not None else str(path)
    return SourceError(exc.strerror or str(exc), path=where)


def _lone_archive(path: Path) -> Path:
    """A folder holding one .zip archive and no CSV or XML file is read as that archive."""
    if not path.is_dir():
        return path
    files = [c for c in path.iterdir() if c.is_file()]
    zips = [c for c in files if c.name.lower().endswith(".zip")]
    if len(zips) == 1 and not any(c.name.lower().endswith((".csv", ".xml")) for c in files):
        return zips[0]
    return path


def undated(
    path: str | os.PathLike[str], list_id: str | None = None, fmt: str | None = None
) -> bool | None:
    """Whether what :func:`read_all` (or :func:`read` of ``list_id``) reads there carries no date.

    A look at names only, nothing read: ``True`` for CSV (it carries no
    date), ``False`` for XML, ``None`` where names cannot tell (CSV beside
    XML, a folder or archive of neither, a path that does not exist);
    reading the path then tells, or gives its error.
    """
    p = _lone_archive(Path(path))
    if not p.exists():
        return None  # reading gives the error
    kinds: set[bool | None]
    if p.is_dir():
        kinds = {
            h.format == "csv"
            for h in _held(p)
            if list_id in (None, h.list_id) and fmt in (None, h.format)
        }
    else:
        names = member_names(p) or () if is_zip(p) else (p.name,)
        kinds = {_csv_or_xml(n) for n in names} - {None}
    return kinds.pop() if len(kinds) == 1 else None


#: The CSV files that continue a primary file and are no publication alone.
_COMPANIONS = frozenset(
    n for files in CSV_SETS.values() for kind, n in files.items() if kind != "primary"
)


def _csv_or_xml(name: str) -> bool | None:
    """``True`` for a CSV file read alone, ``False`` for XML, else ``None`` (a companion file)."""
    name = name.lower()
    if name.endswith(".csv") and name not in _COMPANIONS:
        return True
    return False if name.endswith(".xml") else None


def _lists_held(p: Path, fmt: str | None) -> tuple[str | None, ...]:
    """The lists a folder holds a publication of, when several; else ``(None,)``: read it alone."""
    found = {h.list_id for h in _held(p) if fmt in (None, h.format)} if p.is_dir() else set()
    lists = tuple(list_id for list_id in CSV_SETS if list_id in found)
    return lists if len(lists) > 1 else (None,)


#: The count of parties whose remarks hold text the reader read into no field.
TEXT_REMARKS = "parties with remarks kept as text"


def _with_text_remarks(pub: Publication) -> Publication:
    """The publication with a count of the parties whose remarks stay text.

    A remark the reader reads into no field (``ICTY indictment``, an id of a
    label no table knows) is kept, in ``Entity.remarks``: counted, it says
    how much of a publication is text only.
    """
    held = sum(1 for e in pub.entities if e.remarks)
    return attrs.evolve(pub, counts=(*pub.counts, (TEXT_REMARKS, held)))


def _read(
    p: Path,
    observed: date | datetime | None,
    list_id: str | None,
    fmt: str | None,
    known: frozenset[str],
    *,
    name_of: NameOf = str,
) -> Publication:
    if not p.exists():
        if p.is_symlink():
            p.stat()  # a link to nothing, or a loop: its error names it (see _read_each)
        raise SourceError("no such file or folder", path=str(p))
    if p.is_dir():
        return _read_folder(p, observed, list_id, fmt, known, name_of=name_of)
    name = p.name.lower()
    if name.endswith(".xml"):
        flavour, named_list = _XML_NAMES.get(name, (None, None))
        if flavour is None:
            flavour, named_list = _sniff_xml(p)
        reader = read_legacy_xml if flavour == "legacy" else read_advanced
        return reader(
            p, observed=observed, list_id=list_id or named_list, known=known, source=name_of(p)
        )
    if name.endswith(".csv"):
        src = name_of(p)
        for lid, files in CSV_SETS.items():
            if name == files["primary"]:
                return read_csv(
                    p,
                    list_id=list_id or lid,
                    observed=observed,
                    known=known,
                    source=src,
                    name_of=name_of,
                )
            if name in files.values():
                msg = (
                    f"{p.name} is a companion file of a CSV set, not a publication: read the "
                    f"folder that holds {files['primary']} with it (or, without "
                    f"{files['primary']}, compare two folders with diff_rows)"
                )
                raise SourceError(msg, path=str(p))
        lid = US_OFAC_CONS.id if name.startswith("cons") else US_OFAC_SDN.id
        return read_csv(
            p, list_id=list_id or lid, observed=observed, known=known, source=src, name_of=name_of
        )
    if name.endswith(".zip"):
        # Only inside an archive (unpacked reads any other): its error names the member.
        msg = "a .zip archive inside a .zip archive is not read: unpack the outer one first"
        raise SourceError(msg, path=str(p))
    raise SourceError(
        "not an OFAC publication: expected a .csv or .xml file, a folder or a .zip archive",
        path=str(p),
    )


def _read_folder(
    p: Path,
    observed: date | datetime | None,
    list_id: str | None,
    fmt: str | None,
    known: frozenset[str],
    *,
    name_of: NameOf,
) -> Publication:
    """The one publication a folder holds, or the one ``list_id`` and ``fmt`` choose."""
    for child in p.iterdir():
        if child.name.lower() in _XML_NAMES and child.is_symlink() and not child.exists():
            child.stat()  # a link to nothing, or a loop: its error names it (see _read_each)
    held = _held(p)
    chosen = [h for h in held if list_id in (None, h.list_id) and fmt in (None, h.format)]
    twice = [h for h in chosen if h.path is not None]
    if len(twice) > 1 and len({h.name.lower() for h in twice}) == 1:
        # consolidated.xml beside CONSOLIDATED.XML: no choice tells them apart.
        names, name = ", ".join(h.name for h in twice), twice[0].name.lower()
        msg = f"the folder holds {len(twice)} files named {name!r} in some case ({names})"
        raise SourceError(msg, path=str(p))
    if len(chosen) > 1:
        hint = (
            "give list_id (on the command line, --list) to read one, or read_all for one of "
            "each list"
            if len({h.list_id for h in chosen}) == len(chosen)
            else f"give format ({', '.join(_FORMATS)}; on the command line, --format) to read one"
        )
        msg = f"the folder holds several publications ({_names(chosen)}): {hint}"
        raise SourceError(msg, path=str(p))
    if not chosen and held:
        wanted = " in ".join(w for w in (list_id, fmt) if w)
        msg = f"the folder holds no publication of {wanted} ({_names(held)})"
        raise SourceError(msg, path=str(p))
    if not chosen:
        # Companion files alone: refused, naming what is missing.
        return read_csv_folder(p, observed=observed, list_id=list_id, known=known)
    (pick,) = chosen
    if pick.path is None:
        return read_csv_folder(
            p,
            observed=observed,
            list_id=pick.list_id,
            known=known,
            source=name_of(p),
            name_of=name_of,
        )
    return _read(pick.path, observed, list_id, None, known, name_of=name_of)


@attrs.frozen
class _Held:
    """A publication a folder holds: a CSV set (no path: the folder) or an XML file."""

    name: str
    list_id: str
    format: str
    path: Path | None = None


def _held(folder: Path) -> list[_Held]:
    """The publications a folder holds: each CSV set whose primary file it has, each XML file."""
    held = [
        _Held(f"the {files['primary']} set", list_id, "csv")
        for list_id, files in CSV_SETS.items()
        if _find(folder, files["primary"], probe=True) is not None
    ]
    for child in sorted(folder.iterdir()):
        known = _XML_NAMES.get(child.name.lower())
        if known is not None and child.is_file():
            held.append(_Held(child.name, known[1], f"{known[0]}-xml", child))
    return held


def _names(held: list[_Held]) -> str:
    return ", ".join(f"{h.name} ({h.list_id}, {h.format})" for h in held)


def read_all(
    path: str | os.PathLike[str],
    *,
    observed: date | datetime | str | None = None,
    format: str | None = None,
    extra_programs: Iterable[str] = (),
) -> tuple[Publication, ...]:
    """Every publication a file or folder holds, one for each list, as :func:`read` reads them.

    A folder that :func:`read` refuses as holding several publications (the
    two CSV sets that ``fetch`` downloads side by side, say) is read as
    each of them, SDN list first.  A file is read alone; a ``.zip`` archive
    as the file or the folder it holds.

    Raises:
        SourceError: As :func:`read`, and for a folder holding two
            publications of one list (``sdn.csv`` and ``SDN.XML``) unless
            ``format`` chooses one: which to read is the caller's choice.
        TruncatedPublicationError: As :func:`read`.
    """
    return _read_each(path, observed, format, extra_programs, lists=None)
