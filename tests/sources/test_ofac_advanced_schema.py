"""The advanced XML reader takes everything a record holds, or refuses it with its path.

Each case edits one real passage of ``cons-advanced-2020-03-17`` the way
OFAC's schema (``sdn_advanced.xsd``) allows, or a broken file would.
"""

from __future__ import annotations

import attrs
import pytest

from sanctionsmodel import Address, PartialDate
from sanctionsmodel.exceptions import SourceError
from sanctionsmodel.sources.ofac import read

_FILE = ("cons-advanced-2020-03-17", "cons_advanced.xml")
_PARTY = "Sanctions/DistinctParties/DistinctParty[FixedRef=9639]"
_DOC = "Sanctions/IDRegDocuments/IDRegDocument[ID=9477]"
_HANIYA = '<DistinctParty FixedRef="9639">'
_DOB = '<Feature ID="4696" FeatureTypeID="8">'
_DOC_TAG = '<IDRegDocument ID="9477" '
_FLAGS = 'YearFixed="false" MonthFixed="false" DayFixed="false"'
_START = f'<Start Approximate="false" {_FLAGS}>'


def _edit(tmp_path, data, *edits):
    """The fixture with the first ``old`` after ``anchor`` replaced, for each edit."""
    text = data.joinpath(*_FILE).read_text(encoding="utf-8")
    for anchor, old, new in edits:
        cut = text.index(old, text.index(anchor))
        text = text[:cut] + new + text[cut + len(old) :]
    path = tmp_path / "cons_advanced.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _entity(path, ent_num):
    return next(e for e in read(path).entities if e.id == f"us-ofac:{ent_num}")


_END = f"""<End Approximate="false" {_FLAGS}>
                <From>
                  <Year>1962</Year>
                  <Month>12</Month>
                  <Day>31</Day>
                </From>
                <To>
                  <Year>1962</Year>
                  <Month>12</Month>
                  <Day>31</Day>
                </To>
              </End>"""


@pytest.mark.parametrize(
    ("edits", "field", "message"),
    [
        pytest.param(
            [
                (
                    _HANIYA,
                    '<Profile ID="9639" PartySubTypeID="4">',
                    '<Profile ID="9639" PartySubTypeID="4">\n<ExternalReference ExRefTypeID="1" />',
                )
            ],
            f"{_PARTY}/Profile/ExternalReference",
            "ExternalReference is not read in Profile",
            id="element-the-model-has-no-place-for",
        ),
        pytest.param(
            [
                (
                    _HANIYA,
                    "<Comment />",
                    (
                        '<Comment />\n<Profile ID="9639" PartySubTypeID="4">'
                        '<Identity ID="1" FixedRef="9639" Primary="true" False="false"/></Profile>'
                    ),
                )
            ],
            f"{_PARTY}/Profile",
            "DistinctParty holds more than one Profile",
            id="second-profile",
        ),
        pytest.param(
            [
                (
                    _HANIYA,
                    'LowQuality="false">',
                    (
                        'LowQuality="false">\n'
                        f'<DatePeriod CalendarTypeID="1" {_FLAGS}>{_START}'
                        "<From><Year>2001</Year><Month>1</Month><Day>1</Day></From></Start></DatePeriod>"
                    ),
                )
            ],
            f"{_PARTY}/Profile/Identity/Alias/DatePeriod",
            "DatePeriod holding elements is not read in Alias",
            id="dated-alias",
        ),
        pytest.param(
            [(_DOC_TAG, "<Comment />", "<Comment>forged stamp</Comment>")],
            f"{_DOC}/Comment",
            "Comment holding 'forged stamp' is not read in IDRegDocument",
            id="comment-passed-over-holds-text",
        ),
        pytest.param(
            [(_DOC_TAG, 'ValidityID="1"', 'ValidityID="1" DeltaAction="add"')],
            f"{_DOC}/@DeltaAction",
            "a delta file is not a full publication",
            id="delta-file",
        ),
        pytest.param(
            [(_HANIYA, 'ScriptID="215"', 'ScriptID="215" Transliteration="x"')],
            f"{_PARTY}/Profile/Identity/Alias/DocumentedName/DocumentedNamePart/NamePartValue/@Transliteration",
            "attribute Transliteration of NamePartValue is not read",
            id="unknown-attribute-of-a-leaf",
        ),
        pytest.param(
            [
                (
                    _HANIYA,
                    'Identity ID="1978" FixedRef="9639" Primary="true" False="false"',
                    'Identity ID="1978" FixedRef="9639" Primary="true" False="true"',
                )
            ],
            f"{_PARTY}/Profile/Identity",
            "a false identity",
            id="false-identity",
        ),
        pytest.param(
            [(_HANIYA, '<Profile ID="9639"', '<Profile ID="9640"')],
            f"{_PARTY}/Profile/@ID",
            "is not the party's FixedRef",
            id="profile-id-not-fixedref",
        ),
        pytest.param(
            [
                (
                    "<SanctionsEntryLinks />",
                    "<SanctionsEntryLinks />",
                    (
                        "<SanctionsEntryLinks>"
                        '<SanctionsEntryLink ID="1" EntryA-SanctionsEntryID="1" '
                        'EntryB-SanctionsEntryID="2" EntryLinkTypeID="1" />'
                        "</SanctionsEntryLinks>"
                    ),
                )
            ],
            "Sanctions/SanctionsEntryLinks/SanctionsEntryLink",
            "SanctionsEntryLink is not read in SanctionsEntryLinks",
            id="entry-link",
        ),
        pytest.param(
            [
                (
                    "<SanctionsEntryLinks />",
                    "<SanctionsEntryLinks />",
                    "<SanctionsEntryLinks />\n<Annexes><Annex /></Annexes>",
                )
            ],
            "Sanctions/Annexes",
            "Annexes is not read in Sanctions",
            id="unknown-section",
        ),
        pytest.param(
            [("<Sanctions xmlns", 'Version="3"', 'Version="3" DeltaBaseVersion="2"')],
            "Sanctions/@DeltaBaseVersion",
            "a delta file is not a full publication",
            id="delta-root",
        ),
        pytest.param(
            [
                (
                    "<CalendarTypeValues>",
                    "</CalendarTypeValues>",
                    '<CalendarType ID="2">Julian</CalendarType></CalendarTypeValues>',
                ),
                (_DOB, 'DatePeriod CalendarTypeID="1"', 'DatePeriod CalendarTypeID="2"'),
            ],
            (
                "Sanctions/DistinctParties/DistinctParty[FixedRef=9639]/Profile/Feature/FeatureVersion/DatePeriod/@CalendarTypeID"
            ),
            "a date of the Julian calendar",
            id="julian-birth-date",
        ),
        pytest.param(
            [
                (
                    "<CalendarTypeValues>",
                    "</CalendarTypeValues>",
                    '<CalendarType ID="2">Julian</CalendarType></CalendarTypeValues>',
                ),
                ("<DateOfIssue", 'CalendarTypeID="1"', 'CalendarTypeID="2"'),
            ],
            "Sanctions/DateOfIssue/@CalendarTypeID",
            "a date of the Julian calendar",
            id="julian-date-of-issue",
        ),
        pytest.param(
            [(_DOC_TAG, 'ValidityID="1"', 'ValidityID="999"')],
            f"{_DOC}/@ValidityID",
            "unknown Validity id '999'",
            id="unknown-validity",
        ),
        pytest.param(
            [(_DOC_TAG, 'IssuedIn-LocationID="1009477"', 'IssuedIn-LocationID="424242"')],
            f"{_DOC}/@IssuedIn-LocationID",
            "unknown LocationID '424242'",
            id="dangling-issued-in",
        ),
        pytest.param(
            [(_DOC_TAG, "<Comment />", '<Comment />\n<DocumentDate IDRegDocDateTypeID="1480" />')],
            f"{_DOC}/DocumentDate",
            "the DocumentDate holds no DatePeriod",
            id="document-date-without-period",
        ),
        pytest.param(
            [
                (_DOB, _END, ""),
                (
                    _DOB,
                    (_START),
                    "<Skipped>",
                ),
                (_DOB, "</Start>", "</Skipped>"),
            ],
            f"{_PARTY}/Profile/Feature/FeatureVersion/DatePeriod/Skipped",
            "Skipped is not read in DatePeriod",
            id="unknown-element-in-a-date",
        ),
        pytest.param(
            [
                (_DOB, _END, ""),
                (
                    _DOB,
                    (_START),
                    "<Comment>",
                ),
                (_DOB, "</Start>", "</Comment>"),
            ],
            f"{_PARTY}/Profile/Feature/FeatureVersion/DatePeriod/Comment",
            "Comment holding",
            id="period-of-a-comment-only",
        ),
        pytest.param(
            [
                (
                    _DOB,
                    '<VersionDetail DetailTypeID="1430" />',
                    '<VersionDetail DetailTypeID="1432">1962</VersionDetail>',
                )
            ],
            f"{_PARTY}/Profile/Feature[ID=4696]/FeatureVersion",
            "holds DatePeriod and VersionDetail",
            id="two-values",
        ),
        pytest.param(
            [
                (
                    '<VersionDetail DetailTypeID="1432">Shati</VersionDetail>',
                    '<VersionDetail DetailTypeID="1432">Shati</VersionDetail>',
                    '<VersionDetail DetailTypeID="1432"> </VersionDetail>',
                )
            ],
            "/FeatureVersion",
            "the FeatureVersion holds no value",
            id="empty-detail",
        ),
        pytest.param(
            [('<LocPartType ID="1456">', "POSTAL CODE", "ZIP CODE")],
            "/LocationPart",
            "a LocationPart of type 'ZIP CODE', which the reader does not place",
            id="unplaced-location-part",
        ),
        pytest.param(
            [
                (
                    '<Location ID="12129">',
                    "<LocationCountry",
                    (
                        '<LocationCountry CountryID="11171" CountryRelevanceID="1413" />\n'
                        "<LocationCountry"
                    ),
                )
            ],
            "Sanctions/Locations/Location[ID=12129]/LocationCountry",
            "Location holds more than one LocationCountry",
            id="two-countries",
        ),
    ],
)
def test_refused_with_its_path(tmp_path, data, edits, field, message):
    """What the reader would lose is refused, naming the element or attribute and its path."""
    path = _edit(tmp_path, data, *edits)
    with pytest.raises(SourceError, match=message) as info:
        read(path)
    assert info.value.field is not None
    assert info.value.field.endswith(field)


def test_unedited_fixture_reads(data):
    """The real file passes the check: what the cases edit is all that breaks them."""
    assert len(read(data.joinpath(*_FILE)).entities) == 375


def test_fraudulent_document_is_noted(tmp_path, data):
    """``ValidityID`` Fraudulent is kept in the identifier's note, not read as a valid one."""
    before = {i.value: i for i in _entity(data.joinpath(*_FILE), 17013).identifiers}
    path = _edit(tmp_path, data, (_DOC_TAG, 'ValidityID="1"', 'ValidityID="2"'))
    after = {i.value: i for i in _entity(path, 17013).identifiers}
    assert before["1027739609391"].note is None
    assert after["1027739609391"].note == "fraudulent"
    assert after["00032520"] == before["00032520"]


def test_issued_in_another_place_is_noted(tmp_path, data):
    """``IssuedIn-LocationID`` is kept where it says more than the issuing country."""
    path = _edit(
        tmp_path, data, (_DOC_TAG, 'IssuedBy-CountryID="11171"', 'IssuedBy-CountryID="11036"')
    )
    doc = next(i for i in _entity(path, 17013).identifiers if i.value == "1027739609391")
    assert (doc.country, doc.note) == ("Armenia", "issued in Russia")


def test_period_with_one_bound_keeps_the_date(tmp_path, data):
    """A DatePeriod with a Start and no End lies within its Start: the DOB is kept, not lost."""
    assert _entity(data.joinpath(*_FILE), 9639).birth_dates == (PartialDate(year=1962),)
    path = _edit(tmp_path, data, (_DOB, _END, ""))
    assert _entity(path, 9639).birth_dates == (PartialDate(year=1962, month=1, day=1),)


def test_period_ending_before_it_starts_refused(tmp_path, data):
    """A DatePeriod whose End is before its Start is no date."""
    path = _edit(
        tmp_path,
        data,
        (
            _DOB,
            "<Year>1962</Year>\n                  <Month>12</Month>",
            "<Year>1961</Year>\n                  <Month>12</Month>",
        ),
        (
            _DOB,
            "<Year>1962</Year>\n                  <Month>12</Month>",
            "<Year>1961</Year>\n                  <Month>12</Month>",
        ),
    )
    with pytest.raises(
        SourceError, match=r"ends \(1961-12-31\) before it starts \(1962-01-01\)"
    ) as info:
        read(path)
    assert info.value.field.startswith(f"{_PARTY}/Profile/Feature[ID=4696]")


def test_unknown_location_part_is_an_address_line(tmp_path, data):
    """A LocationPart of type ``Unknown`` in an address is kept as a line, not dropped."""
    anchor = '<Location ID="12129">'
    before = _entity(data.joinpath(*_FILE), 9642).addresses
    path = _edit(tmp_path, data, (anchor, 'LocPartTypeID="1454"', 'LocPartTypeID="1"'))
    after = _entity(path, 9642).addresses
    moved = [a for a in before if a.city == "Hebron, West Bank"]
    assert len(moved) == 1
    assert Address(lines=("Hebron",), city="West Bank", country=moved[0].country) in after


def test_name_part_leading_and_trailing_characters(tmp_path, data):
    """``LeadingChars`` and ``TrailingChars`` of a name part are part of the name."""
    path = _edit(
        tmp_path,
        data,
        (
            _HANIYA,
            '<DocumentedNamePart>\n                <NamePartValue NamePartGroupID="15033"',
            (
                '<DocumentedNamePart LeadingChars="&quot;" TrailingChars="&quot;">\n'
                '                <NamePartValue NamePartGroupID="15033"'
            ),
        ),
    )
    names = [n.text for n in _entity(path, 9639).names]
    assert 'HANIYA, "Ismail"' in names


def test_profile_comment_read_beside_the_party_comment(tmp_path, data):
    """A Profile's own Comment is read as remarks too, not only when the party has none."""
    path = _edit(
        tmp_path,
        data,
        (_HANIYA, "<Comment />", "<Comment>Party remark.</Comment>"),
        (
            _HANIYA,
            '<Profile ID="9639" PartySubTypeID="4">',
            '<Profile ID="9639" PartySubTypeID="4">\n<Comment>Profile remark.</Comment>',
        ),
    )
    remarks = _entity(path, 9639).remarks or ""
    assert "Party remark" in remarks
    assert "Profile remark" in remarks


_XS = "{http://www.w3.org/2001/XMLSchema}"


def _xsd_declarations(data):
    """Each element OFAC's XSD declares: its name with the children and attributes it may have."""
    import xml.etree.ElementTree as ET  # noqa: PLC0415 - only this test reads the XSD

    root = ET.parse(data / "schemas" / "sdn_advanced.xsd").getroot()  # noqa: S314 - our fixture
    types = {t.get("name"): t for t in root if t.tag == f"{_XS}complexType"}
    globals_ = {e.get("name"): e for e in root if e.tag == f"{_XS}element"}

    def content(node):
        for c in node:
            tag = c.tag.removeprefix(_XS)
            if tag in ("element", "attribute"):
                yield tag, c
            elif tag in ("extension", "restriction") and c.get("base") in types:
                yield from content(types[c.get("base")])
                yield from content(c)
            else:
                yield from content(c)

    declared = {}
    pending = [globals_["Sanctions"]]
    seen = set()
    while pending:
        elem = pending.pop()
        if elem.get("ref"):
            elem = globals_[elem.get("ref")]
        body = types.get(elem.get("type"), elem)
        if id(body) in seen and id(elem) in seen:
            continue
        seen.update((id(body), id(elem)))
        kids, attrs = declared.setdefault(elem.get("name"), (set(), set()))
        for kind, item in content(body):
            if kind == "attribute":
                attrs.add(item.get("name"))
            else:
                kids.add(item.get("name") or item.get("ref"))
                pending.append(item)
    return declared


def test_rules_name_only_what_the_schema_declares(data):
    """Every child and attribute the reader's rules take is one OFAC's XSD declares there.

    A rule naming something the schema lacks (a typo) would refuse a real file.
    """
    from sanctionsmodel.sources.ofac._advanced import _RULES_TEXT  # noqa: PLC0415

    declared = _xsd_declarations(data)
    wrong = []
    for name, text in _RULES_TEXT.items():
        kids, _, attrs = text.partition("@")
        xsd_kids, xsd_attrs = declared[name]
        wrong += [f"{name}/{k}" for k in kids.split() if k.rstrip("?-") not in xsd_kids]
        wrong += [f"{name}/@{a}" for a in attrs.split() if a not in xsd_attrs]
    assert len(declared) > 100
    assert wrong == []


def test_document_without_validity_is_valid(tmp_path, data):
    """``ValidityID`` is optional in the schema: a document without it reads as a valid one."""
    before = {i.value: i for i in _entity(data.joinpath(*_FILE), 17013).identifiers}
    path = _edit(tmp_path, data, (_DOC_TAG, ' ValidityID="1"', ""))
    assert {i.value: i for i in _entity(path, 17013).identifiers} == before


def _unsourced(path):
    return [attrs.evolve(e, source=None) for e in read(path).entities]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('LowQuality="false"', 'LowQuality="0"'),
        ('LowQuality="true"', 'LowQuality="1"'),
        ('Primary="true" LowQuality', 'Primary="1" LowQuality'),
        ('Approximate="false"', 'Approximate="0"'),
        ('Former="false"', 'Former="0"'),
    ],
)
def test_booleans_as_digits_read_alike(tmp_path, data, old, new):
    """``xsd:boolean`` allows ``1`` and ``0``: they read as ``true`` and ``false``."""
    text = data.joinpath(*_FILE).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "cons_advanced.xml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert _unsourced(path) == _unsourced(data.joinpath(*_FILE))


@pytest.mark.parametrize("value", ["yes", "T"])
def test_flag_of_no_boolean_refused(tmp_path, data, value):
    """A flag that is no ``xsd:boolean`` is refused with its path."""
    path = _edit(tmp_path, data, (_HANIYA, 'LowQuality="false"', f'LowQuality="{value}"'))
    with pytest.raises(SourceError, match=f"LowQuality='{value}' is not a boolean") as info:
        read(path)
    assert info.value.field == f"{_PARTY}/Identity/Alias"


def test_document_without_number_refused(tmp_path, data):
    """An identity document with an empty number is refused: its type and country would be lost."""
    path = _edit(
        tmp_path,
        data,
        (_DOC_TAG, "<IDRegistrationNo>1027739609391</IDRegistrationNo>", "<IDRegistrationNo />"),
    )
    with pytest.raises(SourceError, match="document with no number") as info:
        read(path)
    assert info.value.field == _DOC


_CITY = (
    '<LocationPart LocPartTypeID="1454"><LocationPartValue Primary="true" '
    'LocPartValueTypeID="1" LocPartValueStatusID="1"><Value>Moscow</Value>'
    "</LocationPartValue></LocationPart>"
)


@pytest.mark.parametrize(
    "edit",
    [
        ("</LocationPart>", f"</LocationPart>\n{_CITY}"),
        ('<LocationPart LocPartTypeID="1">', f'{_CITY}\n<LocationPart LocPartTypeID="1">'),
        (
            '<LocationPart LocPartTypeID="1">',
            (
                '<LocationCountry CountryID="11036" CountryRelevanceID="1413" />\n'
                '<LocationPart LocPartTypeID="1">'
            ),
        ),
    ],
    ids=["city-after-the-name", "city-before-the-name", "two-names"],
)
def test_feature_place_with_more_than_a_name_refused(tmp_path, data, edit):
    """A country feature reads one place name: a location holding more is refused, not cut."""
    path = _edit(tmp_path, data, ('<Location ID="186171">', *edit))
    with pytest.raises(
        SourceError, match="LocationID '186171' holds an address, two names"
    ) as info:
        read(path)
    assert "Feature" in info.value.field


def test_feature_place_reads_its_name(data):
    """The bare place a country feature points at gives its name (Russia, for 23552)."""
    entity = _entity(data.joinpath(*_FILE), 23552)
    assert "Russia" in [f.value for f in entity.features if f.type == "Nationality of Registration"]


def test_empty_reference_value_refused_where_used(tmp_path, data):
    """An id whose reference value is empty names nothing: refused where used, with the path."""
    path = _edit(tmp_path, data, ('<Country ID="11033"', ">Angola<", "><"))
    with pytest.raises(SourceError, match="Country id '11033' has no value") as info:
        read(path)
    assert info.value.field.startswith("Sanctions/")


_GENEVA = '<Location ID="43253">'
_SWISS_COUNTRY = '<LocationCountry CountryID="11196" CountryRelevanceID="1413" />'


def test_area_code_gives_the_country_a_location_lacks(tmp_path, data):
    """An area code is of a country: an address without LocationCountry keeps it.

    Before, the address of party 28603 lost its country (Switzerland) without a word.
    """
    before = _entity(data.joinpath(*_FILE), 28603).addresses
    path = _edit(tmp_path, data, (_GENEVA, _SWISS_COUNTRY, ""))
    assert _entity(path, 28603).addresses == before
    assert before[0].country == "Switzerland"


def test_area_code_of_another_country_refused(tmp_path, data):
    """An area code of one country on a location of another: one country would be lost."""
    austria = _SWISS_COUNTRY.replace("11196", "11038")
    path = _edit(tmp_path, data, (_GENEVA, _SWISS_COUNTRY, austria))
    with pytest.raises(
        SourceError, match="area code is of 'Switzerland', the LocationCountry 'Austria'"
    ) as info:
        read(path)
    assert info.value.field == "Sanctions/Locations/Location[ID=43253]/LocationAreaCode"


def test_undetermined_area_code_is_no_country(data):
    """OFAC's ``undetermined`` area code (11291) names no country: such a location adds none."""
    text = data.joinpath(*_FILE).read_text(encoding="utf-8")
    assert text.count('AreaCodeID="11291"') == 54
    haniya = _entity(data.joinpath(*_FILE), 9639)
    assert all(a.country != "undetermined" for a in haniya.addresses)


def test_undetermined_location_country_is_no_country(tmp_path, data):
    """A LocationCountry of OFAC's ``undetermined`` is none; the area code's country then counts."""
    undetermined = _SWISS_COUNTRY.replace("11196", "11291")
    path = _edit(tmp_path, data, (_GENEVA, _SWISS_COUNTRY, undetermined))
    assert _entity(path, 28603).addresses[0].country == "Switzerland"  # area code 11196
    path = _edit(
        tmp_path,
        data,
        (_GENEVA, _SWISS_COUNTRY, undetermined),
        (_GENEVA, '<LocationAreaCode AreaCodeID="11196" />', ""),
    )
    assert _entity(path, 28603).addresses[0].country is None


def test_area_code_of_no_country_gives_none(tmp_path, data):
    """An area code without CountryID names no country: the location's own stands, or none."""
    swiss = '<AreaCode ID="11196" CountryID="11196" '
    path = _edit(tmp_path, data, (swiss, swiss, '<AreaCode ID="11196" '))
    assert _entity(path, 28603).addresses[0].country == "Switzerland"  # its LocationCountry
    path = _edit(
        tmp_path,
        data,
        (swiss, swiss, '<AreaCode ID="11196" '),
        (_GENEVA, _SWISS_COUNTRY, ""),
    )
    assert _entity(path, 28603).addresses[0].country is None
