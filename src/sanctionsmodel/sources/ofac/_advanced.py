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
from pathlib import Path

from sanctionsmodel._model import Address, EntityKind, NameKind, Relationship
from sanctionsmodel.exceptions import InvalidValueError, SourceError, TruncatedPublicationError
from sanctionsmodel.reference import OFAC_PROGRAM_TAGS, US_OFAC_CONS, US_OFAC_SDN, ofac_entity_id
from sanctionsmodel.sources._publication import ListEntry, Publication
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

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
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


@dataclass(slots=True)
class _State:
    """What the reader keeps while it streams (private)."""

    path: Path
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    subtypes: dict[str, tuple[str, str]] = field(default_factory=dict)
    published: date | None = None
    locations: dict[str, Address] = field(default_factory=dict)
    areas: dict[str, str] = field(default_factory=dict)
    documents: dict[str, list[ET.Element]] = field(default_factory=dict)
    builders: dict[int, EntityBuilder] = field(default_factory=dict)
    entries: list[ListEntry] = field(default_factory=list)
    known: frozenset[str] = OFAC_PROGRAM_TAGS
    #: Records read, by element name.
    counts: dict[str, int] = field(default_factory=dict)

    def value(self, kind: str, ref: str | None, where: str) -> str:
        """Resolve an ``...ID`` attribute in the reference value sets."""
        table = self.values.get(kind, {})
        if ref is None or ref not in table:
            msg = f"unknown {kind} id {ref!r}"
            raise SourceError(msg, path=str(self.path), field=where)
        return table[ref]


def _text(elem: ET.Element | None) -> str:
    return "" if elem is None else (elem.text or "").strip()


def _child(elem: ET.Element, name: str) -> ET.Element | None:
    qualified = "}" + name
    for child in elem:
        tag = child.tag
        if tag.endswith(qualified) or tag == name:
            return child
    return None


def _kids(elem: ET.Element, name: str) -> list[ET.Element]:
    qualified = "}" + name
    return [c for c in elem if c.tag.endswith(qualified) or c.tag == name]


def _ymd(elem: ET.Element | None) -> date | None:
    """The date of an element with ``Year``, ``Month`` and ``Day`` children (``None`` if absent).

    Raises:
        InvalidValueError: If a part is missing, not a number, or the parts
            make no date.
    """
    if elem is None:
        return None
    parts = [_text(_child(elem, n)) for n in ("Year", "Month", "Day")]
    if all(is_number(p) for p in parts):
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    year, month, day = parts
    msg = f"not a date: Year {year!r}, Month {month!r}, Day {day!r}"
    raise InvalidValueError(msg)


def _ofac_day(day: date) -> str:
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def _period_text(period: ET.Element) -> str | None:
    """A DatePeriod in OFAC's text form: ``1962``, ``Jul 1957``, ``27 Jul 1957`` or a range.

    Raises:
        InvalidValueError: For a bound that is no date.
    """
    start = _child(period, "Start")
    end = _child(period, "End")
    first = _ymd(_child(start, "From")) if start is not None else None
    last = _ymd(_child(end, "To")) if end is not None else None
    if first is None or last is None:
        return None
    text = _span_text(first, last)
    # An approximate bound is OFAC's "circa" (the CSV's "DOB circa 1955").
    approximate = any(
        e is not None and e.get("Approximate") == "true" for e in (period, start, end)
    )
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


def _location(state: _State, elem: ET.Element) -> None:
    where = f"Sanctions/Locations/Location[ID={elem.get('ID')}]"
    parts: dict[str, str] = {}
    for part in _kids(elem, "LocationPart"):
        kind = state.value("LocPartType", part.get("LocPartTypeID"), where)
        value = _text(_child(_child(part, "LocationPartValue") or part, "Value"))
        if value:
            parts[kind] = value
            # A country feature may point at a location holding only its name.
            state.areas.setdefault(elem.get("ID", ""), value)
    country = None
    loc_country = _child(elem, "LocationCountry")
    if loc_country is not None:
        country = state.value("Country", loc_country.get("CountryID"), where)
    area = _child(elem, "LocationAreaCode")
    if area is not None:
        # Only a country feature reads the area code; an address shows it
        # nowhere else (the CSV has an all-null row there).
        state.areas[elem.get("ID", "")] = state.value("AreaCode", area.get("AreaCodeID"), where)
    lines, place = flat_address(
        [parts.get("ADDRESS1"), parts.get("ADDRESS2"), parts.get("ADDRESS3")],
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
    last: list[str] = []
    rest: list[str] = []
    for part in _kids(doc, "DocumentedNamePart"):
        value = _child(part, "NamePartValue")
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
        (last if kind == "Last Name" else rest).append(_text(value))
    return join_name(" ".join(last) or None, " ".join(rest) or None)


def _feature_value(state: _State, version: ET.Element, where: str) -> str | None:
    period = _child(version, "DatePeriod")
    if period is not None:
        return _period_text(period)
    loc = _child(version, "VersionLocation")
    if loc is not None:
        return _LOCATION + loc.get("LocationID", "")
    detail = _child(version, "VersionDetail")
    if detail is None:
        return None
    ref = detail.get("DetailReferenceID")
    if ref is not None:
        return state.value("DetailReference", ref, where)
    return _text(detail) or None


def _party(  # noqa: C901, PLR0912, PLR0915 - one flat walk over the DistinctParty schema
    state: _State, elem: ET.Element
) -> None:
    fixed = elem.get("FixedRef", "")
    where = f"Sanctions/DistinctParties/DistinctParty[FixedRef={fixed}]"
    if not is_number(fixed):
        msg = f"expected a number, got {fixed!r}"
        raise SourceError(msg, path=str(state.path), field=where)
    profile = _child(elem, "Profile")
    if profile is None:
        raise SourceError("the party has no Profile", path=str(state.path), field=where)
    subtype, party_type = state.subtypes.get(profile.get("PartySubTypeID", ""), ("", ""))
    kind_text = subtype if subtype in _KINDS else state.values.get("PartyType", {}).get(party_type)
    if kind_text not in _KINDS:
        msg = f"unknown party type {kind_text!r}"
        raise SourceError(msg, path=str(state.path), field=f"{where}/Profile")
    b = EntityBuilder(ent_num=int(fixed), kind=_KINDS[kind_text])
    field_ = where
    try:
        for identity in _kids(profile, "Identity"):
            groups = {
                g.get("ID", ""): state.value(
                    "NamePartType", g.get("NamePartTypeID"), f"{where}/Identity/NamePartGroups"
                )
                for master in _kids(
                    _child(identity, "NamePartGroups") or identity, "MasterNamePartGroup"
                )
                for g in _kids(master, "NamePartGroup")
            }
            for alias in _kids(identity, "Alias"):
                field_ = f"{where}/Identity/Alias"
                alias_type = state.value("AliasType", alias.get("AliasTypeID"), field_)
                if alias_type not in _ALIAS_KINDS and alias_type != "Name":
                    msg = (
                        f"unknown alias type {alias_type!r} (expected Name, A.K.A., F.K.A., N.K.A.)"
                    )
                    raise SourceError(msg, path=str(state.path), field=f"{field_}/@AliasTypeID")
                primary = alias.get("Primary") == "true"
                weak = alias.get("LowQuality") == "true"
                for doc in _kids(alias, "DocumentedName"):
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
        for feature in _kids(profile, "Feature"):
            field_ = f"{where}/Profile/Feature[ID={feature.get('ID')}]"
            label = state.value("FeatureType", feature.get("FeatureTypeID"), field_)
            for version in _kids(feature, "FeatureVersion"):
                value = _feature_value(state, version, field_)
                if value is not None:
                    _feature(state, b, label, value, field_)
        comment = _text(_child(elem, "Comment")) or _text(_child(profile, "Comment"))
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
            place = state.locations.get(value)
            text = (place.country if place is not None else None) or state.areas.get(value)
            if text is None:
                msg = f"unknown LocationID {value!r}"
                raise SourceError(msg, path=str(state.path), field=where)
            value = text
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


def _document(state: _State, b: EntityBuilder, doc: ET.Element, where: str) -> None:
    label = state.value("IDRegDocType", doc.get("IDRegDocTypeID"), where)
    country_id = doc.get("IssuedBy-CountryID")
    country = state.value("Country", country_id, where) if country_id else None
    dates: dict[str, str] = {}
    for item in _kids(doc, "DocumentDate"):
        kind = state.value("IDRegDocDateType", item.get("IDRegDocDateTypeID"), where)
        period = _child(item, "DatePeriod")
        text = _period_text(period) if period is not None else None
        if text:
            dates[kind] = text
    labelled(
        b,
        label,
        _text(_child(doc, "IDRegistrationNo")),
        country=country,
        issued=dates.get("Issue Date"),
        expires=dates.get("Expiration Date"),
        document=True,
        authority=_text(_child(doc, "IssuingAuthority")) or None,
    )


def _entry(state: _State, elem: ET.Element) -> None:
    profile = elem.get("ProfileID", "")
    where = f"Sanctions/SanctionsEntries/SanctionsEntry[ID={elem.get('ID')}]"
    list_name = state.value("List", elem.get("ListID"), where)
    entered = None
    basis = None
    for event in _kids(elem, "EntryEvent"):
        try:
            day = _ymd(_child(event, "Date"))
        except InvalidValueError as exc:
            raise SourceError(
                str(exc), path=str(state.path), field=f"{where}/EntryEvent/Date"
            ) from None
        if day is not None and (entered is None or day < entered):
            entered = day
            ref = event.get("LegalBasisID")
            if ref is not None:
                basis = state.value("LegalBasis", ref, f"{where}/EntryEvent/@LegalBasisID")
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
    for measure in _kids(elem, "SanctionsMeasure"):
        kind = state.value("SanctionsType", measure.get("SanctionsTypeID"), where)
        if kind != "Program":
            # Block, Reject, "13662 Sectoral Directive 1", ... with OFAC's comment.
            comment = _text(_child(measure, "Comment"))
            measures.append(f"{kind}: {comment}" if comment else kind)
        else:
            try:
                tag = program_tag(_text(_child(measure, "Comment")), state.known)
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
            entered=entered,
            programs=tuple(tags),
            measures=tuple(measures),
            # OFAC's "Unknown" basis (ID 1) says nothing.
            legal_basis=None if basis in (None, "", "Unknown") else basis,
        )
    )


def _relationship(state: _State, elem: ET.Element) -> None:
    where = f"Sanctions/ProfileRelationships/ProfileRelationship[ID={elem.get('ID')}]"
    source, target = elem.get("From-ProfileID", ""), elem.get("To-ProfileID", "")
    if not is_number(source) or int(source) not in state.builders or not is_number(target):
        msg = f"the relationship names party {source!r}, which the file lacks"
        raise SourceError(
            msg,
            path=str(state.path),
            field=f"{where}/@From-ProfileID",
        )
    relation = state.value("RelationType", elem.get("RelationTypeID"), where)
    if not relation:
        msg = f"RelationTypeID {elem.get('RelationTypeID')!r} has no label"
        raise SourceError(msg, path=str(state.path), field=f"{where}/@RelationTypeID")
    # The target's primary name is filled in by build_all, where the file holds it.
    state.builders[int(source)].relationships.append(
        Relationship(
            type=relation,
            target=ofac_entity_id(target),
            former=elem.get("Former") == "true",
        )
    )


def read_advanced(
    path: Path,
    *,
    observed: date | datetime | None = None,
    list_id: str | None = None,
    known: frozenset[str] = OFAC_PROGRAM_TAGS,
) -> Publication:
    """Read an advanced XML file (``SDN_ADVANCED.XML``, ``cons_advanced.xml``), streaming.

    ``known`` are the program tags to accept (see :func:`known_programs`).

    Raises:
        SourceError: For malformed XML, a DTD, an id the dictionary lacks, or
            a bad value (with its XML path).
        TruncatedPublicationError: If the file is empty or cut.
    """
    state = _State(path=path, known=known)
    handlers = {
        "ReferenceValueSets": _reference_sets,
        "Location": _location,
        "DistinctParty": _party,
        "ProfileRelationship": _relationship,
        "SanctionsEntry": _entry,
    }
    ns, elements = stream(path, "Sanctions")
    by_tag = {ns + name: fn for name, fn in handlers.items()}
    document, issued = ns + "IDRegDocument", ns + "DateOfIssue"
    sections = (ns + "IDRegDocuments", ns + "DistinctParties")
    with elements:
        for elem in elements:
            tag = elem.tag
            handler = by_tag.get(tag)
            if handler is not None:
                handler(state, elem)
                name = tag[len(ns) :]
                state.counts[name] = state.counts.get(name, 0) + 1
                # A handled record is dropped at once (an empty shell stays in
                # its section); the reference value sets are small.
                elem.clear()
            elif tag == document:
                state.counts["IDRegDocument"] = state.counts.get("IDRegDocument", 0) + 1
                # Kept whole until the party it belongs to is read.
                state.documents.setdefault(elem.get("IdentityID", ""), []).append(elem)
            elif tag == issued:
                try:
                    state.published = _ymd(elem)
                except InvalidValueError as exc:
                    raise SourceError(
                        str(exc), path=str(path), field="Sanctions/DateOfIssue"
                    ) from None
            elif tag in sections:
                elem.clear()
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
    src = str(path)
    return Publication(
        list=list_id,
        source=src,
        entities=build_all(state.builders.values(), src),
        published=state.published,
        observed=observed,
        entries=tuple(state.entries),
        counts=tuple((k, v) for k, v in state.counts.items() if k != "ReferenceValueSets"),
    )
