"""OFAC dates, labels and remarks clauses shared by every format."""

from __future__ import annotations

import pytest

from sanctionsmodel import Feature, Identifier, Name, PartialDate
from sanctionsmodel.exceptions import InvalidValueError
from sanctionsmodel.sources.ofac import parse_date
from sanctionsmodel.sources.ofac._build import EntityBuilder, labelled, slug
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
    assert entity.features == (
        Feature(type="DOB", value="01 Jan 1953 to 31 Dec 1954"),
        Feature(type="Linked To", value="X CORP"),
    )


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
