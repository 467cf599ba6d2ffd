"""The advanced XML reader, and its agreement with the CSV on shared parties."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from sanctionsmodel import Name, NameKind, PartialDate, Relationship
from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError
from sanctionsmodel.sources import programs_of
from sanctionsmodel.sources.ofac import OWNED_OR_CONTROLLED_BY, read

#: The one relationship type each format states for the same link.
_LINK_TYPES = {"Linked To", OWNED_OR_CONTROLLED_BY}


def _no_relations(entity):
    """Compare without what only one format states.

    The CSV states `Linked To: NAME` in Remarks; the advanced XML states
    the same link as an `Owned or Controlled By` ProfileRelationship by id.
    The links are compared (target, target's name, former) under one type,
    the name upper-cased as the CSV writes it; any other type would stay and
    differ.  Only the advanced XML names a
    document's issuing authority (kept in the identifier's note).
    """
    ids = tuple(
        attrs.evolve(i, note=None) if (i.note or "").startswith("issued by ") else i
        for i in entity.identifiers
    )
    links = tuple(
        attrs.evolve(r, type="link", target_name=(r.target_name or "").upper() or None)
        if r.type in _LINK_TYPES
        else r
        for r in entity.relationships
    )
    return attrs.evolve(entity, source=None, relationships=links, identifiers=ids)


def test_header(cons_advanced):
    """The publication date is DateOfIssue; every party is read."""
    assert (cons_advanced.list, cons_advanced.published, len(cons_advanced.entities)) == (
        "us-ofac-cons",
        date(2020, 3, 17),
        375,
    )


def test_entry_dates_per_list(cons_advanced):
    """HANIYA 9639 entered NS-PLC on 2006-04-12 and the Consolidated list on 2014-10-10."""
    entries = sorted(
        (e.entered, e.source_list, e.list, e.programs, e.legal_basis)
        for e in cons_advanced.entries
        if e.entity == "us-ofac:9639"
    )
    basis = "General License 4 Under EO 13224 (Terrorism)"
    assert entries == [
        (
            date(2006, 4, 12),
            "Non-SDN Palestinian Legislative Council List",
            "us-ofac-cons",
            ("NS-PLC",),
            basis,
        ),
        (date(2014, 10, 10), "Consolidated List", "us-ofac-cons", ("NS-PLC",), basis),
    ]
    assert cons_advanced.entry_date("us-ofac:9639") == date(2006, 4, 12)


def test_every_sanctions_entry_is_kept(cons_advanced):
    """One entry per SanctionsEntry of the file (759), each under the list it names.

    The SDN List entries of the consolidated file belong to us-ofac-sdn.
    """
    assert len(cons_advanced.entries) == 759
    by_list = {}
    for e in cons_advanced.entries:
        by_list.setdefault((e.list, e.source_list), set()).add(e.entity)
    assert {k: len(v) for k, v in by_list.items()} == {
        ("us-ofac-sdn", "SDN List"): 9,
        ("us-ofac-cons", "Non-SDN Palestinian Legislative Council List"): 78,
        ("us-ofac-cons", "FSE List"): 6,
        ("us-ofac-cons", "Sectoral Sanctions Identifications List"): 290,
        ("us-ofac-cons", "Consolidated List"): 375,
        ("us-ofac-cons", "CAPTA List"): 1,
    }
    # Each party's programs are the union of its entries' programs.
    ids = {e.id: e for e in cons_advanced.entities}
    for entity_id in {e.entity for e in cons_advanced.entries}:
        tags = {t for e in cons_advanced.entries if e.entity == entity_id for t in e.programs}
        assert tags == set(programs_of(ids[entity_id]))


def test_party_fields(cons_advanced):
    """Names from name parts, DOB from a date period, programs from measures."""
    haniya = next(e for e in cons_advanced.entities if e.id == "us-ofac:9639")
    assert haniya.names[0] == Name(text="HANIYA, Ismail Abdul Salah", kind=NameKind.PRIMARY)
    assert haniya.birth_dates == (PartialDate(year=1962),)
    assert programs_of(haniya) == ("NS-PLC",)


def test_profile_relationship(cons_advanced):
    """ProfileRelationship becomes a relationship to the target's id and primary name."""
    party = next(e for e in cons_advanced.entities if e.id == "us-ofac:18267")
    expected = (
        Relationship(
            type=OWNED_OR_CONTROLLED_BY,
            target="us-ofac:17022",
            target_name="Open Joint-Stock Company Rosneft Oil Company",
        ),
    )
    assert (expected, ()) == (
        party.relationships,
        tuple(f for f in party.features if f.type == OWNED_OR_CONTROLLED_BY),
    )


def test_former_relationship_and_missing_target(tmp_path, data):
    """`Former="true"` is kept; a target the file lacks keeps its id without a name."""
    text = (data / "cons-advanced-2020-03-17" / "cons_advanced.xml").read_text(encoding="utf-8")
    rest = 'RelationTypeID="15003" RelationQualityID="1"'
    old = f'From-ProfileID="18267" To-ProfileID="17022" {rest} Former="false"'
    new = f'From-ProfileID="18267" To-ProfileID="99999" {rest} Former="true"'
    assert text.count(old) == 1
    path = tmp_path / "cons_advanced.xml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    party = next(e for e in read(path).entities if e.id == "us-ofac:18267")
    assert party.relationships == (
        Relationship(type=OWNED_OR_CONTROLLED_BY, target="us-ofac:99999", former=True),
    )


def test_shared_parties_agree_with_2018_csv(cons_advanced, cons_2018_csv):
    """Parties the 2020 advanced XML shares with the 2018 CSV are equal unless OFAC changed them."""
    adv = {e.id: _no_relations(e) for e in cons_advanced.entities}
    csv = {e.id: _no_relations(e) for e in cons_2018_csv.entities}
    shared = sorted(adv.keys() & csv.keys())
    equal = [k for k in shared if adv[k] == csv[k]]
    changed_fields = {
        f.name
        for k in shared
        for f in attrs.fields(type(adv[k]))
        if getattr(adv[k], f.name) != getattr(csv[k], f.name)
    }
    assert (len(shared), len(equal)) == (373, 310)
    # 275 of the shared parties have a link, the same in both formats.
    assert sum(1 for k in shared if adv[k].relationships) == 275
    assert all(adv[k].relationships == csv[k].relationships for k in shared)
    # OFAC's edits over two years (SWIFT spacing, a retagged program, an address) and the
    # advanced XML's mixed-case aliases where the CSVs of 2018 and 2025 upper-case them.
    assert changed_fields == {"names", "identifiers", "features", "addresses"}


def test_shared_parties_kind_and_dates_with_2025_csv(cons_advanced, data):
    """Kind and birth dates of shared parties agree with the 2025 CSV."""
    later = {e.id: e for e in read(data / "cons-csv-2025-12", observed="2025-12-19").entities}
    shared = [e for e in cons_advanced.entities if e.id in later]
    assert len(shared) == 365
    assert [(e.kind, e.birth_dates) for e in shared] == [
        (later[e.id].kind, later[e.id].birth_dates) for e in shared
    ]


def test_unknown_reference_id(tmp_path, data):
    """An id the reference value sets lack is an error naming the XML path."""
    text = (data / "cons-advanced-2020-03-17" / "cons_advanced.xml").read_text(encoding="utf-8")
    path = tmp_path / "cons_advanced.xml"
    path.write_text(text.replace('FeatureTypeID="224"', 'FeatureTypeID="999999"'), encoding="utf-8")
    with pytest.raises(SourceError, match="unknown FeatureType id '999999'") as info:
        read(path)
    assert info.value.field is not None
    assert info.value.field.startswith("Sanctions/DistinctParties/DistinctParty[FixedRef=")


def test_truncated_advanced_refused(tmp_path, data):
    """An advanced file cut in the middle is refused as truncated."""
    raw = (data / "cons-advanced-2020-03-17" / "cons_advanced.xml").read_bytes()
    path = tmp_path / "cons_advanced.xml"
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(TruncatedPublicationError):
        read(path)


def _edited(tmp_path, data, old, new, count=1):
    """The fixture with one real passage replaced (it must occur ``count`` times)."""
    text = (data / "cons-advanced-2020-03-17" / "cons_advanced.xml").read_text(encoding="utf-8")
    assert text.count(old) == count
    path = tmp_path / "cons_advanced.xml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "field_end", "message"),
    [
        (
            "<Year>2020</Year>\n    <Month>3</Month>",
            "<Year>2020</Year>\n    <Month>13</Month>",
            "Sanctions/DateOfIssue",
            "Month '13'",
        ),
        (
            "<Year>2020</Year>\n    <Month>3</Month>",
            "<Year>20x0</Year>\n    <Month>3</Month>",
            "Sanctions/DateOfIssue",
            "Year '20x0'",
        ),
    ],
    ids=["issue-month-13", "issue-year-not-a-number"],
)
def test_bad_date_of_issue_refused(tmp_path, data, old, new, field_end, message):
    """A DateOfIssue that is no date is an error, not a publication without a date."""
    path = _edited(tmp_path, data, old, new)
    with pytest.raises(SourceError, match=message) as info:
        read(path)
    assert info.value.field == field_end


def _edited_after(tmp_path, data, anchor, old, new):
    """The fixture with the first ``old`` after ``anchor`` replaced by ``new``."""
    text = (data / "cons-advanced-2020-03-17" / "cons_advanced.xml").read_text(encoding="utf-8")
    cut = text.index(old, text.index(anchor))
    path = tmp_path / "cons_advanced.xml"
    path.write_text(text[:cut] + new + text[cut + len(old) :], encoding="utf-8")
    return path


def test_bad_birth_date_refused(tmp_path, data):
    """A Birthdate bound that is no date names the party's feature, not a silent empty DOB."""
    anchor = '<DistinctParty FixedRef="9639">'
    path = _edited_after(tmp_path, data, anchor, "<Year>1962</Year>", "<Year>19x2</Year>")
    with pytest.raises(SourceError, match="not a date: Year '19x2'") as info:
        read(path)
    assert info.value.field.startswith(
        "Sanctions/DistinctParties/DistinctParty[FixedRef=9639]/Profile/Feature["
    )


def test_bad_entry_date_refused(tmp_path, data):
    """An EntryEvent date that is no date names the sanctions entry."""
    anchor = '<SanctionsEntry ID="10009639"'
    path = _edited_after(tmp_path, data, anchor, "<Day>12</Day>", "<Day>32</Day>")
    with pytest.raises(SourceError, match="Day '32'") as info:
        read(path)
    assert (
        info.value.field == "Sanctions/SanctionsEntries/SanctionsEntry[ID=10009639]/EntryEvent/Date"
    )


def test_approximate_birth_date_is_circa(tmp_path, data):
    """An approximate DatePeriod is OFAC's "circa": kept as a DOB feature, as the CSV does."""
    path = _edited_after(
        tmp_path,
        data,
        '<DistinctParty FixedRef="9639">',
        'Approximate="false"',
        'Approximate="true"',
    )
    haniya = next(e for e in read(path).entities if e.id == "us-ofac:9639")
    assert haniya.birth_dates == ()
    assert [f.value for f in haniya.features if f.type == "DOB"] == ["circa 1962"]


def test_document_of_no_party_refused(tmp_path, data):
    """An identity document no party claims is an error, not a silent drop."""
    path = _edited(
        tmp_path,
        data,
        'IdentityID="8757" IssuedBy-CountryID="11171" IssuedIn',
        'IdentityID="99999999" IssuedBy-CountryID="11171" IssuedIn',
    )
    with pytest.raises(SourceError, match="identity '99999999', which no party") as info:
        read(path)
    assert info.value.field == "Sanctions/IDRegDocuments/IDRegDocument[ID=9477]"


def test_issuing_authority_in_the_note(cons_advanced):
    """IDRegDocument/IssuingAuthority (OGRN, INN) is kept in the identifier's note."""
    notes = {i.note for e in cons_advanced.entities for i in e.identifiers if i.note}
    assert {"issued by OGRN", "issued by INN"} <= notes


def test_unknown_document_type_is_an_identifier(tmp_path, data):
    """A document type no table knows is an identifier with its slug, not a feature."""
    path = _edited(
        tmp_path, data, ">Registration ID</IDRegDocType>", ">Brand New Register</IDRegDocType>"
    )
    pub = read(path)
    schemes = {i.scheme for e in pub.entities for i in e.identifiers}
    features = {f.type for e in pub.entities for f in e.features}
    assert "brand-new-register" in schemes
    assert "Brand New Register" not in features


def test_entry_measures_kept(cons_advanced):
    """The measures that are no program (directives, Block, Reject) are kept per entry."""
    measures = {m for e in cons_advanced.entries for m in e.measures}
    assert {"Block", "Reject", "13662 Sectoral Directive 1"} <= measures
    ssi = [e for e in cons_advanced.entries if e.source_list.startswith("Sectoral")]
    assert all(any("Directive" in m for m in e.measures) for e in ssi)


def test_unknown_program_tag_refused_unless_named(tmp_path, data):
    """An advanced Program measure outside the known tags names its entry."""
    path = _edited(
        tmp_path, data, "<Comment>NS-PLC</Comment>", "<Comment>NS-PLC2</Comment>", count=157
    )
    with pytest.raises(SourceError, match="unknown OFAC program tag 'NS-PLC2'") as info:
        read(path)
    assert info.value.field.endswith("/SanctionsMeasure/Comment")
    assert "NS-PLC2" in programs_of(
        {e.id: e for e in read(path, extra_programs=["NS-PLC2"]).entities}["us-ofac:9639"]
    )


def test_every_entry_event_is_kept(cons_advanced):
    """An entry's events all stay: 9659's entries cite a general license, then EO 13224."""
    entries = [e for e in cons_advanced.entries if e.entity == "us-ofac:9659"]
    assert len(entries) == 3
    for entry in entries:
        assert [(e.type, e.legal_basis) for e in entry.events] == [
            ("Created", "General License 4 Under EO 13224 (Terrorism)"),
            ("Created", "Executive Order 13224 (Terrorism)"),
        ]
        assert entry.entered == min(e.day for e in entry.events)
        assert entry.legal_basis == "General License 4 Under EO 13224 (Terrorism)"
    several = [e for e in cons_advanced.entries if len({v.legal_basis for v in e.events}) > 1]
    assert len(several) == 24
