"""The advanced XML: ``SDN_ADVANCED.XML`` and ``cons_advanced.xml``, read streaming.

The file is ordered: the reference value sets (the data dictionary), then
locations and identity documents, then the parties, then the relationships
and the sanctions entries (programs and entry dates).  Elements are read as
they end and dropped at once, so memory holds the dictionary, the locations,
the documents and the parties being built, never the tree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sanctionsmodel._model import Address, EntityKind, NameKind, Relationship
from sanctionsmodel.exceptions import InvalidValueError, SourceError, TruncatedPublicationError
from sanctionsmodel.reference import OFAC_PROGRAM_TAGS, US_OFAC_CONS, US_OFAC_SDN, ofac_entity_id
from sanctionsmodel.sources._publication import EntryEvent, ListEntry, Publication
from sanctionsmodel.sources.ofac._build import (
    WEAK_KINDS,
    EntityBuilder,
    build_all,
    is_number,
    labelled,
    make_name,
    program_tag,
)
from sanctionsmodel.sources.ofac._remarks import birth_date, parse_remarks
from sanctionsmodel.sources.ofac._safexml import local, stream
from sanctionsmodel.sources.ofac._xml import flat_address, join_name

if TYPE_CHECKING:
    from collections.abc import Callable

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: The country (and area code) OFAC names where it knows none.
_UNDETERMINED = "undetermined"
_ALIAS_KINDS = {"A.K.A.": NameKind.AKA, "F.K.A.": NameKind.FKA, "N.K.A.": NameKind.NKA}
_VESSEL = {
    "Vessel Call Sign": "call_sign",
    "Vessel Type": "vessel_type",
    "Vessel Flag": "flag",
    "Vessel Owner": "owner",
    "Vessel Tonnage": "tonnage",
    "Vessel Gross Registered Tonnage": "gross_registered_tonnage",
}
_KINDS = {
    "Individual": EntityKind.INDIVIDUAL,
    "Entity": EntityKind.ORGANIZATION,
    "Vessel": EntityKind.VESSEL,
    "Aircraft": EntityKind.AIRCRAFT,
}
_SDN_LIST = "SDN List"
#: Marks a feature value that is a LocationID (a prefix no text value has).
_LOCATION = "\x00location:"
#: The location part types an address places; ``Unknown`` holds a place's
#: bare name (a country a feature points at), an address line elsewhere.
_PARTS = frozenset(
    (
        "ADDRESS1",
        "ADDRESS2",
        "ADDRESS3",
        "CITY",
        "STATE/PROVINCE",
        "POSTAL CODE",
        "REGION",
        "Unknown",
    )
)

#: What the reader takes from each element of a record, as OFAC's schema
#: (``sdn_advanced.xsd``) lays it out: the children it reads (``Name``, any
#: number; ``Name?``, at most one; ``Name-``, passed over, and so refused
#: if it holds text or elements: OFAC writes empty ``Comment``s and
#: ``DatePeriod``s in many places) and, after ``@``, the attributes it reads or passes over.
#: Passed over on purpose: ids and back-references (``...Reference``, which
#: repeat a link the other end states), ``Primary``/``DocNameStatusID``
#: (which name OFAC lists first), ``ScriptID`` (the script is read from the
#: text), the ``...Fixed`` flags, and the grades ``ReliabilityID`` and
#: ``RelationQualityID`` (see the docs).  Anything else, an element or an
#: attribute the schema allows but the model has no place for (an alias's
#: ``DatePeriod``, an ``ExternalReference``, a delta file's ``DeltaAction``),
#: or one the schema lacks, is refused with its path: it would be lost.
_RULES_TEXT = {
    "Location": "LocationPart LocationCountry? LocationAreaCode? Comment- FeatureVersionReference"
    " IDRegDocumentReference @ID",
    "LocationPart": "LocationPartValue? @LocPartTypeID",
    "LocationPartValue": "Value? Comment- @Primary LocPartValueTypeID LocPartValueStatusID",
    "LocationCountry": "@CountryID CountryRelevanceID",
    "LocationAreaCode": "@AreaCodeID",
    "IDRegDocument": "Comment- IDRegistrationNo? IssuingAuthority? DocumentDate"
    " DocumentedNameReference FeatureVersionReference ProfileRelationshipReference"
    " @ID IDRegDocTypeID IdentityID IssuedBy-CountryID IssuedIn-LocationID ValidityID",
    "DocumentDate": "DatePeriod? @IDRegDocDateTypeID",
    "DatePeriod": "Start? End? Comment- @CalendarTypeID YearFixed MonthFixed DayFixed",
    "Start": "From? To? @Approximate YearFixed MonthFixed DayFixed",
    "End": "From? To? @Approximate YearFixed MonthFixed DayFixed",
    "From": "Year? Month? Day?",
    "To": "Year? Month? Day?",
    "Date": "Year? Month? Day? @CalendarTypeID",
    "DistinctParty": "Comment? Profile? @FixedRef",
    "Profile": "Comment? Identity Feature SanctionsEntryReference @ID PartySubTypeID",
    "Identity": "Alias NamePartGroups? Comment- IDRegDocumentReference @ID FixedRef Primary False",
    "Alias": "DocumentedName Comment- DatePeriod- @FixedRef AliasTypeID Primary LowQuality",
    "DocumentedName": "DocumentedNamePart Comment- IDRegDocumentReference"
    " @ID FixedRef DocNameStatusID",
    "DocumentedNamePart": "NamePartValue? @LeadingChars TrailingChars",
    "NamePartValue": "@NamePartGroupID ScriptID ScriptStatusID Acronym",
    "NamePartGroups": "MasterNamePartGroup",
    "MasterNamePartGroup": "NamePartGroup",
    "NamePartGroup": "@ID NamePartTypeID",
    "Feature": "FeatureVersion IdentityReference @ID FeatureTypeID",
    "FeatureVersion": "Comment- DatePeriod? VersionDetail? VersionLocation? IDRegDocumentReference"
    " @ID ReliabilityID",
    "VersionDetail": "@DetailTypeID DetailReferenceID",
    "VersionLocation": "@LocationID",
    "IdentityReference": "@IdentityID IdentityFeatureLinkTypeID",
    "SanctionsEntry": "Comment- EntryEvent SanctionsMeasure ProfileRelationshipReference"
    " @ID ProfileID ListID",
    "EntryEvent": "Comment- Date? @ID EntryEventTypeID LegalBasisID",
    "SanctionsMeasure": "Comment? DatePeriod- @ID SanctionsTypeID",
    "ProfileRelationship": "Comment- DatePeriod- IDRegDocumentReference"
    " @ID From-ProfileID To-ProfileID RelationTypeID RelationQualityID Former SanctionsEntryID",
    "FeatureVersionReference": "@FeatureVersionID",
    "IDRegDocumentReference": "@IDRegDocumentID",
    "DocumentedNameReference": "@DocumentedNameID",
    "SanctionsEntryReference": "@SanctionsEntryID",
    "ProfileRelationshipReference": "@ProfileRelationshipID",
}
#: Elements read for their text alone (no child, no attribute).
_LEAVES = ("Value", "IDRegistrationNo", "IssuingAuthority", "Comment", "Year", "Month", "Day")
#: The sections of the file, each with the one record element it holds
#: (``None``: the reader reads no record there, so the section must be empty).
_SECTIONS = {
    "Locations": "Location",
    "IDRegDocuments": "IDRegDocument",
    "DistinctParties": "DistinctParty",
    "ProfileRelationships": "ProfileRelationship",
    "SanctionsEntries": "SanctionsEntry",
    "SanctionsEntryLinks": None,
}
_TOP = frozenset(("DateOfIssue", "ReferenceValueSets", *_SECTIONS))
_ROOT_ATTRS = frozenset(("Version", "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"))


@dataclass(frozen=True, slots=True)
class _Rule:
    """What the reader takes from one element: its children, by tag, and attributes."""

    #: :data:`_MANY`, :data:`_ONCE` or :data:`_PASSED` (must be empty), by tag.
    children: dict[str, int]
    attrs: frozenset[str]
    #: Whether the element carries ``CalendarTypeID`` (a date: Gregorian only).
    dated: bool


#: The modes of a child in a :class:`_Rule` (``Name``, ``Name?``, ``Name-``);
#: ``_MANY`` is the only false one, so the common case costs one test.
_MANY, _ONCE, _PASSED = 0, 1, 2
_MODES = {"?": _ONCE, "-": _PASSED}


@cache
def _rules(ns: str) -> dict[str, _Rule]:
    """The rules of :data:`_RULES_TEXT`, keyed by the qualified tags of namespace ``ns``."""
    rules = {ns + leaf: _Rule({}, frozenset(), dated=False) for leaf in _LEAVES}
    for name, text in _RULES_TEXT.items():
        kids, _, attrs = text.partition("@")
        children = {ns + token.rstrip("?-"): _MODES.get(token[-1], _MANY) for token in kids.split()}
        names = frozenset(attrs.split())
        rules[ns + name] = _Rule(children, names, dated="CalendarTypeID" in names)
    rules[ns + "DateOfIssue"] = rules[ns + "Date"]
    return rules


@dataclass(slots=True)
class _State:
    """What the reader keeps while it streams (private)."""

    path: Path
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    subtypes: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The ``CountryID`` of each area code that names one.
    area_countries: dict[str, str] = field(default_factory=dict)
    published: date | None = None
    locations: dict[str, Address] = field(default_factory=dict)
    #: The name of each bare place (a location with no address part), by id.
    places: dict[str, str | None] = field(default_factory=dict)
    documents: dict[str, list[ET.Element]] = field(default_factory=dict)
    builders: dict[int, EntityBuilder] = field(default_factory=dict)
    entries: list[ListEntry] = field(default_factory=list)
    known: frozenset[str] = OFAC_PROGRAM_TAGS
    #: Records read, by element name.
    counts: dict[str, int] = field(default_factory=dict)
    #: The namespace prefix of the file's tags, :func:`_rules` for it, and
    #: the qualified tag of each element name (``q["Value"]``).
    ns: str = ""
    rules: dict[str, _Rule] = field(default_factory=dict)
    q: dict[str, str] = field(default_factory=dict)
    #: The ``CalendarTypeID`` of the Gregorian calendar (the only one read).
    gregorian: str | None = None

    def value(self, kind: str, ref: str | None, where: str) -> str:
        """Resolve an ``...ID`` attribute in the reference value sets.

        Raises:
            SourceError: For an id the sets lack, or one whose value is empty
                (it would name nothing: an empty country, label or type).
        """
        table = self.values.get(kind, {})
        if ref is None or ref not in table:
            msg = f"unknown {kind} id {ref!r}"
            raise SourceError(msg, path=str(self.path), field=where)
        text = table[ref]
        if not text:
            msg = f"{kind} id {ref!r} has no value in the reference value sets"
            raise SourceError(msg, path=str(self.path), field=where)
        return text


def _check(state: _State, elem: ET.Element, where: str) -> None:
    """Refuse what the reader would not take from an element (see :data:`_RULES_TEXT`).

    Raises:
        SourceError: Naming the element or attribute, with its XML path.
    """
    refused = _walk(state.rules, elem, len(state.ns), state.gregorian)
    if refused is None:
        return
    holder, message, name = refused
    cut = len(state.ns)
    field_ = "/".join((where, *(e.tag[cut:] for e in _lineage(elem, holder)[1:]), name))
    if message is None:  # a calendar other than the Gregorian
        calendar = state.value("CalendarType", holder.get("CalendarTypeID"), field_)
        message = f"a date of the {calendar} calendar: only Gregorian dates are read"
    raise SourceError(message, path=str(state.path), field=field_)


def _lineage(top: ET.Element, target: ET.Element) -> list[ET.Element]:
    """The elements from ``top`` down to ``target`` (for an error's path only)."""
    parents = {child: parent for parent in top.iter() for child in parent}
    line = [target]
    while line[-1] is not top:
        line.append(parents[line[-1]])
    return line[::-1]


def _walk(
    rules: dict[str, _Rule], top: ET.Element, cut: int, gregorian: str | None
) -> tuple[ET.Element, str | None, str] | None:
    """Check ``top`` and what it holds against ``rules``; the hot loop of :func:`_check`.

    Returns:
        ``None``, or what is refused first: the element holding it, the
        message (``None`` for a calendar other than the Gregorian) and the
        name of the refused child or ``@attribute``.
    """
    stack = [top]
    while stack:
        elem = stack.pop()
        rule = rules[elem.tag]
        attrib = elem.attrib
        if attrib and (
            not rule.attrs.issuperset(attrib)
            or (rule.dated and attrib.get("CalendarTypeID") != gregorian)
        ):
            name = next((a for a in attrib if a not in rule.attrs), "CalendarTypeID")
            if name == "CalendarTypeID":
                return elem, None, f"@{name}"
            delta = " (a delta file is not a full publication)" if name == "DeltaAction" else ""
            msg = (
                f"attribute {name} of {elem.tag[cut:]} is not read: refused, "
                f"as its data would be lost{delta}"
            )
            return elem, msg, f"@{name}"
        once: set[str] | None = None
        children = rule.children
        for child in elem:
            tag = child.tag
            mode = children.get(tag)
            if mode:  # once, or passed over
                if mode == _PASSED:
                    if len(child) or (child.text and not child.text.isspace()):
                        text = (child.text or "").strip()
                        what = f" holding {text!r}" if text else " holding elements"
                        msg = (
                            f"{tag[cut:]}{what} is not read in {elem.tag[cut:]}: refused, "
                            "as its data would be lost"
                        )
                        return elem, msg, tag[cut:]
                    continue
                if once is None:
                    once = {tag}
                elif tag in once:
                    msg = f"{elem.tag[cut:]} holds more than one {tag[cut:]}; the reader reads one"
                    return elem, msg, tag[cut:]
                else:
                    once.add(tag)
            elif mode is None:
                msg = (
                    f"{tag[cut:]} is not read in {elem.tag[cut:]}: refused, "
                    "as its data would be lost"
                )
                return elem, msg, tag[cut:]
            if len(child):
                stack.append(child)
            elif child.attrib:
                # A leaf's attributes, checked here: most leaves pass, and
                # only one that does not goes on the stack to be reported.
                inner = rules[tag]
                if not inner.attrs.issuperset(child.attrib) or (
                    inner.dated and child.attrib.get("CalendarTypeID") != gregorian
                ):
                    stack.append(child)
    return None


def _check_section(state: _State, elem: ET.Element) -> None:
    """Refuse a section holding an element other than its records (or any, if none is read)."""
    cut = len(state.ns)
    name = elem.tag[cut:]
    record = _SECTIONS[name]
    for child in elem:
        if child.tag[cut:] != record:
            msg = f"{child.tag[cut:]} is not read in {name}: refused, as its data would be lost"
            raise SourceError(
                msg, path=str(state.path), field=f"Sanctions/{name}/{child.tag[cut:]}"
            )
    elem.clear()


def _check_root(state: _State, elem: ET.Element) -> None:
    """Refuse a section, or a root attribute, the reader does not read; check DateOfIssue."""
    cut = len(state.ns)
    for child in elem:
        if child.tag[cut:] not in _TOP:
            msg = f"{child.tag[cut:]} is not read in Sanctions: refused, as its data would be lost"
            raise SourceError(msg, path=str(state.path), field=f"Sanctions/{child.tag[cut:]}")
    for name in elem.attrib:
        if name not in _ROOT_ATTRS:
            msg = f"attribute {name} of Sanctions is not read" + (
                ": a delta file is not a full publication" if name == "DeltaBaseVersion" else ""
            )
            raise SourceError(msg, path=str(state.path), field=f"Sanctions/@{name}")
    # Checked last: its calendar is named in the dictionary that follows it.
    date_of_issue = elem.find(state.q["DateOfIssue"])
    if date_of_issue is not None:
        _check(state, date_of_issue, "Sanctions/DateOfIssue")


#: The values of an ``xsd:boolean`` attribute.
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _flag(elem: ET.Element, name: str) -> bool:
    """An ``xsd:boolean`` attribute (``true``/``1``, ``false``/``0``); absent is false.

    Raises:
        InvalidValueError: For any other value.
    """
    value = elem.get(name)
    if value is None:
        return False
    flag = _BOOLEANS.get(value.strip())
    if flag is None:
        msg = f"{name}={value!r} is not a boolean (true, false, 1 or 0)"
        raise InvalidValueError(msg)
    return flag


def _text(elem: ET.Element | None) -> str:
    return "" if elem is None else (elem.text or "").strip()


def _ymd(q: dict[str, str], elem: ET.Element | None) -> date | None:
    """The date of an element with ``Year``, ``Month`` and ``Day`` children (``None`` if absent).

    Raises:
        InvalidValueError: If a part is missing, not a number, or the parts
            make no date.
    """
    if elem is None:
        return None
    year, month, day = parts = [
        (elem.findtext(q[n]) or "").strip() for n in ("Year", "Month", "Day")
    ]
    if year.isdigit() and month.isdigit() and day.isdigit() and "".join(parts).isascii():
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            pass
    msg = f"not a date: Year {year!r}, Month {month!r}, Day {day!r}"
    raise InvalidValueError(msg)


def _ofac_day(day: date) -> str:
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def _bound(q: dict[str, str], elem: ET.Element | None) -> tuple[date, date] | None:
    """The earliest and latest day of a ``Start`` or ``End`` (``From``, ``To``, or both)."""
    if elem is None:
        return None
    low, high = _ymd(q, elem.find(q["From"])), _ymd(q, elem.find(q["To"]))
    first, last = low or high, high or low
    if first is None or last is None:
        msg = f"the {local(elem.tag)} of a DatePeriod has neither From nor To"
        raise InvalidValueError(msg)
    return first, last


def _period_text(q: dict[str, str], period: ET.Element) -> str:
    """A DatePeriod in OFAC's text form: ``1962``, ``Jul 1957``, ``27 Jul 1957`` or a range.

    The period runs from the earliest day its ``Start`` allows to the latest
    its ``End`` allows; a period with one bound only lies within it.

    Raises:
        InvalidValueError: For a bound that is no date, a period with no
            bound, or one that ends before it starts.
    """
    start = period.find(q["Start"])
    end = period.find(q["End"])
    bounds = [b for b in (_bound(q, start), _bound(q, end)) if b is not None]
    if not bounds:
        msg = "the DatePeriod has neither Start nor End"
        raise InvalidValueError(msg)
    first, last = bounds[0][0], bounds[-1][1]
    if last < first:
        msg = f"the DatePeriod ends ({last}) before it starts ({first})"
        raise InvalidValueError(msg)
    text = _span_text(first, last)
    # An approximate bound is OFAC's "circa" (the CSV's "DOB circa 1955").
    approximate = any(e is not None and _flag(e, "Approximate") for e in (period, start, end))
    return f"circa {text}" if approximate else text


def _span_text(first: date, last: date) -> str:
    """The days from ``first`` to ``last`` in OFAC's text form."""
    if first == last:
        return _ofac_day(first)
    whole_year = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    if whole_year and first.year == last.year:
        return str(first.year)
    if whole_year:
        return f"{first.year} to {last.year}"
    same_month = (first.year, first.month) == (last.year, last.month) and first.day == 1
    if same_month and (
        last.month == 12  # noqa: PLR2004 - December
        or date(last.year, last.month + 1, 1).toordinal() - 1 == last.toordinal()
    ):
        return f"{_MONTHS[first.month - 1]} {first.year}"
    return f"{_ofac_day(first)} to {_ofac_day(last)}"


def _reference_sets(state: _State, elem: ET.Element) -> None:
    for group in elem:
        kind = local(group.tag).removesuffix("Values")
        table = state.values.setdefault(kind, {})
        for item in group:
            ref = item.get("ID")
            if ref is None:
                continue
            table[ref] = (item.text or "").strip()
            if kind == "AreaCode":
                table[ref] = item.get("Description") or table[ref]
            if kind == "PartySubType":
                state.subtypes[ref] = ((item.text or "").strip(), item.get("PartyTypeID", ""))
            if kind == "AreaCode" and item.get("CountryID") is not None:
                state.area_countries[ref] = item.get("CountryID", "")
            if kind == "CalendarType" and table[ref] == "Gregorian":
                state.gregorian = ref


def _location(state: _State, elem: ET.Element) -> None:
    where = f"Sanctions/Locations/Location[ID={elem.get('ID')}]"
    _check(state, elem, where)
    q = state.q
    parts: dict[str, str] = {}
    for part in elem.findall(q["LocationPart"]):
        kind = state.value("LocPartType", part.get("LocPartTypeID"), where)
        if kind not in _PARTS:
            msg = f"a LocationPart of type {kind!r}, which the reader does not place"
            raise SourceError(msg, path=str(state.path), field=f"{where}/LocationPart")
        if kind in parts:
            msg = f"two LocationParts of type {kind!r}; the reader reads one"
            raise SourceError(msg, path=str(state.path), field=f"{where}/LocationPart")
        part_value = part.find(q["LocationPartValue"])
        value = "" if part_value is None else _text(part_value.find(q["Value"]))
        if value:
            parts[kind] = value
    country = None
    loc_country = elem.find(q["LocationCountry"])
    if loc_country is not None:
        country = state.value("Country", loc_country.get("CountryID"), where)
        if country == _UNDETERMINED:
            country = None
    area = elem.find(q["LocationAreaCode"])
    area_text = None
    if area is not None:
        area_id = area.get("AreaCodeID")
        area_text = state.value("AreaCode", area_id, where)
        # An area code of a country (CountryID; OFAC's "undetermined" is
        # none) gives the address its country where the location names none;
        # two different countries would lose one.
        country_id = state.area_countries.get(area_id or "")
        of = None if country_id is None else state.value("Country", country_id, where)
        if of not in (None, _UNDETERMINED, country):
            if country is not None:
                msg = f"the area code is of {of!r}, the LocationCountry {country!r}"
                raise SourceError(msg, path=str(state.path), field=f"{where}/LocationAreaCode")
            country = of
    if not parts.keys() - {"Unknown", "REGION"}:
        # A bare place, which a country feature (or a document's place of
        # issue) may point at: its country, else its name, else its area.
        # Two different names would lose one: such a place names nothing.
        named = [x for x in (country, parts.get("Unknown")) if x]
        if len(set(named)) < 2:  # noqa: PLR2004 - one name, or none
            region = parts.get("REGION")
            state.places[elem.get("ID", "")] = (
                (named[0] if named else None)
                or area_text
                or (f"Region: {region}" if region else None)
            )
    lines, place = flat_address(
        [parts.get("ADDRESS1"), parts.get("ADDRESS2"), parts.get("ADDRESS3"), parts.get("Unknown")],
        parts.get("CITY"),
        parts.get("STATE/PROVINCE"),
        parts.get("POSTAL CODE"),
    )
    region = parts.get("REGION")
    if region and country is None:
        country = f"Region: {region}"  # the CSV's form
    elif region:
        lines = (*lines, region) if not lines else (f"{lines[0]}, {region}",)
    state.locations[elem.get("ID", "")] = Address(lines=lines, city=place, country=country)


def _name(state: _State, doc: ET.Element, groups: dict[str, str], where: str) -> str | None:
    q = state.q
    last: list[str] = []
    rest: list[str] = []
    for part in doc.findall(q["DocumentedNamePart"]):
        value = part.find(q["NamePartValue"])
        if value is None or not _text(value):
            continue
        kind = groups.get(value.get("NamePartGroupID", ""))
        if kind is None:
            msg = f"unknown NamePartGroupID {value.get('NamePartGroupID')!r}"
            raise SourceError(
                msg,
                path=str(state.path),
                field=where,
            )
        text = part.get("LeadingChars", "") + _text(value) + part.get("TrailingChars", "")
        (last if kind == "Last Name" else rest).append(text)
    return join_name(" ".join(last) or None, " ".join(rest) or None)


def _feature_value(state: _State, version: ET.Element, where: str) -> str:
    """The one value of a FeatureVersion: a date period, a location or a detail.

    OFAC writes an empty ``VersionDetail`` beside a period or a location (it
    names the value's type, DATE or COUNTRY); alone, it is no value.

    Raises:
        SourceError: For a version with no value, or with several.
    """
    q = state.q
    period = version.find(q["DatePeriod"])
    loc = version.find(q["VersionLocation"])
    detail = version.find(q["VersionDetail"])
    if detail is not None and detail.get("DetailReferenceID") is None and not _text(detail):
        detail = None  # the type marker
    given = [e for e in (period, loc, detail) if e is not None]
    if len(given) != 1:
        what = "no value" if not given else " and ".join(local(e.tag) for e in given)
        msg = f"the FeatureVersion holds {what}; the reader reads one value"
        raise SourceError(msg, path=str(state.path), field=f"{where}/FeatureVersion")
    if period is not None:
        return _period_text(q, period)
    if loc is not None:
        return _LOCATION + loc.get("LocationID", "")
    assert detail is not None  # noqa: S101 - for mypy: the one given
    ref = detail.get("DetailReferenceID")
    if ref is not None:
        return state.value("DetailReference", ref, where)
    return _text(detail)


def _party(  # noqa: C901, PLR0912, PLR0915 - one flat walk over the DistinctParty schema
    state: _State, elem: ET.Element
) -> None:
    fixed = elem.get("FixedRef", "")
    where = f"Sanctions/DistinctParties/DistinctParty[FixedRef={fixed}]"
    if not is_number(fixed):
        msg = f"expected a number, got {fixed!r}"
        raise SourceError(msg, path=str(state.path), field=where)
    _check(state, elem, where)
    q = state.q
    profile = elem.find(q["Profile"])
    if profile is None:
        raise SourceError("the party has no Profile", path=str(state.path), field=where)
    if profile.get("ID") != fixed:
        # Entries and relationships name the profile; the party is keyed by FixedRef.
        msg = f"the Profile's ID {profile.get('ID')!r} is not the party's FixedRef {fixed!r}"
        raise SourceError(msg, path=str(state.path), field=f"{where}/Profile/@ID")
    subtype, party_type = state.subtypes.get(profile.get("PartySubTypeID", ""), ("", ""))
    kind_text = subtype if subtype in _KINDS else state.values.get("PartyType", {}).get(party_type)
    if kind_text not in _KINDS:
        msg = f"unknown party type {kind_text!r}"
        raise SourceError(msg, path=str(state.path), field=f"{where}/Profile")
    b = EntityBuilder(ent_num=int(fixed), kind=_KINDS[kind_text])
    field_ = where
    try:
        for identity in profile.findall(q["Identity"]):
            if _flag(identity, "False"):
                msg = 'a false identity (Identity False="true"), which the model does not hold'
                raise SourceError(msg, path=str(state.path), field=f"{where}/Profile/Identity")
            part_groups = identity.find(q["NamePartGroups"])
            groups = {
                g.get("ID", ""): state.value(
                    "NamePartType", g.get("NamePartTypeID"), f"{where}/Identity/NamePartGroups"
                )
                for master in (
                    [] if part_groups is None else part_groups.findall(q["MasterNamePartGroup"])
                )
                for g in master.findall(q["NamePartGroup"])
            }
            for alias in identity.findall(q["Alias"]):
                field_ = f"{where}/Identity/Alias"
                alias_type = state.value("AliasType", alias.get("AliasTypeID"), field_)
                if alias_type not in _ALIAS_KINDS and alias_type != "Name":
                    msg = (
                        f"unknown alias type {alias_type!r} (expected Name, A.K.A., F.K.A., N.K.A.)"
                    )
                    raise SourceError(msg, path=str(state.path), field=f"{field_}/@AliasTypeID")
                primary = _flag(alias, "Primary")
                weak = _flag(alias, "LowQuality")
                for doc in alias.findall(q["DocumentedName"]):
                    text = _name(state, doc, groups, field_)
                    if text is None:
                        continue
                    if primary and not any(n.kind is NameKind.PRIMARY for n in b.names):
                        kind = NameKind.PRIMARY
                    else:
                        kind = _ALIAS_KINDS.get(alias_type, NameKind.AKA)
                        if weak:
                            kind = WEAK_KINDS[kind]
                    b.names.append(make_name(text, kind))
            for doc in state.documents.pop(identity.get("ID", ""), []):
                field_ = f"Sanctions/IDRegDocuments/IDRegDocument[ID={doc.get('ID')}]"
                _document(state, b, doc, field_)
        for feature in profile.findall(q["Feature"]):
            field_ = f"{where}/Profile/Feature[ID={feature.get('ID')}]"
            label = state.value("FeatureType", feature.get("FeatureTypeID"), field_)
            for version in feature.findall(q["FeatureVersion"]):
                _feature(state, b, label, _feature_value(state, version, field_), field_)
        # The party's remarks; a profile's own comment, rare, is read as well.
        comments = dict.fromkeys(
            (_text(elem.find(q["Comment"])), _text(profile.find(q["Comment"])))
        )
        for comment in comments:
            if comment:
                field_ = f"{where}/Comment"
                parse_remarks(b, comment)
    except InvalidValueError as exc:
        raise SourceError(str(exc), path=str(state.path), field=field_) from None
    if not b.names:
        raise SourceError("the party has no name", path=str(state.path), field=where)
    if b.ent_num in state.builders:
        msg = f"party {fixed} repeats"
        raise SourceError(msg, path=str(state.path), field=where)
    state.builders[b.ent_num] = b


def _feature(state: _State, b: EntityBuilder, label: str, value: str, where: str) -> None:
    if value.startswith(_LOCATION):
        value = value.removeprefix(_LOCATION)
        if label != "Location":
            value = _place(state, value, where)
    if label == "Location":
        address = state.locations.get(value)
        if address is None:
            msg = f"unknown LocationID {value!r}"
            raise SourceError(msg, path=str(state.path), field=where)
        if address.lines or address.city or address.country:
            b.addresses.append(address)
    elif label == "Birthdate":
        birth_date(b, value)
    elif label == "Place of Birth":
        b.birth_places.append(value)
    elif label in ("Nationality Country", "Citizenship Country"):
        target = b.nationalities if label.startswith("Nationality") else b.citizenships
        target.append(value)
    elif label == "Title":
        b.titles.append(value)
    elif label in _VESSEL:
        b.vessel[_VESSEL[label]] = value
    else:
        labelled(b, label, value)


def _place(state: _State, ref: str, where: str) -> str:
    """The name of a bare place a feature or document points at (a country, mostly).

    Raises:
        SourceError: For an unknown location, and for one holding an address
            or two names: the feature reads one name, and the rest would be lost.
    """
    if ref not in state.locations:
        msg = f"unknown LocationID {ref!r}"
        raise SourceError(msg, path=str(state.path), field=where)
    text = state.places.get(ref)
    if text is None:
        msg = (
            f"LocationID {ref!r} holds an address, two names or none, where one place name is read"
        )
        raise SourceError(msg, path=str(state.path), field=where)
    return text


def _document(state: _State, b: EntityBuilder, doc: ET.Element, where: str) -> None:
    q = state.q
    label = state.value("IDRegDocType", doc.get("IDRegDocTypeID"), where)
    country_id = doc.get("IssuedBy-CountryID")
    country = state.value("Country", country_id, where) if country_id else None
    notes = []
    validity_id = doc.get("ValidityID")
    validity = (
        "Valid"
        if validity_id is None
        else state.value("Validity", validity_id, f"{where}/@ValidityID")
    )
    if validity != "Valid":
        notes.append(validity.lower())  # "fraudulent"
    place_id = doc.get("IssuedIn-LocationID")
    if place_id is not None:
        place = _place(state, place_id, f"{where}/@IssuedIn-LocationID")
        if place != country:
            notes.append(f"issued in {place}")
    dates: dict[str, str] = {}
    for item in doc.findall(q["DocumentDate"]):
        kind = state.value("IDRegDocDateType", item.get("IDRegDocDateTypeID"), where)
        if kind not in ("Issue Date", "Expiration Date") or kind in dates:
            msg = f"a DocumentDate of type {kind!r} " + (
                "twice" if kind in dates else "(the reader reads Issue Date and Expiration Date)"
            )
            raise SourceError(msg, path=str(state.path), field=f"{where}/DocumentDate")
        period = item.find(q["DatePeriod"])
        if period is None:
            msg = "the DocumentDate holds no DatePeriod"
            raise SourceError(msg, path=str(state.path), field=f"{where}/DocumentDate")
        dates[kind] = _period_text(q, period)
    labelled(
        b,
        label,
        _text(doc.find(q["IDRegistrationNo"])),
        country=country,
        issued=dates.get("Issue Date"),
        expires=dates.get("Expiration Date"),
        document=True,
        authority=_text(doc.find(q["IssuingAuthority"])) or None,
        note="; ".join(notes) or None,
    )


def _entry(state: _State, elem: ET.Element) -> None:
    profile = elem.get("ProfileID", "")
    where = f"Sanctions/SanctionsEntries/SanctionsEntry[ID={elem.get('ID')}]"
    _check(state, elem, where)
    q = state.q
    list_name = state.value("List", elem.get("ListID"), where)
    events = []
    for event in elem.findall(q["EntryEvent"]):
        try:
            day = _ymd(q, event.find(q["Date"]))
        except InvalidValueError as exc:
            raise SourceError(
                str(exc), path=str(state.path), field=f"{where}/EntryEvent/Date"
            ) from None
        ref = event.get("LegalBasisID")
        basis = (
            None
            if ref is None
            else state.value("LegalBasis", ref, f"{where}/EntryEvent/@LegalBasisID")
        )
        kind = state.value("EntryEventType", event.get("EntryEventTypeID"), f"{where}/EntryEvent")
        # OFAC's "Unknown" basis (ID 1) says nothing.
        events.append(
            EntryEvent(day=day, type=kind, legal_basis=None if basis in ("", "Unknown") else basis)
        )
    dated = [e for e in events if e.day is not None]
    first = min(dated, key=lambda e: e.day or date.min) if dated else None
    if not is_number(profile) or int(profile) not in state.builders:
        msg = f"the entry names party {profile!r}, which the file lacks"
        raise SourceError(
            msg,
            path=str(state.path),
            field=f"{where}/@ProfileID",
        )
    b = state.builders[int(profile)]
    tags: list[str] = []
    measures: list[str] = []
    for measure in elem.findall(q["SanctionsMeasure"]):
        kind = state.value("SanctionsType", measure.get("SanctionsTypeID"), where)
        if kind != "Program":
            # Block, Reject, "13662 Sectoral Directive 1", ... with OFAC's comment.
            comment = _text(measure.find(q["Comment"]))
            measures.append(f"{kind}: {comment}" if comment else kind)
        else:
            try:
                tag = program_tag(_text(measure.find(q["Comment"])), state.known)
            except InvalidValueError as exc:
                raise SourceError(
                    str(exc), path=str(state.path), field=f"{where}/SanctionsMeasure/Comment"
                ) from None
            if tag not in tags:
                tags.append(tag)
            if tag not in b.programs:
                b.programs.append(tag)
    state.entries.append(
        ListEntry(
            entity=ofac_entity_id(profile),
            list=US_OFAC_SDN.id if list_name == _SDN_LIST else US_OFAC_CONS.id,
            source_list=list_name,
            entered=None if first is None else first.day,
            programs=tuple(tags),
            measures=tuple(measures),
            legal_basis=None if first is None else first.legal_basis,
            events=tuple(events),
        )
    )


def _relationship(state: _State, elem: ET.Element) -> None:
    where = f"Sanctions/ProfileRelationships/ProfileRelationship[ID={elem.get('ID')}]"
    _check(state, elem, where)
    source, target = elem.get("From-ProfileID", ""), elem.get("To-ProfileID", "")
    if not is_number(source) or int(source) not in state.builders or not is_number(target):
        msg = f"the relationship names party {source!r}, which the file lacks"
        raise SourceError(
            msg,
            path=str(state.path),
            field=f"{where}/@From-ProfileID",
        )
    relation = state.value("RelationType", elem.get("RelationTypeID"), f"{where}/@RelationTypeID")
    try:
        former = _flag(elem, "Former")
    except InvalidValueError as exc:
        raise SourceError(str(exc), path=str(state.path), field=f"{where}/@Former") from None
    # The target's primary name is filled in by build_all, where the file holds it.
    state.builders[int(source)].relationships.append(
        Relationship(
            type=relation,
            target=ofac_entity_id(target),
            former=former,
        )
    )


def _record(
    name: str, handler: Callable[[_State, ET.Element], None]
) -> Callable[[_State, ET.Element], None]:
    """``handler``, then count the record and drop it (an empty shell stays in its section)."""

    def handle(state: _State, elem: ET.Element) -> None:
        handler(state, elem)
        state.counts[name] = state.counts.get(name, 0) + 1
        elem.clear()

    return handle


def _keep_document(state: _State, elem: ET.Element) -> None:
    """Check an identity document and keep it whole until the party it belongs to is read."""
    _check(state, elem, f"Sanctions/IDRegDocuments/IDRegDocument[ID={elem.get('ID')}]")
    state.counts["IDRegDocument"] = state.counts.get("IDRegDocument", 0) + 1
    state.documents.setdefault(elem.get("IdentityID", ""), []).append(elem)


def _date_of_issue(state: _State, elem: ET.Element) -> None:
    """The publication date (its calendar is checked with the root: the dictionary follows)."""
    try:
        state.published = _ymd(state.q, elem)
    except InvalidValueError as exc:
        raise SourceError(str(exc), path=str(state.path), field="Sanctions/DateOfIssue") from None


def read_advanced(
    path: Path,
    *,
    observed: date | datetime | None = None,
    list_id: str | None = None,
    known: frozenset[str] = OFAC_PROGRAM_TAGS,
    source: str | None = None,
) -> Publication:
    """Read an advanced XML file (``SDN_ADVANCED.XML``, ``cons_advanced.xml``), streaming.

    ``known`` are the program tags to accept (see :func:`known_programs`);
    ``source`` is what to record as the source (default: the path).

    Raises:
        SourceError: For malformed XML, a DTD, an id the dictionary lacks, or
            a bad value (with its XML path).
        TruncatedPublicationError: If the file is empty or cut.
    """
    state = _State(path=path, known=known)
    ns, elements = stream(path, "Sanctions", depth=2)
    state.ns, state.rules = ns, _rules(ns)
    # The tags the reader looks for, made once: find() then takes them as they are.
    state.q = {tag[len(ns) :]: tag for tag in state.rules}
    # One lookup per element: most elements are inside a record, and only
    # the records, the sections and the root are acted on as they end.
    actions: dict[str, Callable[[_State, ET.Element], None]] = {
        ns + name: _record(name, fn)
        for name, fn in (
            ("ReferenceValueSets", _reference_sets),
            ("Location", _location),
            ("DistinctParty", _party),
            ("ProfileRelationship", _relationship),
            ("SanctionsEntry", _entry),
        )
    }
    actions.update({ns + name: _check_section for name in _SECTIONS})
    actions[ns + "IDRegDocument"] = _keep_document
    actions[ns + "DateOfIssue"] = _date_of_issue
    actions[ns + "Sanctions"] = _check_root
    with elements:
        for elem in elements:
            act = actions.get(elem.tag)
            if act is not None:
                act(state, elem)
    if not state.builders:
        raise TruncatedPublicationError("no parties: the publication is empty", path=str(path))
    for identity, docs in state.documents.items():
        # Each party takes the documents of its identities: these belong to none.
        msg = f"the document belongs to identity {identity!r}, which no party of the file has"
        raise SourceError(
            msg,
            path=str(path),
            field=f"Sanctions/IDRegDocuments/IDRegDocument[ID={docs[0].get('ID')}]",
        )
    if list_id is None:
        list_id = US_OFAC_CONS.id if "cons" in path.name.lower() else US_OFAC_SDN.id
    for ent, b in state.builders.items():
        if not b.programs:
            msg = f"party {ent} has no program (no SanctionsEntry with a Program measure)"
            raise SourceError(
                msg,
                path=str(path),
                field=f"Sanctions/DistinctParties/DistinctParty[FixedRef={ent}]",
            )
    src = source or str(path)
    return Publication(
        list=list_id,
        source=src,
        entities=build_all(state.builders.values(), src),
        published=state.published,
        observed=observed,
        entries=tuple(state.entries),
        counts=tuple((k, v) for k, v in state.counts.items() if k != "ReferenceValueSets"),
    )
