"""Reader of the ROK FSC list: the annex of 「금융거래등제한대상자 지정 및 지정취소에 관한 규정」.

Two layouts are read:

- the annex *text* as published (the ``별표내용`` of the law.go.kr DRF API): a
  header with the total count ``(N명)``, numbered entries ``1. ...`` mixing
  Latin, Hangul, dates of birth and OFAC-style tags, and a trailing reference
  section (``◇ 참고``) that is not part of the list;
- the annex *table* of ``data/rok/fsc-annex-2026-2-entries-473-1066.csv``: one
  row per entry, with the corrected type of each entry and the names that a
  third-party parser took from affiliations set apart.

Either way the result is a :class:`~sanctionsmodel.sources.Publication` of the
list ``kr-fsc-ftr``, one :class:`~sanctionsmodel.Entity` per entry with id
``kr-fsc:KF-<n>``.  Entry numbers are positions in one notice, not stable
identifiers; they are kept as an ``Identifier(scheme="kr-fsc-annex")``.

>>> from sanctionsmodel.sources import kr_fsc
>>> pub = kr_fsc.read("data/rok/fsc-annex-2026-2-entries-860-899.txt")
>>> pub.notice, str(pub.published), pub.effective.isoformat(), len(pub.entities)
('2026-2', '2026-01-14', '2026-01-22T00:00:00+09:00', 40)
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs

from sanctionsmodel._model import (
    Entity,
    EntityKind,
    Feature,
    Identifier,
    Name,
    NameKind,
)
from sanctionsmodel._time import PartialDate
from sanctionsmodel.exceptions import InvalidValueError, SourceError, TruncatedPublicationError
from sanctionsmodel.names._hangul import SURNAME_SPELLINGS, is_syllable, split_name
from sanctionsmodel.reference import KR_FSC_FTR, KR_TFPA, kr_fsc_entity_id
from sanctionsmodel.sources._publication import Publication

__all__ = [
    "AFFILIATION_FEATURE",
    "ANNEX_SCHEME",
    "DOB_TEXT_FEATURE",
    "PROGRAM_TAG_FEATURE",
    "AnnexEntry",
    "NoticeInfo",
    "entries_of",
    "parse_entry",
    "read",
    "read_csv",
    "read_text",
]

#: The identifier scheme of an entry's position in the annex (``KF-874``).
ANNEX_SCHEME = "kr-fsc-annex"
#: The feature type of an OFAC-style tag the annex prints in brackets
#: (``E.O.13382``, ``TCO``); it is not an ROK program.
PROGRAM_TAG_FEATURE = "program tag"
#: The feature type of an organization an entry names as the person's
#: affiliation (``link to First Credit Bank``, or a name the parser took for an alias).
AFFILIATION_FEATURE = "affiliation"
#: The feature type of a date of birth printed too short to be a date (``May 7``).
DOB_TEXT_FEATURE = "date of birth (as printed)"
#: The feature type under which every entity carries its ROK program.
PROGRAM_FEATURE = "program"

_KST = ZoneInfo("Asia/Seoul")
_HEADER_COUNT = re.compile(r"\((\d[\d,]*)\s*명\)")
_ENTRY = re.compile(r"^\s*(\d+)\.\s+(.*)$")
_TRAILER = re.compile(r"^\s*(◇|※|[┌├└│─┏┃━])")
_META = re.compile(r"^\s*(발령번호|발령일자|시행일자)\s*[:\uff1a]\s*(\S+)\s*$")
_TAG = re.compile(r"^(E\.O\.\s?\d+|[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)$")
_BRACKET_TAG = re.compile(r"\[([^\]]+)\]")
_DOB = re.compile(r",?\s*\bDOB\b\s*(.*)$")
_LINK = re.compile(r"^(.*?)\s+link to\s+(.+)$", re.IGNORECASE)
_CYRILLIC_ALIAS = re.compile(r"^(.*?)\s*\(Cyrillic:\s*(.+?)\)?$")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        )
    )
    for m in names
}
_ORG_ENDINGS = (
    "은행",
    "회사",
    "군단",
    "총국",
    "무역",
    "대학",
    "연구",
    "원",
    "소",
    "부",
    "국",
    "단",
    "사",
    "회",
    "청",
    "처",
)
_CSV_COLUMNS = (
    "entry_no",
    "entry_id",
    "type_en",
    "country_or_program_raw",
    "names_raw",
    "affiliation_captured_as_name",
)
_NAME_SEPARATOR = " | "
_MAX_PERSON_SYLLABLES = 4


@attrs.frozen(kw_only=True)
class NoticeInfo:
    """The notice an annex belongs to: number, issue date and effective date.

    Attributes:
        notice: The notice number (발령번호), such as ``2026-2``.
        issued: The issue date (발령일자).
        effective: The effective date (시행일자); the notice applies from
            00:00 KST that day.
        entries: The number of entries the notice states, if known.
    """

    notice: str
    issued: date
    effective: date
    entries: int | None = None

    @property
    def effective_at(self) -> datetime:
        """The instant the notice takes effect: 00:00 KST of its effective date."""
        return datetime(self.effective.year, self.effective.month, self.effective.day, tzinfo=_KST)


@attrs.frozen(kw_only=True)
class AnnexEntry:
    """What one annex entry says, before it becomes an entity.

    Attributes:
        names: The names, as printed, with their kind.
        birth_dates: Dates of birth that parse as dates.
        dob_texts: Dates of birth printed too short to parse (``May 7``).
        affiliations: Organizations named as the person's affiliation.
        tags: OFAC-style tags printed in brackets.
        countries: Countries or nationalities printed.
        individual: Whether the text marks the entry as a person.
    """

    names: tuple[tuple[str, NameKind], ...] = ()
    birth_dates: tuple[PartialDate, ...] = ()
    dob_texts: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    individual: bool = False


def _parse_dob(text: str) -> PartialDate | None:
    """Read ``Jan 3, 1956``, ``12 Apr 1985``, ``Mar 1960`` or ``1961``; None otherwise."""
    words = re.findall(r"[A-Za-z]+|\d+", text)
    day = month = year = None
    for word in words:
        if word.isdigit():
            if len(word) == 4:  # noqa: PLR2004 - a year
                year = int(word)
            elif len(word) <= 2:  # noqa: PLR2004 - a day of the month
                day = int(word)
        elif word.lower() in _MONTHS:
            month = _MONTHS[word.lower()]
    if year is None:
        return None
    try:
        return PartialDate(year=year, month=month, day=day if month else None)
    except InvalidValueError:
        return None


def _split_scripts(text: str) -> list[str]:
    """Split ``Kang Sun Nam 강순남`` into its Latin and Hangul parts; others stay whole."""
    text = text.strip().strip('"').strip()
    has_hangul = any(is_syllable(c) for c in text)
    has_latin = any(c.isascii() and c.isalpha() for c in text)
    if not (has_hangul and has_latin):
        return [text] if text else []
    for sep in (", ", " "):
        parts = text.split(sep)
        for cut in range(1, len(parts)):
            head, tail = sep.join(parts[:cut]), sep.join(parts[cut:])
            head_hangul = any(is_syllable(c) for c in head)
            tail_hangul = any(is_syllable(c) for c in tail)
            head_latin = any(c.isascii() and c.isalpha() for c in head)
            tail_latin = any(c.isascii() and c.isalpha() for c in tail)
            if head_hangul != tail_hangul and head_latin != tail_latin:
                return [p.strip(" ,") for p in (head, tail) if p.strip(" ,")]
    return [text]


def _name_pieces(piece: str) -> tuple[list[str], list[PartialDate], list[str], list[str]]:
    """One printed name into names, dates of birth, unparsed DOB texts and affiliations."""
    dobs: list[PartialDate] = []
    dob_texts: list[str] = []
    affiliations: list[str] = []
    match = _DOB.search(piece)
    if match:
        piece = piece[: match.start()]
        parsed = _parse_dob(match.group(1))
        if parsed is None:
            dob_texts.append(match.group(1).strip())
        else:
            dobs.append(parsed)
    link = _LINK.match(piece)
    if link:
        piece = link.group(1)
        affiliations.append(link.group(2).strip())
    cyrillic = _CYRILLIC_ALIAS.match(piece)
    texts = [cyrillic.group(1), cyrillic.group(2)] if cyrillic else [piece]
    names = [part for text in texts for part in _split_scripts(text)]
    return names, dobs, dob_texts, affiliations


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside parentheses and brackets."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        if char == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_entry(text: str) -> AnnexEntry:
    """Parse the text of one annex entry (without its number).

    The OFAC-style form ``SURNAME, Given (a.k.a. X; a.k.a. Y); 김원홍; DOB 3 Jan
    1956; nationality Korea, North; (individual) [E.O.13382]`` and the later
    mixed forms (``Kang Sun Nam 강순남 DOB Jan 3, 1956``, ``조명철 link to First
    Credit Bank``) are both read.

    Args:
        text: The entry text.

    Returns:
        What the entry says.

    >>> e = parse_entry("Kang Sun Nam 강순남 DOB Jan 3, 1956")
    >>> [n for n, _ in e.names], [str(d) for d in e.birth_dates]
    (['Kang Sun Nam', '강순남'], ['1956-01-03'])
    """
    tags = [t.strip() for t in _BRACKET_TAG.findall(text)]
    text = _BRACKET_TAG.sub(" ", text)
    individual = bool(re.search(r"\((individual|개인)\)", text, re.IGNORECASE))
    text = re.sub(r"\((individual|개인|entity|단체|vessel|선박)\)", " ", text, flags=re.IGNORECASE)
    names: list[str] = []
    dobs: list[PartialDate] = []
    dob_texts: list[str] = []
    affiliations: list[str] = []
    countries: list[str] = []
    for raw in _split_top(text, ";"):
        segment = raw
        lower = segment.lower()
        if lower.startswith("nationality"):
            countries.append(segment[len("nationality") :].strip())
            individual = True
            continue
        if lower.startswith("gender"):
            individual = True
            continue
        if lower.startswith(("a.k.a.", "f.k.a.", "n.k.a.")):
            segment = segment[6:].strip()
        head, _, inner = segment.partition(" (a.k.a. ")
        pieces = [head]
        if inner:
            pieces += [p.removeprefix("a.k.a.").strip() for p in _split_top(inner.rstrip(")"), ";")]
        for piece in pieces:
            found, more_dobs, more_texts, more_aff = _name_pieces(piece)
            names += found
            dobs += more_dobs
            dob_texts += more_texts
            affiliations += more_aff
    if dobs or dob_texts:
        individual = True
    kinds = [NameKind.PRIMARY if i == 0 else NameKind.AKA for i in range(len(names))]
    return AnnexEntry(
        names=tuple(zip(names, kinds, strict=True)),
        birth_dates=tuple(dobs),
        dob_texts=tuple(dob_texts),
        affiliations=tuple(affiliations),
        tags=tuple(tags),
        countries=tuple(countries),
        individual=individual or _looks_personal(names),
    )


def _looks_personal(names: Sequence[str]) -> bool:
    """A Hangul-only name of 2-4 syllables starting with a common surname reads as a person."""
    for name in names:
        compact = "".join(name.split())
        if not compact or not all(is_syllable(c) for c in compact):
            continue
        surname, given = split_name(compact)
        if (
            given
            and len(compact) <= _MAX_PERSON_SYLLABLES
            and surname in SURNAME_SPELLINGS
            and not compact.endswith(_ORG_ENDINGS)
        ):
            return True
    return False


def _entity(number: int, entry: AnnexEntry, kind: EntityKind, where: str) -> Entity:
    features = [Feature(type=PROGRAM_FEATURE, value=KR_TFPA.id)]
    features += [Feature(type=PROGRAM_TAG_FEATURE, value=t) for t in entry.tags]
    features += [Feature(type=AFFILIATION_FEATURE, value=a) for a in entry.affiliations]
    features += [Feature(type=DOB_TEXT_FEATURE, value=t) for t in entry.dob_texts]
    nationalities: tuple[str, ...] = ()
    if kind is EntityKind.INDIVIDUAL:
        nationalities = entry.countries
    else:
        features += [Feature(type="country", value=c) for c in entry.countries]
    names = []
    seen: set[str] = set()
    for text, name_kind in entry.names:
        if text not in seen:
            seen.add(text)
            names.append(Name(text=text, kind=name_kind, source=where))
    if not names:
        msg = "the entry has no name"
        raise InvalidValueError(msg)
    return Entity(
        id=kr_fsc_entity_id(number),
        kind=kind,
        names=names,
        identifiers=[Identifier(scheme=ANNEX_SCHEME, value=f"KF-{number}", country="KR")],
        birth_dates=entry.birth_dates,
        nationalities=nationalities,
        features=features,
        source=where,
    )


def _to_date(value: str, *, path: str, field: str) -> date:
    digits = value.replace("-", "").replace(".", "").strip()
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        msg = f"expected a date YYYYMMDD, got {value!r}"
        raise SourceError(msg, path=path, field=field) from None


def _read_meta(path: Path) -> NoticeInfo:
    where = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        msg = f"cannot read the notice metadata: {exc}"
        raise SourceError(msg, path=where) from None
    if not isinstance(data, dict):
        raise SourceError("expected a JSON object", path=where)
    for key in ("notice", "issued", "effective"):
        if not isinstance(data.get(key), str):
            msg = f"expected a text field {key!r}"
            raise SourceError(msg, path=where, field=key)
    entries = data.get("entries")
    if entries is not None and not isinstance(entries, int):
        raise SourceError("expected an integer", path=where, field="entries")
    return NoticeInfo(
        notice=data["notice"],
        issued=_to_date(data["issued"], path=where, field="issued"),
        effective=_to_date(data["effective"], path=where, field="effective"),
        entries=entries,
    )


def _check_numbers(numbers: list[int], lines: list[int], *, path: str) -> None:
    if not numbers:
        raise TruncatedPublicationError("no entry was read", path=path)
    for previous, number, line in zip(numbers, numbers[1:], lines[1:], strict=False):
        if number != previous + 1:
            msg = (
                f"entry {number} follows entry {previous}: entries must be numbered without "
                "gaps or repeats"
            )
            raise SourceError(
                msg,
                path=path,
                line=line,
            )


def _publication(
    entities: list[Entity], info: NoticeInfo, *, path: str, count: int | None
) -> Publication:
    return Publication(
        list=KR_FSC_FTR.id,
        source=path,
        entities=tuple(entities),
        published=info.issued,
        effective=info.effective_at,
        notice=info.notice,
        record_count=count,
    )


def _notice_from_lines(meta: dict[str, str], stated: int, where: str) -> NoticeInfo:
    """The notice from the ``발령번호`` / ``발령일자`` / ``시행일자`` lines of an annex text."""
    missing = [k for k in ("발령번호", "발령일자", "시행일자") if k not in meta]
    if missing:
        msg = f"the notice is not given and the file lacks {', '.join(missing)}"
        raise SourceError(msg, path=where)
    return NoticeInfo(
        notice=meta["발령번호"],
        issued=_to_date(meta["발령일자"], path=where, field="발령일자"),
        effective=_to_date(meta["시행일자"], path=where, field="시행일자"),
        entries=stated,
    )


def read_text(
    path: str | os.PathLike[str],
    *,
    notice: NoticeInfo | None = None,
    expected_count: int | None = None,
) -> Publication:
    """Read the annex text as published: header ``(N명)``, then numbered entries.

    The notice number and dates come from ``notice`` or, failing that, from
    ``발령번호: …``, ``발령일자: YYYYMMDD`` and ``시행일자: YYYYMMDD`` lines
    before the header (the DRF API gives them beside the annex text).
    Entries must be numbered without gaps; their count must equal the
    header's (and ``expected_count``, if given).  The reference section
    after the list (``◇ 참고``, box-drawn tables) is skipped.

    Args:
        path: The text file (UTF-8).
        notice: The notice the annex belongs to, if the file does not say.
        expected_count: The number of entries the caller expects.

    Returns:
        The publication.

    Raises:
        SourceError: If the file cannot be read, has no header count, or an
            entry cannot be parsed.
        TruncatedPublicationError: If fewer entries are read than stated.
    """
    where = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read the annex text: {exc}"
        raise SourceError(msg, path=where) from None
    meta: dict[str, str] = {}
    stated: int | None = None
    entries: list[tuple[int, int, list[str]]] = []
    for line_no, line in enumerate(lines, start=1):
        if _TRAILER.match(line):
            break
        if not entries:
            if m := _META.match(line):
                meta[m.group(1)] = m.group(2)
                continue
            if stated is None and (m := _HEADER_COUNT.search(line)):
                stated = int(m.group(1).replace(",", ""))
                continue
        if m := _ENTRY.match(line):
            if stated is None:
                raise SourceError(
                    "an entry comes before the header count '(N명)'", path=where, line=line_no
                )
            entries.append((int(m.group(1)), line_no, [m.group(2)]))
        elif line.strip() and entries:
            entries[-1][2].append(line.strip())
    if stated is None:
        raise SourceError("no header count '(N명)' was found", path=where)
    if notice is None:
        notice = _notice_from_lines(meta, stated, where)
    _check_numbers([n for n, _, _ in entries], [ln for _, ln, _ in entries], path=where)
    for count, what in ((stated, "the header states"), (expected_count, "expected")):
        if count is not None and len(entries) != count:
            msg = f"{len(entries)} entries read, {what} {count}"
            raise TruncatedPublicationError(msg, path=where)
    entities = []
    for number, line_no, parts in entries:
        entry = parse_entry(" ".join(parts))
        kind = EntityKind.INDIVIDUAL if entry.individual else EntityKind.ORGANIZATION
        try:
            entities.append(_entity(number, entry, kind, f"{where}:{line_no}"))
        except InvalidValueError as exc:
            raise SourceError(str(exc), path=where, line=line_no) from None
    return _publication(entities, notice, path=where, count=stated)


def _kind(value: str, *, path: str, line: int) -> EntityKind:
    if value.startswith("person"):
        return EntityKind.INDIVIDUAL
    if value.startswith("organization"):
        return EntityKind.ORGANIZATION
    msg = f"expected a type starting 'person' or 'organization', got {value!r}"
    raise SourceError(
        msg,
        path=path,
        line=line,
        field="type_en",
    )


def _split_names(value: str) -> list[str]:
    return [p.strip() for p in value.split(_NAME_SEPARATOR) if p.strip()]


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    where = str(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in _CSV_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                msg = f"missing columns {missing}"
                raise SourceError(msg, path=where, line=1)
            for row in reader:
                yield reader.line_num, row
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        msg = f"cannot read the annex table: {exc}"
        raise SourceError(msg, path=where) from None


def _csv_entry(row: dict[str, str]) -> AnnexEntry:
    affiliations = set(_split_names(row["affiliation_captured_as_name"]))
    names: list[str] = []
    dobs: list[PartialDate] = []
    dob_texts: list[str] = []
    linked: list[str] = []
    for piece in _split_names(row["names_raw"]):
        if piece in affiliations:
            continue
        found, more_dobs, more_texts, more_aff = _name_pieces(piece)
        names += found
        dobs += more_dobs
        dob_texts += more_texts
        linked += more_aff
    raw = row["country_or_program_raw"].strip()
    tags = (raw,) if raw and _TAG.match(raw) else ()
    countries = (raw,) if raw and not tags else ()
    return AnnexEntry(
        names=tuple((n, NameKind.PRIMARY if i == 0 else NameKind.AKA) for i, n in enumerate(names)),
        birth_dates=tuple(dobs),
        dob_texts=tuple(dob_texts),
        affiliations=tuple(dict.fromkeys([*linked, *sorted(affiliations)])),
        tags=tags,
        countries=countries,
    )


def read_csv(
    path: str | os.PathLike[str],
    *,
    notice: NoticeInfo | None = None,
    expected_count: int | None = None,
) -> Publication:
    """Read the annex table layout (one row per entry, see the module docstring).

    The table is a partial transcription: it holds a contiguous range of
    entries, not the whole annex.  What can be checked is: entries are
    numbered without gaps; the range matches the one the file name states
    (``…-entries-473-1066.csv``); the last entry does not pass the count the
    notice states; and the number of entries equals ``expected_count`` if
    given.  ``record_count`` is the count the notice states (1,066 for
    notice 2026-2), not the number of rows.

    The notice comes from ``notice`` or from the metadata file beside the
    table (``…-meta.json``, with ``notice``, ``issued``, ``effective`` and
    ``entries``).

    Args:
        path: The CSV file (UTF-8, with a header row).
        notice: The notice the annex belongs to, if not from the metadata file.
        expected_count: The number of entries the caller expects.

    Returns:
        The publication.

    Raises:
        SourceError: If a column is missing, a row cannot be read or the
            numbering has a gap.
        TruncatedPublicationError: If the range or count falls short.
    """
    path = Path(path)
    where = str(path)
    if notice is None:
        meta = path.with_name(path.name.split("-entries-")[0].removesuffix(".csv") + "-meta.json")
        if not meta.exists():
            msg = f"the notice is not given and there is no metadata file {meta.name}"
            raise SourceError(msg, path=where)
        notice = _read_meta(meta)
    numbers: list[int] = []
    lines: list[int] = []
    entities: list[Entity] = []
    for line_no, row in _csv_rows(path):
        try:
            number = int(row["entry_no"])
        except ValueError:
            msg = f"expected an entry number, got {row['entry_no']!r}"
            raise SourceError(
                msg,
                path=where,
                line=line_no,
                field="entry_no",
            ) from None
        if row["entry_id"] != f"KF-{number}":
            msg = f"entry_id {row['entry_id']!r} does not match entry_no {number}"
            raise SourceError(
                msg,
                path=where,
                line=line_no,
                field="entry_id",
            )
        kind = _kind(row["type_en"], path=where, line=line_no)
        try:
            entities.append(_entity(number, _csv_entry(row), kind, f"{where}:{line_no}"))
        except InvalidValueError as exc:
            raise SourceError(str(exc), path=where, line=line_no, field="names_raw") from None
        numbers.append(number)
        lines.append(line_no)
    _check_numbers(numbers, lines, path=where)
    _check_range(path, numbers, notice, expected_count)
    return _publication(entities, notice, path=where, count=notice.entries)


def _check_range(
    path: Path, numbers: list[int], notice: NoticeInfo, expected_count: int | None
) -> None:
    where = str(path)
    first, last = numbers[0], numbers[-1]
    if m := re.search(r"entries-(\d+)-(\d+)", path.name):
        stated = (int(m.group(1)), int(m.group(2)))
        if (first, last) != stated:
            msg = f"entries {first}-{last} read, the file name states {stated[0]}-{stated[1]}"
            raise TruncatedPublicationError(
                msg,
                path=where,
            )
    if notice.entries is not None and last > notice.entries:
        msg = f"entry {last} is beyond the {notice.entries} entries the notice states"
        raise SourceError(msg, path=where)
    if expected_count is not None and len(numbers) != expected_count:
        msg = f"{len(numbers)} entries read, expected {expected_count}"
        raise TruncatedPublicationError(msg, path=where)


def read(
    path: str | os.PathLike[str],
    *,
    notice: NoticeInfo | None = None,
    expected_count: int | None = None,
) -> Publication:
    """Read an FSC annex in either layout: ``.csv`` is the table, anything else the text.

    Args:
        path: The file.
        notice: The notice the annex belongs to, where the file does not say.
        expected_count: The number of entries the caller expects.

    Returns:
        The publication of list ``kr-fsc-ftr``.

    Raises:
        SourceError: If the file cannot be read as an annex.
        TruncatedPublicationError: If fewer entries are read than stated or expected.
    """
    if str(path).lower().endswith(".csv"):
        return read_csv(path, notice=notice, expected_count=expected_count)
    return read_text(path, notice=notice, expected_count=expected_count)


def entries_of(publication: Publication) -> Iterable[int]:
    """The annex entry numbers of a publication's entities, in order.

    Args:
        publication: A publication this module read.

    Returns:
        The numbers.
    """
    for entity in publication.entities:
        for ident in entity.identifiers:
            if ident.scheme == ANNEX_SCHEME:
                yield int(ident.value.removeprefix("KF-"))
