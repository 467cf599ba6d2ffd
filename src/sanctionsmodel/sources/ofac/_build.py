"""What every OFAC format maps to: labels, dates and the entity builder.

The legacy CSV packs most facts into ``; ``-separated clauses of its Remarks
field (``Passport 654420047 (Korea, North)``); the legacy XML gives the same
facts as ``idList`` items (``idType`` = the label) plus a residual
``remarks``; the advanced XML gives them as features and documents.  Every
reader feeds one :class:`EntityBuilder` through :func:`labelled`, so one
publication read from any format yields equal entities.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sanctionsmodel._model import (
    Address,
    Entity,
    EntityKind,
    Feature,
    Identifier,
    Name,
    NameKind,
    Relationship,
    Vessel,
    _trusted,
    _trusted_positional,
    detect_script,
)
from sanctionsmodel._time import PartialDate
from sanctionsmodel.exceptions import InvalidValueError, SourceError
from sanctionsmodel.reference import OFAC_PROGRAM_TAGS, ofac_entity_id
from sanctionsmodel.sources._history import PROGRAM_FEATURE

# Records are made through the model's trusted constructors (see
# sanctionsmodel._model._trusted) where this module has itself checked the
# values: text is checked non-blank here, and anything that fails the check
# goes through the validated constructor, which raises its usual error.
_new_entity = _trusted(Entity)
_new_vessel = _trusted(Vessel)
_new_relationship = _trusted(Relationship)
_new_feature = _trusted_positional(Feature)
# Names, identifiers and dates are made once per clause or row, tens of
# thousands of times a read: positionally, every field in the class's order.
_new_name = _trusted_positional(Name)
_new_identifier = _trusted_positional(Identifier)
_new_partial_date = _trusted_positional(PartialDate)


def is_number(text: str) -> bool:
    """Whether a text is an unsigned decimal number of ASCII digits (``int`` takes it).

    ``str.isdigit`` alone also accepts digits such as ``²``, which ``int`` refuses.
    """
    return text.isascii() and text.isdigit()


def _is_text(value: object) -> bool:
    """Whether a value is text the model keeps as it is: a ``str``, not empty or only spaces."""
    return type(value) is str and bool(value) and not value.isspace()


def _blank(text: str | None) -> bool:
    """Whether a present text is empty or only spaces (what the model refuses)."""
    return text is not None and (not text or text.isspace())


#: Relationship type of ``Linked To: NAME`` (CSV and legacy XML remarks: by name).
LINKED_TO = "Linked To"
#: Relationship type of the advanced XML's ProfileRelationship (by profile id).
OWNED_OR_CONTROLLED_BY = "Owned or Controlled By"

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1,
    )
}
_DATE_RE = re.compile(
    r"^(?:(?:(?P<day>\d{1,2}) )?(?P<month>[A-Za-z]{3}) )?(?P<year>\d{4})$",
)
#: A day written inside a longer date text (a range, ``circa ...``): ``31 Feb
#: 1980`` (a month of any case) or ``1980-02-31``.
_DAY_IN_TEXT_RE = re.compile(
    r"\b(?:(\d{1,2}) ([A-Za-z]{3}) (\d{4})|(\d{4})-(\d{1,2})-(\d{1,2}))\b",
)


def parse_date(text: str) -> PartialDate | None:
    """Parse OFAC's ``27 Jul 1957``, ``Jul 1957`` or ``1957`` into a partial date.

    Args:
        text: The date as OFAC writes it.

    Returns:
        The partial date, or ``None`` when the text is not of that grammar
        (a range, ``circa 1955``): such text is kept as a feature.

    Raises:
        InvalidValueError: When the text has the grammar but is no date
            (``31 Feb 1980``, ``12 Foo 1980``).  A month in another case
            (``12 feb 1992``) is read as OFAC's.
    """
    match = _DATE_RE.match(text.strip())
    if match is None:
        return None
    day_text, month_name, year_text = match.groups()
    month = day = None
    if month_name is not None:
        month = _MONTHS.get(month_name) or _MONTHS.get(month_name.title())
        if month is None:
            msg = f"unknown month {month_name!r} in date {text!r}"
            raise InvalidValueError(msg)
        if day_text is not None:
            day = int(day_text)
    year = int(year_text)
    if year >= 1 and (day is None or _is_day(year, month, day)):
        return _new_partial_date(year, month, day)
    # Not a date: the validated constructor raises its own error.
    return PartialDate(year=year, month=month, day=day)


def check_days(text: str) -> None:
    """Refuse a date kept as text (a range, ``circa ...``) that writes an impossible day.

    Raises:
        InvalidValueError: Naming the day (``31 Feb 1980``, ``1992-02-31``),
            or the range that ends before it starts (``1962 to 1960``).
    """
    for found in _DAY_IN_TEXT_RE.finditer(text):
        if found[1] is not None:
            month = _MONTHS.get(found[2].title())
            if month is None:
                continue  # no month name: not a date
            year, day = int(found[3]), int(found[1])
        else:
            year, month, day = int(found[4]), int(found[5]), int(found[6])
        if not _is_day(year, month, day):
            msg = f"not a date: {found[0]!r} in {text!r}"
            raise InvalidValueError(msg)
    start, to, end = text.strip().removeprefix("circa ").partition(" to ")
    if to:
        first, last = parse_date(start), parse_date(end)
        if first is not None and last is not None and first.earliest > last.latest:
            msg = f"a range that ends before it starts: {text!r}"
            raise InvalidValueError(msg)


def _is_day(year: int, month: int | None, day: int) -> bool:
    """Whether a year (1 to 9999), a month (1 to 12) and a day make a date."""
    try:
        date(year, month or 0, day)
    except ValueError:
        return False
    return True


_TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/()-]*$")


def program_tag(tag: str, known: Collection[str] | None = OFAC_PROGRAM_TAGS) -> str:
    """Check an OFAC program tag (``DPRK3``, ``RUSSIA-EO14024``, ``561List``), kept verbatim.

    Args:
        tag: The tag as the source writes it.
        known: The tags to accept (default: :data:`~sanctionsmodel.reference.OFAC_PROGRAM_TAGS`);
            ``None`` accepts any well-formed tag.

    Raises:
        InvalidValueError: If ``tag`` is empty, has characters no tag has,
            or is not among ``known``.
    """
    if not _TAG_RE.match(tag):
        msg = f"not an OFAC program tag: {tag!r}"
        raise InvalidValueError(msg)
    if known is not None and tag not in known:
        msg = (
            f"unknown OFAC program tag {tag!r}: not among the {len(known)} tags known; "
            "if OFAC has created it, name it in extra_programs (--program on the command line)"
        )
        raise InvalidValueError(msg)
    return tag


def known_programs(extra: Iterable[str] = ()) -> frozenset[str]:
    """The program tags a read accepts: the known OFAC tags and the caller's ``extra``.

    Raises:
        InvalidValueError: If an extra tag is not well formed.
    """
    extra = frozenset(extra)
    for tag in extra:
        program_tag(tag, None)
    return OFAC_PROGRAM_TAGS | extra


# -- labels -------------------------------------------------------------------------

#: Identifier labels with a scheme other than the label's kebab slug.
_SCHEMES = {
    "Passport": "passport",
    "National ID No.": "national-id",
    "Tax ID No.": "tax-id",
    "Registration Number": "registration-number",
    "Registration ID": "registration-id",
    "SWIFT/BIC": "swift-bic",
    "Website": "website",
    "Email Address": "email",
    "Phone Number": "phone",
    "Vessel Registration Identification": "imo",
    "MMSI": "mmsi",
    "BIK (RU)": "bik-ru",
    "Legal Entity Number": "lei",
    "Cedula No.": "cedula",
    "D.N.I.": "dni",
    "NIT #": "nit",
    "RUC #": "ruc",
    "R.F.C.": "rfc",
    "C.U.R.P.": "curp",
    "C.U.I.T.": "cuit",
    "V.A.T. Number": "vat",
    "D-U-N-S Number": "duns",
    "Unified Social Credit Code (USCC)": "uscc",
    "Aircraft Manufacturer's Serial Number (MSN)": "aircraft-msn",
    "Aircraft Tail Number": "aircraft-tail-number",
    "Previous Aircraft Tail Number": "aircraft-previous-tail-number",
    "Aircraft Mode S Transponder Code": "aircraft-mode-s",
    "Aircraft Construction Number (also called L/N or S/N or F/N)": "aircraft-construction-number",
    # Other spellings OFAC uses for the same kinds (the SDN CSV of 2024-05-03,
    # the consolidated CSV of 2025-12).
    "EMAIL": "email",
    "Email": "email",
    "Telephone": "phone",
    "Telephone Number:": "phone",
    "PHONE": "phone",
    "Phone No.": "phone",
    "FAX": "fax",
    "RFC": "rfc",
    "C.U.I.P.": "cuip",
    "C.U.I.": "cui",
    "C.I.F.": "cif",
    "C.I.N.": "cin",
    "N.I.E.": "nie",
    "N.I.F.": "nif",
    "I.F.E.": "ife",
    "United Social Credit Code Certificate (USCCC)": "uscc",
    "Numero Unico de Identificacao Tributaria (NUIT)": "nuit",
    "Numero Unico de Identificacion Tributaria (NUIT)": "nuit",
}

#: Identifier labels whose scheme is their slug.
_OTHER_IDS = (
    "Identification Number",
    "Business Registration Number",
    "Business Registration Document #",
    "Commercial Registry Number",
    "Company Number",
    "UK Company Number",
    "Government Gazette Number",
    "Public Registration Number",
    "Chamber of Commerce Number",
    "Trade License No.",
    "Economic Register Number (CBLS)",
    "Birth Certificate Number",
    "Matricula Mercantil No",
    "Folio Mercantil No.",
    "C.R. No.",
    "License",
    "Central Registration System Number",
    "Istanbul Chamber of Comm. No.",
    "Kenyan ID No.",
    "Driver's License No.",
    "Residency Number",
    "Personal ID Card",
    "Stateless Person ID Card",
    "Refugee ID Card",
    "Turkish Identification Number",
    "Pakistani National Identity Card",
    "Afghan Money Service Provider License Number",
    "Certificate of Incorporation Number",
    "Serial No.",
    "Electoral Registry No.",
    "SSN",
    "Fax",
    "Diplomatic Passport",
    "Citizen's Card Number",
    "Italian Fiscal Code",
    "Romanian Tax Registration",
    "Romanian Permanent Resident",
    "Romanian C.R.",
    "Moldovan Fiscal Code",
    "Bosnian Personal ID No.",
    "Immigration No.",
    "CUIP",
    "RIF #",
    "RTN",
    "Company ID:",
    "Equity Ticker",
    "ISIN",
    "Vessel Call Sign",
    "Commercial Registry No.",
    "Enterprise Number",
    "Enterprise Registration Number",
    "Business Number",
    "Business License Number",
    "Tax Registration Number",
    "Registration Certificate Number (Dubai)",
    "Travel Document Number",
    "Aircraft Serial Identification",
    # Seen in the SDN CSV of 2024-05-03 and the consolidated CSV of 2025-12.
    "Branch Unit Number",
    "British National Overseas Passport",
    "CNP (Personal Numerical Code)",
    "Cartilla de Servicio Militar Nacional",
    "Chinese Commercial Code",
    "Credencial electoral",
    "Dubai Chamber of Commerce Membership No.",
    "File Number",
    "Fiscal Code",
    "LE Number",
    "MSB Registration Number",
    "Military Registration Number",
    "Moroccan Personal ID No.",
    "National Foreign ID Number",
    "Numero de Identidad",
    "Organization Code",
    "Paraguayan tax identification number",
    "Permit Number",
    "Pilot License Number",
    "Public Security and Immigration No.",
    "RSIN",
    "Registered Charity No.",
    "Russian State Individual Business Registration Number Pattern (OGRNIP)",
    "SRE Permit No.",
    "Seafarer's Identification Document",
    "Stateless Person Passport",
    "TELEX",
    "Tarjeta Profesional",
    "Tazkira National ID Card",
    "Tourism License No.",
    "Trademark number",
    "UAE Identification",
    "US FEIN",
    "VisaNumberID",
)

#: Labels of facts that are not identifiers: they become features.
_FEATURES = (
    "Additional Sanctions Information -",
    "For more information, please see:",
    "For more information on directives, please visit the following link:",
    "Executive Order 13662 Directive Determination -",
    "Executive Order 13846 information:",
    "CAATSA Section 235 Information:",
    "IFCA Determination -",
    "Secondary sanctions risk:",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
    "Former Vessel Flag",
    "Nationality of Registration",
    "Organization Established Date",
    "Organization Type:",
    "Target Type",
    "Aircraft Manufacture Date",
    "Aircraft Model",
    "Aircraft Operator",
    "Vessel Year of Build",
    "Vessel Flag",
    "Vessel Type",
    "Vessel Owner",
    "Vessel Tonnage",
    "Vessel Gross Registered Tonnage",
    "Other Vessel Call Sign",
    "Other Vessel Flag",
    "Other Vessel Type",
    "Linked To:",
    "Location:",
    "Gender",
    "Title",
    "Citizenship Country",
    "Nationality Country",
    "Place of Birth",
    "Birthdate",
    "Effective Date (CMIC)",
    "Listing Date (CMIC)",
    "Purchase/Sales For Divestment Date (CMIC)",
    "Executive Order 14024 Directive Information",
)

_ID_LABELS = frozenset(_SCHEMES) | frozenset(_OTHER_IDS)
#: Every known label, longest first, so a longer label wins over its prefix.
KNOWN_LABELS = tuple(sorted(_ID_LABELS | frozenset(_FEATURES), key=len, reverse=True))
#: Known labels by their first word, longest first: a clause is matched
#: against the few labels sharing its first word, not all of them.
LABELS_BY_HEAD: dict[str, tuple[str, ...]] = {}
for _label in KNOWN_LABELS:
    _head = _label.split(" ", 1)[0]
    LABELS_BY_HEAD[_head] = (*LABELS_BY_HEAD.get(_head, ()), _label)

_SLUG_RE = re.compile(r"[^a-z0-9]+")
#: A value with its country in final parentheses; a country holds no digit,
#: so ``(3248000)``, the last group of a phone number, stays in the value.
_COUNTRY_RE = re.compile(r"^(?P<value>.+) \((?P<country>[^()\d]+)\)$")
_DIGITAL_RE = re.compile(r"^Digital Currency Address - (?P<coin>\S+)$")


def slug(label: str) -> str:
    """The lower-case kebab form of a label: ``Tax ID No.`` -> ``tax-id-no``."""
    return _SLUG_RE.sub("-", label.lower()).strip("-")


def feature_type(label: str) -> str:
    """The feature type of a label: the label without a trailing ``:`` or `` -``."""
    text = label.strip()
    for end in (":", " -"):
        text = text.removesuffix(end)
    return text.strip()


#: The scheme of each identifier label, worked out once.
_ID_SCHEMES = {label: _SCHEMES.get(label) or slug(label) for label in _ID_LABELS}
#: The feature type of each known feature label, worked out once.
_FEATURE_TYPES = {label: feature_type(label) for label in _FEATURES}


# -- the builder ------------------------------------------------------------------


#: The weak (low-quality) kind of each alias kind.
WEAK_KINDS = {
    NameKind.AKA: NameKind.WEAK_AKA,
    NameKind.FKA: NameKind.WEAK_FKA,
    NameKind.NKA: NameKind.WEAK_NKA,
}

_NAME_ORDER = {
    NameKind.PRIMARY: 0,
    NameKind.AKA: 1,
    NameKind.FKA: 2,
    NameKind.NKA: 3,
    NameKind.WEAK_AKA: 4,
    NameKind.WEAK_FKA: 5,
    NameKind.WEAK_NKA: 6,
}


def linked_to(name: str) -> Relationship:
    """A ``Linked To`` relationship by name, its target not yet resolved (see :func:`build_all`)."""
    if not _is_text(name):
        return Relationship(type=LINKED_TO, target_name=name)  # refused, with the model's message
    return _new_relationship(type=LINKED_TO, target_name=name)


def make_feature(type_: str, value: str) -> Feature:
    """A feature; texts that are not blank are stored as they are, without the model's checks.

    Not cached here: the CSV reader parses each distinct clause once per
    read, so its entities share the feature of a repeated clause already,
    and nothing is kept from one read to the next.
    """
    if not (_is_text(type_) and _is_text(value)):
        return Feature(type=type_, value=value)  # refused, with the model's message
    return _new_feature(type_, value)


def make_name(text: str, kind: NameKind) -> Name:
    """A name; ASCII text with a letter (its cases differ) is Latin script, known without a scan."""
    if not text or text.isspace():
        return Name(text=text, kind=kind)  # refused, with the model's message
    script = "Latn" if text.isascii() and text.lower() != text.upper() else detect_script(text)
    return _new_name(text, kind, script, None)


def _vessel(fields: dict[str, str]) -> Vessel:
    """The vessel, tonnages without the CSV's thousands separators."""
    out = dict(fields)
    for key in ("tonnage", "gross_registered_tonnage"):
        value = out.get(key)
        if value is not None and is_number(value.replace(",", "")):
            out[key] = value.replace(",", "")
    if any(_blank(v) for v in out.values()):
        return Vessel(**out)  # refused, with the model's message
    return _new_vessel(**out)


#: The genders OFAC writes.
GENDERS = ("Male", "Female")


def _gender_fact(value: str) -> Fact:
    """A ``Gender`` fact; a value OFAC does not write (``Mael``) is refused.

    Raises:
        InvalidValueError: For a gender other than :data:`GENDERS`.
    """
    if value not in GENDERS:
        msg = f"unknown gender {value!r} (OFAC writes {' or '.join(GENDERS)})"
        raise InvalidValueError(msg)
    return ("genders", value)


def one_gender(
    genders: Sequence[str],
    ent_num: int | str,
    source: str | None,
    *,
    line: int | None = None,
    field: str = "Gender",
) -> str | None:
    """The one gender of a party's facts (``None`` if none).

    ``line`` and ``field`` say where the party's genders are, for the error.

    Raises:
        SourceError: If the facts give two different genders: the model
            holds one, and keeping the first would drop the other.
    """
    if not genders:
        return None
    first = genders[0]
    if len(genders) > 1 and any(g != first for g in genders):
        msg = (
            f"party {ent_num} is given two genders ({', '.join(dict.fromkeys(genders))}); "
            "the model holds one"
        )
        raise SourceError(msg, path=source or "", line=line, field=field)
    return first


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    if not items:
        return ()
    if len(items) == 1:
        return (items[0],) if items[0] else ()
    return tuple(dict.fromkeys(i for i in items if i))


def _name_key(name: Name) -> tuple[int, str]:
    return _NAME_ORDER[name.kind], name.text


def _identifier_key(i: Identifier) -> tuple[str, str, str, str, str]:
    return i.scheme, i.value, i.country or "", str(i.issued), str(i.expires)


_feature_key = operator.attrgetter("type", "value")


def _relationship_key(r: Relationship) -> tuple[str, str, str, bool]:
    return r.type, r.target_name or "", r.target or "", r.former


@dataclass(slots=True)
class EntityBuilder:
    """The facts of one OFAC record as a reader collects them (mutable, private)."""

    ent_num: int
    kind: EntityKind = EntityKind.ORGANIZATION
    names: list[Name] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    genders: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    vessel: dict[str, str] = field(default_factory=dict)
    features: list[Feature] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)

    def feature(self, type_: str, value: str) -> None:
        """Add a feature, skipping empty values."""
        value = value.strip()
        if value:
            self.features.append(make_feature(type_, value))

    def build(self, source: str | None = None) -> Entity:
        """Make the entity, in a canonical order that does not depend on the format.

        Names keep the primary first, then sort by kind and text; identifiers,
        features (programs included, as ``program`` features) and
        relationships sort; other sequences keep the source's order without
        repeats.  Relationship targets are resolved by :func:`build_all`.
        """
        names = self.names
        if len(names) > 1:
            primary = None
            for n in names:
                if n.kind is NameKind.PRIMARY:
                    primary = n
                    break
            others = set(names)
            if primary is not None:
                others.discard(primary)
            rest = sorted(others, key=_name_key)
            all_names = tuple(rest) if primary is None else (primary, *rest)
        else:
            all_names = tuple(names)
        feature_set = set(self.features)
        for p in self.programs:
            feature_set.add(make_feature(PROGRAM_FEATURE, p))
        features = sorted(feature_set, key=_feature_key) if len(feature_set) > 1 else feature_set
        identifiers: set[Identifier] | list[Identifier] | tuple[()] = ()
        if self.identifiers:
            identifiers = set(self.identifiers)
            if len(identifiers) > 1:
                identifiers = sorted(identifiers, key=_identifier_key)
        # The CSV repeats the title in Remarks; a title may itself hold "; ".
        remarks: tuple[str, ...] | list[str] = ()
        if self.remarks:
            remarks = _unique(self.remarks)
            if self.titles:
                in_titles = {
                    p.strip().removesuffix(".") for t in self.titles for p in t.split("; ")
                }
                remarks = [r for r in remarks if r.removesuffix(".") not in in_titles]
        birth_places = _unique(self.birth_places) if self.birth_places else ()
        nationalities = _unique(self.nationalities) if self.nationalities else ()
        citizenships = _unique(self.citizenships) if self.citizenships else ()
        titles = _unique(self.titles) if self.titles else ()
        gender = one_gender(self.genders, self.ent_num, source)
        relationships: tuple[Relationship, ...] = ()
        if self.relationships:
            relationships = tuple(sorted(set(self.relationships), key=_relationship_key))
        remark = "; ".join(remarks) or None
        make = (
            _new_entity
            if all_names
            and (gender is None or (gender and not gender.isspace()))
            and (remark is None or (remark and not remark.isspace()))
            and not _blank(source)
            and _all_text(birth_places, nationalities, citizenships, titles)
            else Entity  # refuses them, with the model's message
        )
        return make(
            id=ofac_entity_id(self.ent_num),
            kind=self.kind,
            names=all_names,
            identifiers=tuple(identifiers),
            birth_dates=tuple(dict.fromkeys(self.birth_dates)) if self.birth_dates else (),
            birth_places=birth_places,
            nationalities=nationalities,
            citizenships=citizenships,
            gender=gender,
            titles=titles,
            addresses=tuple(dict.fromkeys(self.addresses)) if self.addresses else (),
            vessel=_vessel(self.vessel) if self.vessel else None,
            features=tuple(features),
            relationships=relationships,
            remarks=remark,
            source=source,
        )


def primary_name(b: EntityBuilder) -> str | None:
    """The name the built entity's ``primary_name`` will be (``None`` without names)."""
    for n in b.names:
        if n.kind is NameKind.PRIMARY:
            return n.text
    return min(b.names, key=_name_key).text if b.names else None


def build_all(builders: Iterable[EntityBuilder], source: str | None = None) -> tuple[Entity, ...]:
    """Build the entities of one publication, resolving their relationships within it.

    A relationship by name (``Linked To: NAME``) gets the target's entity id
    when exactly one party of the publication has that primary name (OFAC
    writes the target's primary name; as the reader drops the final ``.``
    of every Remarks clause, ``NAME.`` is tried when ``NAME`` matches none,
    and is then the name kept).  A
    relationship by id (advanced XML) gets the target's primary name when
    the target is in the publication.  Anything else stays as the source
    gave it.

    Args:
        builders: The builders of every party of the publication.
        source: What to record as each entity's source.

    Returns:
        The entities, in the order of ``builders``.
    """
    builders = list(builders)
    if any(b.relationships for b in builders):
        _resolve(builders)
    return tuple(b.build(source) for b in builders)


def _resolve(builders: list[EntityBuilder]) -> None:
    by_id: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for b in builders:
        name = primary_name(b)
        if name is None:
            continue  # refused by build, with the model's message
        entity_id = ofac_entity_id(b.ent_num)
        by_id[entity_id] = name
        by_name.setdefault(name.strip(), []).append(entity_id)
    for b in builders:
        if b.relationships:
            b.relationships = [_resolved(r, by_id, by_name) for r in b.relationships]


def _resolved(
    r: Relationship, by_id: dict[str, str], by_name: dict[str, list[str]]
) -> Relationship:
    if r.target is None and r.target_name is not None:
        name = r.target_name.strip()
        found = by_name.get(name)
        if not found:
            # The reader dropped the final "." of the clause: the name may have had it.
            name = f"{name}."
            found = by_name.get(name)
        if found is None or len(found) != 1:
            return r
        target, target_name = found[0], name
    elif r.target is not None and r.target_name is None and r.target in by_id:
        target, target_name = r.target, by_id[r.target]
    else:
        return r
    return _new_relationship(
        type=r.type, target=target, target_name=target_name, former=r.former, source=r.source
    )


def _all_text(*groups: tuple[str, ...]) -> bool:
    """Whether no text of the groups is only spaces (empty texts are dropped by _unique)."""
    for group in groups:
        for text in group:
            if text.isspace():
                return False
    return True


def _identifier(
    *,
    scheme: str,
    value: str,
    country: str | None,
    issued: PartialDate | None,
    expires: PartialDate | None,
    note: str | None,
) -> Identifier:
    """An identifier of checked texts and parsed dates (see :func:`parse_date`)."""
    if (
        not scheme
        or scheme != scheme.strip()
        or not value
        or value.isspace()
        or _blank(country)
        or _blank(note)
    ):
        # Refused, with the model's message.
        return Identifier(
            scheme=scheme, value=value, country=country, issued=issued, expires=expires, note=note
        )
    return _new_identifier(scheme, value, country, issued, expires, note)


#: One fact for an :class:`EntityBuilder`: the name of its list and the value to append.
Fact = tuple[str, object]


def labelled(
    b: EntityBuilder,
    label: str,
    value: str,
    *,
    country: str | None = None,
    issued: str | None = None,
    expires: str | None = None,
    document: bool = False,
    authority: str | None = None,
    note: str | None = None,
) -> None:
    """Put one labelled fact (an ``idList`` item, a Remarks clause) into the builder.

    Args:
        b: The builder of the entity the fact belongs to.
        label: OFAC's label, as the legacy XML ``idType`` writes it.
        value: The value after the label.
        country: The issuing country, where given.
        issued: The issue date as OFAC writes it, where given.
        expires: The expiry date as OFAC writes it, where given.
        document: Whether the source gives the fact as an identity
            document (an ``idList`` item, an ``IDRegDocument``): a label no
            table knows then makes an identifier (its kebab slug is the
            scheme), not a feature.
        authority: The issuing authority, where the source names it (the
            advanced XML's ``IssuingAuthority``): kept in the identifier's note.
        note: What else the source says of the fact (the advanced XML's
            ``fraudulent``, ``issued in ...``): kept in the identifier's note,
            or after the value of a feature.

    Raises:
        InvalidValueError: For an issue or expiry date that is no date.
    """
    fact = labelled_fact(
        label,
        value,
        country=country,
        issued=issued,
        expires=expires,
        document=document,
        authority=authority,
        note=note,
    )
    if fact is not None:
        getattr(b, fact[0]).append(fact[1])


def labelled_fact(
    label: str,
    value: str,
    *,
    country: str | None = None,
    issued: str | None = None,
    expires: str | None = None,
    document: bool = False,
    authority: str | None = None,
    note: str | None = None,
) -> Fact | None:
    """What :func:`labelled` puts into the builder, if anything, as ``(list, value)``.

    Raises:
        InvalidValueError: For an issue or expiry date that is no date, and
            for an identity document (``document``) with no number: its
            type, country and dates would be lost with it.
    """
    value = value.strip()
    if not value:
        if document:
            msg = f"a {label.strip()!r} document with no number"
            raise InvalidValueError(msg)
        return None
    label = label.strip()
    scheme = _scheme(label, document=document)
    if scheme is not None:
        if scheme == "imo":
            value = value.removeprefix("IMO ").strip()
        if not country and value.endswith(")"):
            inline = _COUNTRY_RE.match(value)
            if inline is not None:
                value, country = inline["value"], inline["country"]
        notes = [f"issued by {authority.strip()}"] if authority and authority.strip() else []
        issued_date = _document_date(issued, "issued", notes)
        expires_date = _document_date(expires, "expires", notes)
        if note:
            notes.append(note)
        return (
            "identifiers",
            _identifier(
                scheme=scheme,
                value=value,
                country=country or None,
                issued=issued_date,
                expires=expires_date,
                note="; ".join(notes) or None,
            ),
        )
    if label == "Gender":
        return _gender_fact(value)
    # A final "." is dropped as in Remarks clauses (see parse_remarks).
    value = value.removesuffix(".")
    if country:
        value = f"{value} ({country})"
    if issued:
        value = f"{value} issued {issued}"
    if expires:
        value = f"{value} expires {expires}"
    if authority and authority.strip():
        value = f"{value} issued by {authority.strip()}"
    if note:
        value = f"{value}; {note}"
    type_ = _FEATURE_TYPES.get(label)
    return fact_of(feature_type(label) if type_ is None else type_, value)


def _scheme(label: str, *, document: bool) -> str | None:
    """The identifier scheme of a label, or ``None`` where the label names no identifier."""
    scheme = _ID_SCHEMES.get(label)
    if scheme is None and label.startswith("Digital"):
        digital = _DIGITAL_RE.match(label)
        if digital is not None:
            scheme = f"crypto-{digital['coin'].lower()}"
    if scheme is None and document and label not in _FEATURE_TYPES and slug(label):
        # OFAC gives it as an identity document: an identifier of a kind
        # the tables do not know yet, never a feature.
        scheme = slug(label)
    return scheme


def _document_date(text: str | None, verb: str, notes: list[str]) -> PartialDate | None:
    """A document's issue or expiry date; text of no date grammar goes in ``notes``.

    Raises:
        InvalidValueError: For a date, or a day inside the text, that is no date.
    """
    if not text:
        return None
    day = parse_date(text)
    if day is None:
        check_days(text)
        notes.append(f"{verb} {text}")
    return day


def fact_of(type_: str, value: str) -> Fact | None:
    """A labelled fact that is no identifier: a relationship or a feature (none if empty).

    Raises:
        InvalidValueError: For a date feature (``DOB``, ``... Date``) that
            writes an impossible day (see :func:`check_days`).
    """
    if type_ == LINKED_TO:
        return ("relationships", linked_to(value))
    if type_ == "DOB" or "Date" in type_:
        check_days(value)
    value = value.strip()
    return ("features", make_feature(type_, value)) if value else None
