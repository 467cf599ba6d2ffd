"""The legacy XML reader (sdnList), and its agreement with the CSV of one publication."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from sanctionsmodel import Address, Name, NameKind, PartialDate
from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError
from sanctionsmodel.sources import programs_of
from sanctionsmodel.sources.ofac import read

ENTRY = """<sdnEntry><uid>7</uid><lastName>X CO</lastName><sdnType>Entity</sdnType>
<programList><program>SDGT</program></programList>{extra}</sdnEntry>"""


def _xml(tmp_path, entries, count=None):
    info = "<Publish_Date>01/02/2025</Publish_Date>"
    if count is not None:
        info += f"<Record_Count>{count}</Record_Count>"
    text = (
        '<?xml version="1.0" standalone="yes"?>\n'
        '<sdnList xmlns="http://tempuri.org/sdnList.xsd">'
        f"<publshInformation>{info}</publshInformation>{''.join(entries)}</sdnList>"
    )
    path = tmp_path / "sdn.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _csv_form(entity):
    """The CSV writes double quotes as single quotes: compare in that form."""

    def q(text):
        return None if text is None else text.replace('"', "'")

    return attrs.evolve(
        entity,
        source=None,
        names=tuple(attrs.evolve(n, text=q(n.text)) for n in entity.names),
        addresses=tuple(
            attrs.evolve(a, lines=tuple(q(line) for line in a.lines)) for a in entity.addresses
        ),
    )


def test_publication_date_and_count(cons_2018_xml):
    """The date and Record_Count come from publshInformation."""
    assert (cons_2018_xml.list, cons_2018_xml.published, cons_2018_xml.record_count) == (
        "us-ofac-cons",
        date(2018, 4, 6),
        639,
    )


def test_entry_fields(cons_2018_xml):
    """An individual's names, DOB and POB land in the model."""
    haniya = next(e for e in cons_2018_xml.entities if e.id == "us-ofac:9639")
    assert haniya.names[:2] == (
        Name(text="HANIYA, Ismail Abdul Salah", kind=NameKind.PRIMARY),
        Name(text="HANIYA, Ismail", kind=NameKind.AKA),
    )
    assert (haniya.birth_dates, haniya.birth_places) == ((PartialDate(year=1962),), ("Shati",))
    assert programs_of(haniya) == ("NS-PLC",)


def test_same_publication_same_entities(cons_2018_xml, cons_2018_csv):
    """consolidated-2018: the XML and the CSV of one publication give equal entities."""
    xml = [_csv_form(e) for e in cons_2018_xml.entities]
    csv = [attrs.evolve(e, source=None) for e in cons_2018_csv.entities]
    assert len(xml) == 639
    # Relationships too: "Linked To" by name in both, resolved alike within each publication.
    assert sum(r.target is not None for e in xml for r in e.relationships) == 365
    assert xml == csv


def test_phone_number_kept_whole(cons_2018_xml, cons_2018_csv):
    """``Telephone Number: (971) (4) (3248000)`` is one phone number in both formats, no country."""
    for pub in (cons_2018_xml, cons_2018_csv):
        kasb = next(e for e in pub.entities if e.id == "us-ofac:16135")
        phones = [(i.value, i.country) for i in kasb.identifiers if i.scheme == "phone"]
        assert phones == [("(971) (4) (3248000)", None)]


def test_quote_is_the_only_difference(cons_2018_xml, cons_2018_csv):
    """Without the quote mapping, the formats differ only where the text has a double quote."""
    csv = {e.id: attrs.evolve(e, source=None) for e in cons_2018_csv.entities}
    differ = [e.id for e in cons_2018_xml.entities if attrs.evolve(e, source=None) != csv[e.id]]
    assert differ == ["us-ofac:11625", "us-ofac:22391"]


def test_address_in_csv_form(tmp_path):
    """Address parts are flattened as the CSV writes them: `City, ST 12345`."""
    extra = (
        "<addressList><address><uid>1</uid><address1>Via X 1</address1><address2>Floor 2</address2>"
        "<city>Rome</city><stateOrProvince>RM</stateOrProvince><postalCode>00187</postalCode>"
        "<country>Italy</country></address></addressList>"
    )
    pub = read(_xml(tmp_path, [ENTRY.format(extra=extra)]))
    assert pub.entities[0].addresses == (
        Address(lines=("Via X 1, Floor 2",), city="Rome, RM 00187", country="Italy"),
    )


def test_record_count_mismatch_refused(tmp_path):
    """A file holding fewer entries than its Record_Count is refused."""
    with pytest.raises(TruncatedPublicationError, match="Record_Count 2"):
        read(_xml(tmp_path, [ENTRY.format(extra="")], count=2))


def test_truncated_xml_refused(tmp_path):
    """An XML file cut short is refused as truncated."""
    path = _xml(tmp_path, [ENTRY.format(extra="")])
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(TruncatedPublicationError):
        read(path)


def test_bad_dob_names_xml_path(tmp_path):
    """A bad date names the XML path of the field."""
    extra = (
        "<dateOfBirthList><dateOfBirthItem><uid>3</uid><dateOfBirth>31 Feb 1980</dateOfBirth>"
        "</dateOfBirthItem></dateOfBirthList>"
    )
    with pytest.raises(SourceError) as info:
        read(_xml(tmp_path, [ENTRY.format(extra=extra)]))
    assert (
        info.value.field
        == "sdnList/sdnEntry[uid=7]/dateOfBirthList/dateOfBirthItem[uid=3]/dateOfBirth"
    )


def test_entry_without_program_refused(tmp_path):
    """An entry without a program is an error naming its path."""
    entry = ENTRY.format(extra="").replace("<program>SDGT</program>", "")
    with pytest.raises(SourceError, match="no program"):
        read(_xml(tmp_path, [entry]))


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ("<newThing>x</newThing>", "sdnList/sdnEntry[uid=7]/newThing"),
        (
            "<vesselInfo><callSign>ABC</callSign><vesselBuildYear>1999</vesselBuildYear></vesselInfo>",
            "sdnList/sdnEntry[uid=7]/vesselInfo/vesselBuildYear",
        ),
        (
            (
                "<addressList><address><uid>1</uid><city>X</city><region>Y</region></address>"
                "</addressList>"
            ),
            "sdnList/sdnEntry[uid=7]/addressList/address/region",
        ),
    ],
    ids=["entry", "vessel", "address"],
)
def test_element_outside_the_schema_refused(tmp_path, extra, field):
    """An element OFAC's schema does not have would be lost: it is refused, with its path."""
    with pytest.raises(SourceError, match="unknown element") as info:
        read(_xml(tmp_path, [ENTRY.format(extra=extra)]))
    assert info.value.field == field


@pytest.mark.parametrize(
    ("kind", "category", "expected"),
    [
        ("a.k.a.", "strong", NameKind.AKA),
        ("f.k.a.", "strong", NameKind.FKA),
        ("n.k.a.", "strong", NameKind.NKA),
        ("a.k.a.", "weak", NameKind.WEAK_AKA),
        ("f.k.a.", "weak", NameKind.WEAK_FKA),
        ("n.k.a.", "weak", NameKind.WEAK_NKA),
    ],
)
def test_alias_kind_and_grade(tmp_path, kind, category, expected):
    """An alias keeps its kind; a weak one is the weak kind of it."""
    extra = (
        f"<akaList><aka><uid>1</uid><type>{kind}</type><category>{category}</category>"
        "<lastName>OTHER CO</lastName></aka></akaList>"
    )
    (entity,) = read(_xml(tmp_path, [ENTRY.format(extra=extra)])).entities
    assert entity.names[1] == Name(text="OTHER CO", kind=expected)


def test_unknown_program_tag_refused_unless_named(tmp_path):
    """A program outside the known tags names its XML path; extra_programs accepts it."""
    path = _xml(tmp_path, [ENTRY.replace("SDGT", "MARS-EO99999").format(extra="")])
    with pytest.raises(SourceError, match="unknown OFAC program tag 'MARS-EO99999'") as info:
        read(path)
    assert info.value.field == "sdnList/sdnEntry[uid=7]/programList/program"
    assert programs_of(read(path, extra_programs={"MARS-EO99999"}).entities[0]) == ("MARS-EO99999",)


@pytest.mark.parametrize(
    ("entry", "count", "field"),
    [
        (ENTRY.replace("<uid>7</uid>", "<uid>\u00b2</uid>"), None, "sdnList/sdnEntry[1]/uid"),
        (ENTRY, "\u00b2", "sdnList/publshInformation/Record_Count"),
    ],
    ids=["uid", "record-count"],
)
def test_numbers_of_other_digits_refused(tmp_path, entry, count, field):
    """A number written with non-ASCII digits is a typed error, not a ValueError."""
    with pytest.raises(SourceError, match="expected a number") as info:
        read(_xml(tmp_path, [entry.format(extra="")], count=count))
    assert info.value.field == field


_EMPTY = "an empty '{}': the schema's values are never empty, and it would be lost"


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ("<Publish_Date></Publish_Date>", "Publish_Date", _EMPTY.format("Publish_Date")),
        ("<Publish_Date> </Publish_Date>", "Publish_Date", _EMPTY.format("Publish_Date")),
        ("<Publish_Date/>", "Publish_Date", _EMPTY.format("Publish_Date")),
        ("<Record_Count></Record_Count>", "Record_Count", _EMPTY.format("Record_Count")),
    ],
)
def test_a_header_value_given_empty_is_refused(tmp_path, given, field, message):
    """An empty Publish_Date or Record_Count is refused, not taken for one left out."""
    path = _xml(tmp_path, [ENTRY.format(extra="")])
    text = path.read_text(encoding="utf-8")
    if field == "Publish_Date":
        text = text.replace("<Publish_Date>01/02/2025</Publish_Date>", given)
    else:
        text = text.replace("</Publish_Date>", f"</Publish_Date>{given}")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read(path)
    assert info.value.field == f"sdnList/publshInformation/{field}"
    assert str(info.value).endswith(f"]: {message}")


def test_text_between_entries_is_refused(tmp_path):
    """Text after an entry that another follows: seen before the entry is dropped."""
    second = ENTRY.replace("<uid>7</uid>", "<uid>8</uid>").format(extra="")
    path = _xml(tmp_path, [ENTRY.format(extra="") + "stray", second])
    with pytest.raises(SourceError, match="text 'stray' after 'sdnEntry'") as info:
        read(path)
    assert info.value.field == "sdnList"
    assert len(read(_xml(tmp_path, [ENTRY.format(extra="") + "\n  ", second])).entities) == 2


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "<lastName>X CO</lastName>",
            "<lastName>X CO</lastName><firstName/>",
            "sdnList/sdnEntry[uid=7]/firstName",
            "an empty 'firstName'",
        ),
        (
            "<sdnEntry>",
            '<sdnEntry status="x">',
            "sdnList/sdnEntry[uid=7]",
            "unknown attribute 'status'",
        ),
        ("</publshInformation>", "</publshInformation>stray", "sdnList", "text 'stray' after"),
        (
            "<sdnEntry>",
            "<sdnEntry>stray",
            "sdnList/sdnEntry[uid=7]",
            "text 'stray' beside the elements",
        ),
        ("<programList>", "<programList>stray", "sdnList/sdnEntry[uid=7]/programList", "beside"),
        ("<sdnList ", '<sdnList x="1" ', "sdnList", "unknown attribute 'x'"),
        ("</sdnEntry>", "</sdnEntry>stray", "sdnList", "text 'stray' after 'sdnEntry'"),
        ("<uid>7", '<uid note="old">7', "sdnList/sdnEntry[uid=7]/uid", "unknown attribute 'note'"),
        (
            "<Publish_Date>",
            '<Publish_Date a="1">',
            "sdnList/publshInformation/Publish_Date",
            "unknown attribute 'a'",
        ),
        (
            "<program>",
            '<program a="1">',
            "sdnList/sdnEntry[uid=7]/programList/program",
            "unknown attribute 'a'",
        ),
    ],
)
def test_what_the_schema_has_no_place_for_is_refused(tmp_path, old, new, field, message):
    """An attribute or stray text would be lost: refused, naming where it stands."""
    path = _xml(tmp_path, [ENTRY.format(extra="")])
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SourceError, match=message) as info:
        read(path)
    assert info.value.field == field


_AKA = "<aka><uid>1</uid><type>a.k.a.</type><category>strong</category><lastName>Y</lastName></aka>"


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (
            ENTRY.format(extra="<programList><program>IRAN</program></programList>"),
            "sdnList/sdnEntry[uid=7]/programList",
        ),
        (
            ENTRY.format(extra="").replace("</lastName>", "</lastName><lastName>Z</lastName>"),
            "sdnList/sdnEntry[uid=7]/lastName",
        ),
        (
            ENTRY.format(extra=f"<akaList>{_AKA}</akaList><akaList>{_AKA}</akaList>"),
            "sdnList/sdnEntry[uid=7]/akaList",
        ),
        (
            ENTRY.format(
                extra="<vesselInfo><callSign>A</callSign><callSign>B</callSign></vesselInfo>"
            ),
            "sdnList/sdnEntry[uid=7]/vesselInfo/callSign",
        ),
    ],
    ids=["two-program-lists", "two-last-names", "two-aka-lists", "two-call-signs"],
)
def test_second_single_element_refused(tmp_path, entry, field):
    """An element the schema allows once, given twice, is refused: the second would be lost."""
    with pytest.raises(SourceError, match="a second") as info:
        read(_xml(tmp_path, [entry]))
    assert info.value.field == field


def test_repeated_list_items_read(tmp_path):
    """The items of a list repeat, as the schema lets them: each one is read."""
    second = _AKA.replace("<uid>1</uid>", "<uid>2</uid>").replace(">Y<", ">W<")
    entry = ENTRY.format(extra=f"<akaList>{_AKA}{second}</akaList>").replace(
        "<program>SDGT</program>", "<program>SDGT</program><program>IRAN</program>"
    )
    (entity,) = read(_xml(tmp_path, [entry])).entities
    assert ([n.text for n in entity.names], programs_of(entity)) == (
        ["X CO", "W", "Y"],
        ("IRAN", "SDGT"),
    )


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (("</publshInformation>", "</publshInformation><notes>x</notes>"), "sdnList/notes"),
        (
            ("</Publish_Date>", "</Publish_Date><Publisher>OFAC</Publisher>"),
            "sdnList/publshInformation/Publisher",
        ),
    ],
    ids=["unknown-top-level", "unknown-in-header"],
)
def test_unknown_element_outside_entries_refused(tmp_path, edit, field):
    """An element beside the entries or in the header that the schema lacks is refused."""
    path = _xml(tmp_path, [ENTRY.format(extra="")])
    path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    with pytest.raises(SourceError, match="unknown element") as info:
        read(path)
    assert info.value.field == field


@pytest.mark.parametrize("category", ["Weak", "medium"])
def test_unknown_alias_category_refused(tmp_path, category):
    """A category other than strong or weak is refused, not read as strong."""
    extra = f"<akaList>{_AKA.replace('>strong<', f'>{category}<')}</akaList>"
    with pytest.raises(SourceError, match=f"unknown alias category '{category}'") as info:
        read(_xml(tmp_path, [ENTRY.format(extra=extra)]))
    assert info.value.field == "sdnList/sdnEntry[uid=7]/akaList/aka[uid=1]/category"


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            "<idType>Passport</idType><idCountry>Iran</idCountry>",
            "'Passport' document with no number",
        ),
        (
            "<idType>Passport</idType><idNumber>A1</idNumber><issueDate>2012-02-31</issueDate>",
            "not a date: '2012-02-31'",
        ),
    ],
    ids=["no-number", "impossible-iso-issue-date"],
)
def test_bad_id_item_refused(tmp_path, item, message):
    """An id item with no number, or an impossible issue day, is refused, not dropped or noted."""
    extra = f"<idList><id><uid>5</uid>{item}</id></idList>"
    with pytest.raises(SourceError, match=message) as info:
        read(_xml(tmp_path, [ENTRY.format(extra=extra)]))
    assert info.value.field.startswith("sdnList/sdnEntry[uid=7]/idList/id")
