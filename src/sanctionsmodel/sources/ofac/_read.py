"""``read``: recognize an OFAC publication's format and read it."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from sanctionsmodel._time import to_day_or_instant
from sanctionsmodel.exceptions import SourceError
from sanctionsmodel.reference import US_OFAC_CONS, US_OFAC_SDN
from sanctionsmodel.sources._publication import Publication
from sanctionsmodel.sources.ofac._advanced import read_advanced
from sanctionsmodel.sources.ofac._build import known_programs
from sanctionsmodel.sources.ofac._csv import CSV_SETS, list_of_folder, read_csv, read_csv_folder
from sanctionsmodel.sources.ofac._xml import read_legacy_xml

_XML_NAMES = {
    "sdn.xml": ("legacy", US_OFAC_SDN.id),
    "consolidated.xml": ("legacy", US_OFAC_CONS.id),
    "sdn_advanced.xml": ("advanced", US_OFAC_SDN.id),
    "cons_advanced.xml": ("advanced", US_OFAC_CONS.id),
}


def _sniff_xml(path: Path) -> tuple[str, str | None]:
    """The XML flavour (``legacy`` or ``advanced``) from the root element's name."""
    with path.open("rb") as fh:
        head = fh.read(4096)
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
    extra_programs: Iterable[str] = (),
) -> Publication:
    """Read an OFAC publication from a file or a folder, recognizing its format.

    Formats: the CSV set (a folder holding ``sdn.csv`` or ``cons_prim.csv``
    and any of its companions, or one primary CSV file), the legacy XML
    (``SDN.XML``, ``consolidated.xml``) and the advanced XML
    (``SDN_ADVANCED.XML``, ``cons_advanced.xml``, read streaming).  A folder
    holding one XML file is read as that file.

    Args:
        path: The file or folder.
        observed: When the caller saw the files; the CSV carries no date, so
            history from CSV needs it.  XML publications keep their own date
            and record this beside it.  A date, an aware datetime or an ISO
            string of either; a naive datetime is refused.
        list_id: ``us-ofac-sdn`` or ``us-ofac-cons``, where the file name
            does not tell (an unusually named CSV file).
        extra_programs: Program tags to accept besides
            :data:`~sanctionsmodel.reference.OFAC_PROGRAM_TAGS`: a tag
            outside both is refused, so a program OFAC creates after this
            release is taken in only once the caller names it.

    Returns:
        The publication: list, date, entities (programs as ``program``
        features), and for the advanced XML the per-list entry dates.

    Raises:
        SourceError: For an unrecognized, malformed or unsafe file, with the
            file, line (or XML path) and field.
        TruncatedPublicationError: For an empty, short or truncated file.
    """
    if observed is not None:
        observed = to_day_or_instant(observed)
    known = known_programs(extra_programs)
    # Readers build many small objects and no cycles: the cyclic collector
    # would rescan every entity built so far, again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read(Path(path), observed, list_id, known)
    finally:
        if enabled:
            gc.enable()


def _read(  # noqa: PLR0911 - one return per recognized format
    p: Path, observed: date | datetime | None, list_id: str | None, known: frozenset[str]
) -> Publication:
    if not p.exists():
        raise SourceError("no such file or folder", path=str(p))
    if p.is_dir():
        if list_of_folder(p) is not None:
            return read_csv_folder(p, observed=observed, list_id=list_id, known=known)
        xml = sorted(c for c in p.iterdir() if c.name.lower() in _XML_NAMES)
        if len(xml) == 1:
            return _read(xml[0], observed, list_id, known)
        if len(xml) > 1:
            names = ", ".join(c.name for c in xml)
            msg = f"the folder holds several publications ({names}): read one"
            raise SourceError(msg, path=str(p))
        return read_csv_folder(p, observed=observed, list_id=list_id, known=known)
    name = p.name.lower()
    if name.endswith(".xml"):
        flavour, named_list = _XML_NAMES.get(name, (None, None))
        if flavour is None:
            flavour, named_list = _sniff_xml(p)
        reader = read_legacy_xml if flavour == "legacy" else read_advanced
        return reader(p, observed=observed, list_id=list_id or named_list, known=known)
    if name.endswith(".csv"):
        for lid, files in CSV_SETS.items():
            if name == files["primary"]:
                return read_csv(p, list_id=list_id or lid, observed=observed, known=known)
        if name.startswith("cons"):
            return read_csv(p, list_id=list_id or US_OFAC_CONS.id, observed=observed, known=known)
        return read_csv(p, list_id=list_id or US_OFAC_SDN.id, observed=observed, known=known)
    raise SourceError(
        "not an OFAC publication: expected a .csv or .xml file or a folder", path=str(p)
    )
