"""The legacy XML: ``SDN.XML`` and ``consolidated.xml`` (root ``sdnList``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

from sanctionsmodel._model import Address, EntityKind, NameKind
from sanctionsmodel.exceptions import InvalidValueError, SourceError, TruncatedPublicationError
from sanctionsmodel.reference import OFAC_PROGRAM_TAGS, US_OFAC_CONS, US_OFAC_SDN
from sanctionsmodel.sources._publication import Publication
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

_KINDS = {
    "Individual": EntityKind.INDIVIDUAL,
    "Entity": EntityKind.ORGANIZATION,
    "Vessel": EntityKind.VESSEL,
    "Aircraft": EntityKind.AIRCRAFT,
}
_AKA = {"a.k.a.": NameKind.AKA, "f.k.a.": NameKind.FKA, "n.k.a.": NameKind.NKA}
_VESSEL = {
    "callSign": "call_sign",
    "vesselType": "vessel_type",
    "vesselFlag": "flag",
    "vesselOwner": "owner",
    "tonnage": "tonnage",
    "grossRegisteredTonnage": "gross_registered_tonnage",
}


#: The elements an ``sdnEntry`` may hold, by parent, as OFAC's schema
#: (``sdn.xsd`` / ``consolidated.xsd``) declares them.  The reader refuses
#: any other element rather than drop what it does not know.  Of these, only
#: the item ``uid`` numbers and the ``mainEntry`` flags land nowhere: they
#: number the file's rows and mark which item OFAC lists first.
_SCHEMA = {
    "sdnEntry": frozenset(
        (
            "uid",
            "firstName",
            "lastName",
            "title",
            "sdnType",
            "remarks",
            "programList",
            "idList",
            "akaList",
            "addressList",
            "nationalityList",
            "citizenshipList",
            "dateOfBirthList",
            "placeOfBirthList",
            "vesselInfo",
        )
    ),
    "programList": frozenset(("program",)),
    "idList": frozenset(("id",)),
    "id": frozenset(("uid", "idType", "idNumber", "idCountry", "issueDate", "expirationDate")),
    "akaList": frozenset(("aka",)),
    "aka": frozenset(("uid", "type", "category", "lastName", "firstName")),
    "addressList": frozenset(("address",)),
    "address": frozenset(
        (
            "uid",
            "address1",
            "address2",
            "address3",
            "city",
            "stateOrProvince",
            "postalCode",
            "country",
        )
    ),
    "nationalityList": frozenset(("nationality",)),
    "nationality": frozenset(("uid", "country", "mainEntry")),
    "citizenshipList": frozenset(("citizenship",)),
    "citizenship": frozenset(("uid", "country", "mainEntry")),
    "dateOfBirthList": frozenset(("dateOfBirthItem",)),
    "dateOfBirthItem": frozenset(("uid", "dateOfBirth", "mainEntry")),
    "placeOfBirthList": frozenset(("placeOfBirthItem",)),
    "placeOfBirthItem": frozenset(("uid", "placeOfBirth", "mainEntry")),
    "vesselInfo": frozenset(
        ("callSign", "vesselType", "vesselFlag", "vesselOwner", "tonnage", "grossRegisteredTonnage")
    ),
}
_NO_CHILDREN: frozenset[str] = frozenset()
#: The elements the schema lets repeat (the items of the lists, and the
#: entries, which the root holds when it is checked as cleared shells); any other
#: appears at most once where it stands (a second one would be lost).
_REPEATED = frozenset(
    (
        "program",
        "id",
        "aka",
        "address",
        "nationality",
        "citizenship",
        "dateOfBirthItem",
        "placeOfBirthItem",
        "sdnEntry",
    )
)
#: What the root and its header hold (``sdnList``, ``publshInformation``).
_TOP = {
    "sdnList": frozenset(("publshInformation", "sdnEntry")),
    "publshInformation": frozenset(("Publish_Date", "Record_Count")),
}


_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


def _check_attributes(elem: ET.Element, where: str, path: Path) -> None:
    """Refuse an attribute: the schema has none (``xsi:...`` ones are XML Schema's)."""
    for key in elem.attrib:
        if not key.startswith(_XSI):
            msg = f"unknown attribute {local(key)!r}: OFAC's schema has no attributes"
            raise SourceError(msg, path=str(path), field=where)


def _refuse_text(text: str | None, place: str, where: str, path: Path) -> None:
    """Refuse text where the schema has none (beside elements, after one): it would be lost."""
    stray = (text or "").strip()
    if stray:
        msg = f"text {stray[:40]!r} {place}: OFAC's schema has none here"
        raise SourceError(msg, path=str(path), field=where)


def _check_schema(elem: ET.Element, where: str, path: Path) -> None:
    """Refuse an element the schema does not allow where it stands (it would be lost).

    Raises:
        SourceError: Naming the element's XML path.
    """
    allowed = _SCHEMA.get(local(elem.tag)) or _TOP.get(local(elem.tag), _NO_CHILDREN)
    _check_attributes(elem, where, path)
    if len(elem):
        _refuse_text(elem.text, "beside the elements", where, path)
    seen: set[str] = set()
    for child in elem:
        name = local(child.tag)
        here = f"{where}/{name}"
        if not len(child):  # a leaf: its attributes are checked here, as others' below
            _check_attributes(child, here, path)
            if name not in _SCHEMA and name not in _TOP and not (child.text or "").strip():
                # A value left empty (<dateOfBirth/>): no file OFAC published here has one.
                msg = (
                    f"an empty {name!r}: the schema's values are never empty, and it would be lost"
                )
                raise SourceError(msg, path=str(path), field=here)
        _refuse_text(child.tail, f"after {name!r}", where, path)
        if name not in allowed:
            msg = f"unknown element {name!r}: OFAC's schema has no such element here"
            raise SourceError(msg, path=str(path), field=here)
        if name not in _REPEATED:
            if name in seen:
                msg = f"a second {name!r}: OFAC's schema allows one here, and it would be lost"
                raise SourceError(msg, path=str(path), field=here)
            seen.add(name)
        if len(child):
            _check_schema(child, here, path)


def _children(elem: ET.Element) -> dict[str, str]:
    """The text of each simple child, by local name (first wins)."""
    out: dict[str, str] = {}
    for child in elem:
        name = local(child.tag)
        text = (child.text or "").strip()
        if text and name not in out:
            out[name] = text
    return out


def _items(elem: ET.Element, list_name: str) -> list[ET.Element]:
    for child in elem:
        if local(child.tag) == list_name:
            return list(child)
    return []


def join_name(last: str | None, first: str | None) -> str | None:
    """OFAC's ``LAST, First`` form of a name, as the CSV writes it."""
    if last and first:
        return f"{last}, {first}"
    return last or first


def flat_address(
    lines: list[str | None], city: str | None, region: str | None, postal: str | None
) -> tuple[tuple[str, ...], str | None]:
    """An address in the CSV's flattened form: one line, and ``City, Region Postal``.

    The CSV joins the address lines with ``, `` and writes city, state and
    postal code in one field as ``City, ST 12345``; every OFAC reader gives
    addresses in that form so that formats compare equal.
    """
    line = ", ".join(x for x in lines if x)
    place = city or ""
    if region:
        place = f"{place}, {region}" if place else region
    if postal:
        place = f"{place} {postal}" if place else postal
    return ((line,) if line else ()), (place or None)


def _entry(  # noqa: C901, PLR0912, PLR0915 - one flat walk over the sdnEntry schema
    elem: ET.Element, index: int, path: Path, known: frozenset[str]
) -> EntityBuilder:
    fields = _children(elem)
    where = f"sdnList/sdnEntry[{index}]"
    uid = fields.get("uid", "")
    if not is_number(uid):
        msg = f"expected a number, got {uid!r}"
        raise SourceError(msg, path=str(path), field=f"{where}/uid")
    where = f"sdnList/sdnEntry[uid={uid}]"
    _check_schema(elem, where, path)
    sdn_type = fields.get("sdnType")
    if sdn_type not in _KINDS:
        msg = f"unknown sdnType {sdn_type!r}"
        raise SourceError(msg, path=str(path), field=f"{where}/sdnType")
    b = EntityBuilder(ent_num=int(uid), kind=_KINDS[sdn_type])
    name = join_name(fields.get("lastName"), fields.get("firstName"))
    if name is None:
        raise SourceError("the entry has no name", path=str(path), field=f"{where}/lastName")
    b.names.append(make_name(name, NameKind.PRIMARY))
    if "title" in fields:
        b.titles.append(fields["title"])
    field = where
    try:
        for item in _items(elem, "programList"):
            field = f"{where}/programList/program"
            b.programs.append(program_tag((item.text or "").strip(), known))
        if not b.programs:
            raise SourceError(
                "the entry has no program", path=str(path), field=f"{where}/programList"
            )
        for item in _items(elem, "idList"):
            f = _children(item)
            field = f"{where}/idList/id[uid={f.get('uid')}]"
            labelled(
                b,
                f.get("idType", ""),
                f.get("idNumber", ""),
                country=f.get("idCountry"),
                issued=f.get("issueDate"),
                expires=f.get("expirationDate"),
                document=True,
            )
        for item in _items(elem, "akaList"):
            f = _children(item)
            field = f"{where}/akaList/aka[uid={f.get('uid')}]"
            text = join_name(f.get("lastName"), f.get("firstName"))
            kind = _AKA.get(f.get("type", ""))
            if text is None or kind is None:
                msg = f"an alias needs a name and a type (a.k.a., f.k.a., n.k.a.), got {f!r}"
                raise SourceError(
                    msg,
                    path=str(path),
                    field=field,
                )
            category = f.get("category")
            if category not in (None, "strong", "weak"):
                msg = f"unknown alias category {category!r} (expected strong or weak)"
                raise SourceError(msg, path=str(path), field=f"{field}/category")
            if category == "weak":
                kind = WEAK_KINDS[kind]
            b.names.append(make_name(text, kind))
        for item in _items(elem, "addressList"):
            f = _children(item)
            field = f"{where}/addressList/address[uid={f.get('uid')}]"
            lines, place = flat_address(
                [f.get("address1"), f.get("address2"), f.get("address3")],
                f.get("city"),
                f.get("stateOrProvince"),
                f.get("postalCode"),
            )
            if lines or place or f.get("country"):
                b.addresses.append(Address(lines=lines, city=place, country=f.get("country")))
        for list_name, target in (
            ("nationalityList", b.nationalities),
            ("citizenshipList", b.citizenships),
        ):
            for item in _items(elem, list_name):
                country = _children(item).get("country")
                if country:
                    target.append(country)
        for item in _items(elem, "dateOfBirthList"):
            f = _children(item)
            field = f"{where}/dateOfBirthList/dateOfBirthItem[uid={f.get('uid')}]/dateOfBirth"
            if f.get("dateOfBirth"):
                birth_date(b, f["dateOfBirth"])
        for item in _items(elem, "placeOfBirthList"):
            place = _children(item).get("placeOfBirth")
            if place:
                b.birth_places.append(place)
        for child in elem:
            if local(child.tag) == "vesselInfo":
                for key, value in _children(child).items():
                    if key in _VESSEL:
                        b.vessel[_VESSEL[key]] = value
        if "remarks" in fields:
            field = f"{where}/remarks"
            parse_remarks(b, fields["remarks"])
    except InvalidValueError as exc:
        raise SourceError(str(exc), path=str(path), field=field) from None
    return b


def _publish_date(text: str, path: Path) -> date:
    try:
        return datetime.strptime(text.strip(), "%m/%d/%Y").date()  # noqa: DTZ007 - a calendar date, no instant
    except ValueError:
        msg = f"expected MM/DD/YYYY, got {text!r}"
        raise SourceError(
            msg,
            path=str(path),
            field="sdnList/publshInformation/Publish_Date",
        ) from None


def read_legacy_xml(
    path: Path,
    *,
    observed: date | datetime | None = None,
    list_id: str | None = None,
    known: frozenset[str] = OFAC_PROGRAM_TAGS,
    source: str | None = None,
) -> Publication:
    """Read a legacy ``sdnList`` XML file, streaming.

    ``known`` are the program tags to accept (see :func:`known_programs`);
    ``source`` is what to record as the source (default: the path).

    Raises:
        SourceError: For malformed XML, a DTD, or a bad entry (with its XML path).
        TruncatedPublicationError: If the file is empty, cut, or holds fewer
            entries than its own ``Record_Count``.
    """
    builders: dict[int, EntityBuilder] = {}
    published: date | None = None
    record_count: int | None = None
    index = 0
    _ns, elements = stream(path, "sdnList")
    with elements:
        for elem in elements:
            name = local(elem.tag)
            if name == "publshInformation":
                _check_schema(elem, "sdnList/publshInformation", path)
                info = _children(elem)  # an element given empty was refused by the check
                if "Publish_Date" in info:
                    published = _publish_date(info["Publish_Date"], path)
                count = info.get("Record_Count")
                if count is not None:
                    if not is_number(count):
                        msg = f"expected a number, got {count!r}"
                        raise SourceError(
                            msg,
                            path=str(path),
                            field="sdnList/publshInformation/Record_Count",
                        )
                    record_count = int(count)
            elif name == "sdnEntry":
                index += 1
                b = _entry(elem, index, path, known)
                if b.ent_num in builders:
                    msg = f"uid {b.ent_num} repeats"
                    raise SourceError(
                        msg,
                        path=str(path),
                        field=f"sdnList/sdnEntry[{index}]/uid",
                    )
                builders[b.ent_num] = b
                # Given out once the next element has started, so the text after
                # it is read: checked here, since the shell the root keeps loses it.
                _refuse_text(elem.tail, "after 'sdnEntry'", "sdnList", path)
                # Dropped at once: an empty shell stays in the root.
                elem.clear()
            elif name == "sdnList":
                # The root, last: what stands beside the header and the entries.
                _check_schema(elem, "sdnList", path)
    if not builders:
        raise TruncatedPublicationError("no entries: the publication is empty", path=str(path))
    if record_count is not None and record_count != len(builders):
        msg = f"the file states Record_Count {record_count} but holds {len(builders)} entries"
        raise TruncatedPublicationError(
            msg,
            path=str(path),
            field="sdnList/publshInformation/Record_Count",
        )
    if list_id is None:
        list_id = US_OFAC_CONS.id if "consolidated" in path.name.lower() else US_OFAC_SDN.id
    src = source or str(path)
    return Publication(
        list=list_id,
        source=src,
        entities=build_all(builders.values(), src),
        published=published,
        observed=observed,
        record_count=record_count,
        counts=(("sdnEntry", index),),
    )
