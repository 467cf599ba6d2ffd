"""OFAC dates, labels and remarks clauses shared by every format."""

from __future__ import annotations

import pytest

from sanctionsmodel import Feature, Identifier, Name, PartialDate, Relationship
from sanctionsmodel.exceptions import InvalidValueError
from sanctionsmodel.sources.ofac import parse_date
from sanctionsmodel.sources.ofac._build import EntityBuilder, build_all, labelled, slug
from sanctionsmodel.sources.ofac._remarks import parse_remarks, split_clauses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27 Jul 1957", PartialDate(year=1957, month=7, day=27)),
        ("Feb 1995", PartialDate(year=1995, month=2)),
        ("1961", PartialDate(year=1961)),
        ("01 Jan 1953 to 31 Dec 1954", None),
        ("circa 1955", None),
    ],
)
def test_parse_date(text, expected):
    """OFAC dates are partial dates; ranges and circa are not dates."""
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31 Feb 1980", "12 Foo 1980"])
def test_parse_bad_date(text):
    """Text of the date grammar that is no date is an error."""
    with pytest.raises(InvalidValueError):
        parse_date(text)


def test_split_keeps_in_value_semicolon():
    """`Additional Sanctions Information - ...; U.S. Persons ...` stays one clause."""
    text = (
        "Additional Sanctions Information - Not on the SDN List; U.S. Persons Must Continue; "
        "all offices worldwide"
    )
    assert split_clauses(text) == [
        "Additional Sanctions Information - Not on the SDN List; U.S. Persons Must Continue",
        "all offices worldwide",
    ]


def test_remarks_clauses():
    """Each known clause lands in its field; unknown text stays a remark."""
    b = EntityBuilder(ent_num=1, names=[Name(text="X")])
    parse_remarks(
        b,
        "DOB 01 Jan 1953 to 31 Dec 1954; POB Moscow, Russia; citizen Russia; "
        "Vessel Registration Identification IMO 9888807; Digital Currency Address - XBT 1abc; "
        "Tax ID No. 2511092929 (Russia); (Linked To: X CORP); something else.",
    )
    entity = b.build()
    assert entity.identifiers == (
        Identifier(scheme="crypto-xbt", value="1abc"),
        Identifier(scheme="imo", value="9888807"),
        Identifier(scheme="tax-id", value="2511092929", country="Russia"),
    )
    assert (entity.birth_places, entity.citizenships, entity.remarks) == (
        ("Moscow, Russia",),
        ("Russia",),
        "something else",
    )
    assert entity.features == (Feature(type="DOB", value="01 Jan 1953 to 31 Dec 1954"),)
    assert entity.relationships == (Relationship(type="Linked To", target_name="X CORP"),)


def test_final_parentheses_with_a_digit_are_no_country():
    """``(3248000)`` ends a phone number: it stays in the value, where a country name is split off.

    The clause is real: KASB INTERNATIONAL LLC (ent_num 16135), in every
    SDN fixture; its number was cut to ``Number: (971) (4)`` with the
    country ``3248000``.
    """
    b = EntityBuilder(ent_num=16135, names=[Name(text="X")])
    parse_remarks(b, "Telephone Number: (971) (4) (3248000); Passport A1 (Iran); Fax 2 (75) (Iran)")
    assert b.build().identifiers == (
        Identifier(scheme="fax", value="2 (75)", country="Iran"),
        Identifier(scheme="passport", value="A1", country="Iran"),
        Identifier(scheme="phone", value="(971) (4) (3248000)"),
    )


def test_identity_document_label_without_a_number_is_a_remark():
    """A clause that starts as ``Passport`` but holds no digit is prose, kept as a remark.

    Both clauses are real (parties 8116 and 11968 of the SDN fixtures);
    they were read as passports ``issued in Sarajevo, Bosnia-Herzegovina``
    and ``and National ID were``.
    """
    b = EntityBuilder(ent_num=8116, names=[Name(text="X")])
    parse_remarks(
        b,
        "Passport 3943074 (Bosnia and Herzegovina); "
        "Passport issued in Sarajevo, Bosnia-Herzegovina; "
        "Passport and National ID were issued in Ulm, Germany.  Currently incarcerated.",
    )
    entity = b.build()
    assert entity.identifiers == (
        Identifier(scheme="passport", value="3943074", country="Bosnia and Herzegovina"),
    )
    assert entity.remarks == (
        "Passport issued in Sarajevo, Bosnia-Herzegovina; "
        "Passport and National ID were issued in Ulm, Germany.  Currently incarcerated"
    )
    # A label then its dates, with a digit but no number: prose too, for every identifier.
    b = EntityBuilder(ent_num=1, names=[Name(text="X")])
    parse_remarks(
        b,
        "Passport issued 2005 in Sarajevo; National ID No. expires 2010; "
        "Website issued 2001; Passport A1 issued 2005; Passport  Issued 2005; Tax ID No. expires",
    )
    entity = b.build()
    assert entity.remarks == (
        "Passport issued 2005 in Sarajevo; National ID No. expires 2010; Website issued 2001; "
        "Passport  Issued 2005; Tax ID No. expires"
    )
    assert entity.identifiers == (
        Identifier(scheme="passport", value="A1", issued=PartialDate(year=2005)),
    )
    # Written with a colon, such a clause stays as OFAC wrote it.
    b = EntityBuilder(ent_num=1, names=[Name(text="X")])
    parse_remarks(b, "Passport: none; alt. Tax ID No.: unknown; Website: www.x.com")
    entity = b.build()
    assert entity.remarks == "Passport: none; alt. Tax ID No.: unknown"
    assert entity.identifiers == (Identifier(scheme="website", value="www.x.com"),)


def test_build_all_resolves_linked_to():
    """A `Linked To` name gets the id of the one party with that primary name, else none."""
    named = [
        EntityBuilder(ent_num=n, names=[Name(text=text)])
        for n, text in ((1, "A CORP"), (2, "B CO., LTD."), (3, "TWIN"), (4, "TWIN"))
    ]
    linking = EntityBuilder(ent_num=5, names=[Name(text="E")])
    # The reader drops each clause's final ".": "B CO., LTD." is found as "B CO., LTD".
    parse_remarks(
        linking, "Linked To: A CORP; Linked To: B CO., LTD.; Linked To: TWIN; Linked To: X."
    )
    entities = build_all([*named, linking])
    assert entities[-1].relationships == (
        Relationship(type="Linked To", target="us-ofac:1", target_name="A CORP"),
        Relationship(type="Linked To", target="us-ofac:2", target_name="B CO., LTD."),
        Relationship(type="Linked To", target_name="TWIN"),
        Relationship(type="Linked To", target_name="X"),
    )
    assert [e.relationships for e in entities[:-1]] == [(), (), (), ()]


def test_labelled_issue_dates():
    """Issue and expiry dates of a document become partial dates."""
    b = EntityBuilder(ent_num=1)
    labelled(b, "Passport", "772043761", country="Russia", issued="Jul 2013", expires="14 Dec 2033")
    assert b.identifiers == [
        Identifier(
            scheme="passport",
            value="772043761",
            country="Russia",
            issued=PartialDate(year=2013, month=7),
            expires=PartialDate(year=2033, month=12, day=14),
        )
    ]


def test_slug():
    """Unknown identifier labels get a kebab scheme."""
    assert slug("Business Registration Document #") == "business-registration-document"


def test_remarks_parser_matches_parse_remarks(data):
    """The per-read parser, which parses each distinct clause once, adds what parse_remarks adds."""
    import csv  # noqa: PLC0415

    from sanctionsmodel.sources.ofac._remarks import RemarksParser  # noqa: PLC0415

    with (data / "sdn-csv-2024-05-03" / "sdn.csv").open(encoding="utf-8", newline="") as fh:
        texts = [row[11].strip() for row in csv.reader(fh) if len(row) == 12]
    texts = [t for t in texts if t not in ("", "-0-")]
    texts += [
        "DOB 1965; DOB 1965.; Passport A1 (Iran); Passport A1 (Iran) ; ; alt. Gender Male",
        "Additional Sanctions Information - X; U.S. Persons Y; a.k.a. 'Z'.",
        "Passport 12 issued 01 Jan 2001 expires 2011 (Iran); Linked To: A (B) (C)",
        "Passport  (Iran); Passport X (Y)) ; Tax ID No. 1 (a(b)); Website x.com\n",
        # Clauses of the shapes the parser makes without clause_fact, and near misses.
        "Passport A1 ( Iran ); alt. Passport  B2  (Iran); Passport C3 (); Passport  ",
        "Vessel Registration Identification IMO 9187629; MMSI 636022479 (Liberia).",
        "Tax ID No. 1 (a issued b); Passport 2 expires 2011; alt. alt. Passport 3",
        "Linked To: X (Y); Gender Male (Z); SSN 1\n2 (US)",
        "DOB Jan 1970; alt. DOB 1970.; DOB 5 Jan 1970 ; DOB 1970 to 1971; DOB 19700",
        "a.k.a. 'X'; alt. f.k.a. 'Y'.; n.k.a. 'Z'\n.; a.k.a. 'it's'; a.k.a.'W'",
        # Feature and Linked To labels, which the pattern takes too, and near misses.
        "Linked To: X.; Linked To: Y ..; alt. Linked To: Z ; Linked To: A (B); Linked To:  ",
        "Organization Established Date 1969.; Organization Type: Bank. (Iran); Gender Male",
        "Effective Date (CMIC) 2021; Former Vessel Flag Malta issued 2001; Vessel Flag  . ",
        "Organization Type: ; Target Type Government Entity; Additional Sanctions Information -",
        # A final group with a digit is no country (the end of a phone number).
        "Telephone Number: (971) (4) (3248000); Telephone 1 (2); Passport A1 (Iran 2); Fax 3 (x)",
        "Tax ID No. 1 (12) issued 2001; Linked To: X (2); Passport B2 ( 3 )",
        # An identity document's label with no number: prose, kept as a remark.
        "Passport issued in Sarajevo; Passport ABC (Iran); National ID No. none; Tax ID No. x",
        "alt. Passport and National ID were issued in Ulm.; Diplomatic Passport D (Iran)",
        "Passport: none; alt. Tax ID No.: unknown; Website: www.x.com",
        "Passport issued 2005 in Sarajevo; alt. Tax ID No. expires 2001 (Iran); Email expires 1",
        "Passport  ISSUED 2005; Website expires; SWIFT/BIC issuedX1; Passport Issued: 2001 (Iran)",
    ]
    parser = RemarksParser()
    for text in texts * 2:
        plain, cached = EntityBuilder(ent_num=1), EntityBuilder(ent_num=1)
        parse_remarks(plain, text)
        parser.parse(cached, text)
        assert plain == cached, text


@pytest.mark.parametrize(
    "text",
    [
        "DOB 31 Feb 1980",
        "alt. DOB 12 Foo 1980",
        "Passport 1 ( )",
        "a.k.a. ' '",
        "DOB circa 31 Feb 1980",
        "DOB 01 Jan 1980 to 31 Feb 1980",
        "Organization Established Date 1995-02-31",
    ],
)
def test_remarks_parser_refuses_as_parse_remarks(text):
    """Where parse_remarks refuses a clause, the per-read parser refuses it alike."""
    from sanctionsmodel.sources.ofac._remarks import RemarksParser  # noqa: PLC0415

    with pytest.raises(InvalidValueError) as plain:
        parse_remarks(EntityBuilder(ent_num=1), text)
    with pytest.raises(InvalidValueError) as cached:
        RemarksParser().parse(EntityBuilder(ent_num=1), text)
    assert str(cached.value) == str(plain.value)


def test_common_clause_labels_are_those_clause_fact_finds():
    """The parser's pattern of common clauses finds the label clause_fact would find.

    clause_fact looks for labels after the checks of weak aliases, of the
    simple heads (DOB, POB, ...) and of digital currency addresses, and takes
    the longest label of the clause's first word that the clause starts with
    (and a space): no label may start as those clauses do, and for a clause
    of every label the pattern finds that longest label.
    """
    from sanctionsmodel.sources.ofac._build import KNOWN_LABELS, LABELS_BY_HEAD  # noqa: PLC0415
    from sanctionsmodel.sources.ofac._remarks import _COMMON_CLAUSE, _SIMPLE  # noqa: PLC0415

    for label in KNOWN_LABELS:
        head = label.split(" ", 1)[0]
        assert head not in _SIMPLE, label
        assert head != "Digital", label
        assert label[1:6] != ".k.a.", label
        assert not label.startswith(("(", "alt. ")), label
        if label == "Gender":
            continue  # left to clause_fact
        clause = f"{label} X1"
        expected = next(c for c in LABELS_BY_HEAD[head] if clause.startswith(f"{c} "))
        found = _COMMON_CLAUSE(clause)
        assert found is not None, label
        assert expected == found["label"]


@pytest.mark.parametrize("value", [b"x", 5, ["x"], "", "  "])
def test_feature_and_relationship_makers_refuse_what_the_model_refuses(value):
    """make_feature and linked_to store checked texts as they are, and refuse the rest alike."""
    from sanctionsmodel.sources.ofac._build import linked_to, make_feature  # noqa: PLC0415

    with pytest.raises(InvalidValueError):
        Feature(type="T", value=value)
    with pytest.raises(InvalidValueError):
        make_feature("T", value)
    with pytest.raises(InvalidValueError):
        make_feature(value, "x")
    with pytest.raises(InvalidValueError):
        linked_to(value)
