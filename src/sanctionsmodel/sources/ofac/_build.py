"""What every OFAC format maps to: labels, dates and the entity builder.

The legacy CSV packs most facts into ``; ``-separated clauses of its Remarks
field (``Passport 654420047 (Korea, North)``); the legacy XML gives the same
facts as ``idList`` items (``idType`` = the label) plus a residual
``remarks``; the advanced XML gives them as features and documents.  Every
reader feeds one :class:`EntityBuilder` through :func:`labelled`, so one
publication read from any format yields equal entities.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from sanctionsmodel._model import (
    Address,
    Entity,
    EntityKind,
    Feature,
    Identifier,
    Name,
    NameKind,
    Vessel,
)
from sanctionsmodel._time import PartialDate
from sanctionsmodel.exceptions import InvalidValueError
from sanctionsmodel.reference import ofac_entity_id
from sanctionsmodel.sources._history import PROGRAM_FEATURE

#: Feature type of a relationship stated in Remarks (``Linked To: NAME``).
LINKED_TO = "Linked To"
#: Feature type of an advanced-XML relationship (value: ``us-ofac:<ent_num>``).
OWNED_OR_CONTROLLED_BY = "Owned or Controlled By"

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        start=1,
    )
}
_DATE_RE = re.compile(
    r"^(?:(?:(?P<day>\d{1,2}) )?(?P<month>[A-Z][a-z]{2}) )?(?P<year>\d{4})$",
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
            (``31 Feb 1980``, ``12 Foo 1980``).
    """
    match = _DATE_RE.match(text.strip())
    if match is None:
        return None
    month_name = match["month"]
    month = None
    if month_name is not None:
        if month_name not in _MONTHS:
            msg = f"unknown month {month_name!r} in date {text!r}"
            raise InvalidValueError(msg)
        month = _MONTHS[month_name]
    day = int(match["day"]) if match["day"] else None
    return PartialDate(year=int(match["year"]), month=month, day=day)


_TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/()-]*$")


def program_tag(tag: str) -> str:
    """Check an OFAC program tag (``DPRK3``, ``RUSSIA-EO14024``, ``561List``), kept verbatim.

    Raises:
        InvalidValueError: If ``tag`` is empty or has characters no tag has.
    """
    if not _TAG_RE.match(tag):
        msg = f"not an OFAC program tag: {tag!r}"
        raise InvalidValueError(msg)
    return tag


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
    "Numero Unico de Identificacion Tributaria (NUIT)",
    "Certificate of Incorporation Number",
    "Serial No.",
    "Electoral Registry No.",
    "SSN",
    "Fax",
    "Telephone",
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
_COUNTRY_RE = re.compile(r"^(?P<value>.+) \((?P<country>[^()]+)\)$")
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


# -- the builder ------------------------------------------------------------------


_NAME_ORDER = {
    NameKind.PRIMARY: 0,
    NameKind.AKA: 1,
    NameKind.FKA: 2,
    NameKind.NKA: 3,
    NameKind.WEAK_AKA: 4,
}


@functools.lru_cache(maxsize=8192)
def make_feature(type_: str, value: str) -> Feature:
    """A feature, shared between entities: the same clauses repeat thousands of times."""
    return Feature(type=type_, value=value)


def make_name(text: str, kind: NameKind) -> Name:
    """A name; ASCII text with a letter is Latin script, known without a scan."""
    if text.isascii() and any(c.isalpha() for c in text):
        return Name(text=text, kind=kind, script="Latn")
    return Name(text=text, kind=kind)


def _vessel(fields: dict[str, str]) -> dict[str, str]:
    """Vessel fields, tonnages without the CSV's thousands separators."""
    out = dict(fields)
    for key in ("tonnage", "gross_registered_tonnage"):
        value = out.get(key)
        if value is not None and value.replace(",", "").isdigit():
            out[key] = value.replace(",", "")
    return out


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


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
    remarks: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)

    def feature(self, type_: str, value: str) -> None:
        """Add a feature, skipping empty values."""
        value = value.strip()
        if value:
            self.features.append(make_feature(type_, value))

    def build(self, source: str | None = None) -> Entity:
        """Make the entity, in a canonical order that does not depend on the format.

        Names keep the primary first, then sort by kind and text; identifiers
        and features (programs included, as ``program`` features) sort; other
        sequences keep the source's order without repeats.
        """
        primary = [n for n in self.names if n.kind is NameKind.PRIMARY][:1]
        rest = self.names
        if len(rest) > 1:
            rest = sorted(
                {n for n in self.names if n not in primary},
                key=lambda n: (_NAME_ORDER[n.kind], n.text),
            )
        else:
            rest = [n for n in rest if n not in primary]
        features = {
            *self.features,
            *(make_feature(PROGRAM_FEATURE, p) for p in self.programs),
        }
        # The CSV repeats the title in Remarks; a title may itself hold "; ".
        remarks: list[str] = []
        if self.remarks:
            in_titles = {p.strip().removesuffix(".") for t in self.titles for p in t.split("; ")}
            remarks = [r for r in _unique(self.remarks) if r.removesuffix(".") not in in_titles]
        vessel = Vessel(**_vessel(self.vessel)) if self.vessel else None
        return Entity(
            id=ofac_entity_id(self.ent_num),
            kind=self.kind,
            names=(*primary, *rest),
            identifiers=sorted(
                set(self.identifiers),
                key=lambda i: (i.scheme, i.value, i.country or "", str(i.issued), str(i.expires)),
            ),
            birth_dates=tuple(dict.fromkeys(self.birth_dates)),
            birth_places=_unique(self.birth_places),
            nationalities=_unique(self.nationalities),
            citizenships=_unique(self.citizenships),
            gender=self.genders[0] if self.genders else None,
            titles=_unique(self.titles),
            addresses=tuple(dict.fromkeys(self.addresses)),
            vessel=vessel,
            features=sorted(features, key=lambda f: (f.type, f.value)),
            remarks="; ".join(remarks) or None,
            source=source,
        )


def labelled(
    b: EntityBuilder,
    label: str,
    value: str,
    *,
    country: str | None = None,
    issued: str | None = None,
    expires: str | None = None,
) -> None:
    """Put one labelled fact (an ``idList`` item, a Remarks clause) into the builder.

    Args:
        b: The builder of the entity the fact belongs to.
        label: OFAC's label, as the legacy XML ``idType`` writes it.
        value: The value after the label.
        country: The issuing country, where given.
        issued: The issue date as OFAC writes it, where given.
        expires: The expiry date as OFAC writes it, where given.

    Raises:
        InvalidValueError: For an issue or expiry date that is no date.
    """
    value = value.strip()
    if not value:
        return
    label = label.strip()
    digital = _DIGITAL_RE.match(label)
    if label in _ID_LABELS or digital is not None:
        if digital is not None:
            scheme = f"crypto-{digital['coin'].lower()}"
        else:
            scheme = _SCHEMES.get(label) or slug(label)
        if scheme == "imo":
            value = value.removeprefix("IMO ").strip()
        if not country:
            inline = _COUNTRY_RE.match(value)
            if inline is not None:
                value, country = inline["value"], inline["country"]
        notes = []
        issued_date = parse_date(issued) if issued else None
        expires_date = parse_date(expires) if expires else None
        if issued and issued_date is None:
            notes.append(f"issued {issued}")
        if expires and expires_date is None:
            notes.append(f"expires {expires}")
        b.identifiers.append(
            Identifier(
                scheme=scheme,
                value=value,
                country=country or None,
                issued=issued_date,
                expires=expires_date,
                note="; ".join(notes) or None,
            )
        )
        return
    if label == "Gender":
        b.genders.append(value)
        return
    # A final "." is dropped as in Remarks clauses (see parse_remarks).
    value = value.removesuffix(".")
    if country:
        value = f"{value} ({country})"
    if issued:
        value = f"{value} issued {issued}"
    if expires:
        value = f"{value} expires {expires}"
    b.feature(feature_type(label), value)
