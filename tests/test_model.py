"""The record classes validate and convert their fields."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from sanctionsmodel import (
    Action,
    ActionKind,
    Entity,
    EntityKind,
    Identifier,
    Jurisdiction,
    Link,
    Name,
    NameKind,
    PartialDate,
    Relationship,
)
from sanctionsmodel._model import detect_script
from sanctionsmodel.exceptions import InvalidValueError

BASE = {
    "id": "a",
    "list": "l",
    "entities": ["e"],
    "effective": "2024-01-01",
    "recorded": "2024-01-01",
}


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"kind": "designate"}, "designates under no program"),
        ({"kind": "designate", "programs": ["P"], "removes": ["Q"]}, "only an amend removes"),
        ({"kind": "amend"}, "amends nothing"),
        (
            {"kind": "designate", "programs": ["P"], "fields": ["names"]},
            "only an amend changes fields",
        ),
        ({"kind": "amend", "programs": ["P"], "removes": ["P"]}, "both adds and removes"),
        ({"kind": "delist", "programs": ["P"]}, "a delist ends every program"),
        ({"kind": "delist", "supersedes": "a"}, "supersedes itself"),
        ({"kind": "delist", "entities": []}, "names no entity"),
        ({"kind": "delist", "entities": ["e", "e"]}, "ids repeat"),
        ({"kind": "deport"}, "expected one of"),
        ({"kind": "delist", "recorded": None}, "expected a date"),
        ({"kind": "delist", "effective": 2024}, "expected a date, aware datetime"),
        ({"kind": "delist", "id": " a"}, "without surrounding spaces"),
    ],
)
def test_action_invariants(kw, message):
    """Malformed actions are refused with a message saying what is wrong."""
    with pytest.raises(InvalidValueError, match=message):
        Action(**{**BASE, **kw})


def test_action_converts_loose_input():
    """Strings become dates and enums; program sets are sorted and unique."""
    a = Action(
        **{**BASE, "kind": "designate", "programs": ["B", "A", "B"], "announced": "2023-12-31"}
    )
    assert (ActionKind.DESIGNATE, ("A", "B"), date(2023, 12, 31)) == (
        a.kind,
        a.programs,
        a.announced,
    )


def test_records_are_frozen():
    """Records cannot be changed after construction."""
    n = Name(text="x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        n.text = "y"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("리봉춘", "Hang"),
        ("RI Pong Chun", "Latn"),
        ("Новосибирскоблгаз", "Cyrl"),
        ("金永福", "Hani"),
        ("123", "Zyyy"),
        ("11군단", "Hang"),
    ],
)
def test_script_detection(text, script):
    """Names get their ISO 15924 script from their letters."""
    assert script == detect_script(text)
    assert script == Name(text=text).script


def test_name_script_can_be_given_and_is_checked():
    """An explicit script is normalized; a malformed one is refused."""
    assert "Latn" == Name(text="x", script="LATN").script
    with pytest.raises(InvalidValueError, match="ISO 15924"):
        Name(text="x", script="Latin")


def test_entity_needs_a_name_and_kind():
    """An entity without names or with an unknown kind is refused."""
    with pytest.raises(InvalidValueError, match="has no name"):
        Entity(id="e", kind="individual", names=[])
    with pytest.raises(InvalidValueError, match="expected one of"):
        Entity(id="e", kind="person", names=[Name(text="x")])
    with pytest.raises(InvalidValueError, match="expected Name"):
        Entity(id="e", kind="vessel", names=["x"])


def test_entity_primary_name_falls_back():
    """primary_name is the first primary name, else the first name."""
    e = Entity(
        id="e", kind=EntityKind.VESSEL, names=[Name(text="A", kind=NameKind.AKA), Name(text="B")]
    )
    assert "B" == e.primary_name
    assert "A" == Entity(id="e", kind="vessel", names=[Name(text="A", kind="aka")]).primary_name


def test_entity_birth_dates_accept_partial_forms():
    """Birth dates accept partial-date strings and dates."""
    e = Entity(
        id="e",
        kind="individual",
        names=[Name(text="x")],
        birth_dates=["1957-07-27", "1961", date(1960, 1, 2)],
    )
    assert (
        PartialDate(year=1957, month=7, day=27),
        PartialDate(year=1961),
        PartialDate(year=1960, month=1, day=2),
    ) == e.birth_dates


def test_identifier_dates_are_partial():
    """Identifier issue and expiry dates are partial dates."""
    i = Identifier(scheme="passport", value="654420047", country="Korea, North", issued="2012-09")
    assert PartialDate(year=2012, month=9) == i.issued


def test_link_rejects_self_and_bad_score():
    """A link joins two different entities with a score in [0, 1]."""
    with pytest.raises(InvalidValueError, match="two different entities"):
        Link(left="a", right="a")
    with pytest.raises(InvalidValueError, match="score"):
        Link(left="a", right="b", score=1.5)
    assert "a" == Link(left="a", right="b").other("b")


def test_jurisdiction_checks_time_zone():
    """A jurisdiction's time zone must be a known IANA zone."""
    with pytest.raises(InvalidValueError, match="unknown time zone"):
        Jurisdiction(code="XX", name="X", timezone="Mars/Olympus")


def test_trusted_constructor_equals_validated_path():
    """The readers' private fast path makes records equal to the validated ones.

    It stores values as given (no converter runs), so it is given the stored
    forms; defaults and the detected script are filled as the validated path
    fills them.
    """
    from sanctionsmodel._model import (  # noqa: PLC0415
        Address,
        Feature,
        Relationship,
        Vessel,
        _trusted,
        _trusted_positional,
    )

    for text in ("리봉춘", "RI Pong Chun", "Новосибирск", "金正恩", "123"):
        made = _trusted(Name)(text=text, kind=NameKind.AKA)
        assert made == Name(text=text, kind="aka")
        assert (made.script, hash(made)) == (detect_script(text), hash(Name(text=text, kind="aka")))
    assert _trusted(Name)(text="X", script="Latn") == Name(text="X")
    ident = {
        "scheme": "passport",
        "value": "654420047",
        "country": "Korea, North",
        "issued": PartialDate(year=2013, month=7),
    }
    assert _trusted(Identifier)(**ident) == Identifier(**{**ident, "issued": "2013-07"})
    values = {
        "id": "us-ofac:1",
        "kind": EntityKind.VESSEL,
        "names": (Name(text="X"), Name(text="리봉춘", kind="weak-aka")),
        "identifiers": (Identifier(scheme="imo", value="9888807"),),
        "birth_dates": (PartialDate(year=1961),),
        "birth_places": ("Moscow",),
        "nationalities": ("Russia",),
        "citizenships": ("Russia",),
        "gender": "Male",
        "titles": ("Director",),
        "addresses": (Address(lines=("1 Main St",), city="Kyiv"),),
        "vessel": Vessel(flag="Panama", tonnage="5000"),
        "features": (Feature(type="program", value="DPRK3"),),
        "relationships": (Relationship(type="Linked To", target="us-ofac:1", target_name="X"),),
        "remarks": "something else",
        "source": "data/ofac",
    }
    trusted = _trusted(Entity)(**values)
    validated = Entity(**{**values, "kind": "vessel", "names": list(values["names"])})
    assert trusted == validated
    assert hash(trusted) == hash(validated)
    assert repr(trusted) == repr(validated)
    assert attrs.asdict(trusted) == attrs.asdict(validated)
    minimal = _trusted(Entity)(id="e", kind=EntityKind.INDIVIDUAL, names=(Name(text="X"),))
    assert minimal == Entity(id="e", kind="individual", names=[Name(text="X")])
    assert type(minimal) is Entity
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        minimal.id = "f"  # type: ignore[misc]
    # The positional form takes every field, in the class's order.
    by_position = _trusted_positional(Entity)(*values.values())
    assert list(values) == [f.name for f in attrs.fields(Entity)]
    assert by_position == validated
    assert (hash(by_position), repr(by_position)) == (hash(validated), repr(validated))
    with pytest.raises(TypeError):
        _trusted_positional(Entity)("e", EntityKind.INDIVIDUAL, (Name(text="X"),))


def test_trusted_constructor_needs_a_slotted_attrs_class():
    """Anything but a slotted attrs class is refused."""
    from sanctionsmodel._model import _trusted  # noqa: PLC0415

    with pytest.raises(TypeError, match="not a slotted attrs class"):
        _trusted(dict)


def test_relationship_needs_a_target_and_checks_its_fields():
    """A relationship names its target by id or name; bad values raise InvalidValueError."""
    by_name = Relationship(type="Linked To", target_name="KOREA KWANGSON BANKING CORP")
    assert (by_name.target, by_name.former, by_name.source) == (None, False, None)
    with pytest.raises(InvalidValueError, match="needs a target id or a target name"):
        Relationship(type="Linked To")
    with pytest.raises(InvalidValueError, match="non-empty text"):
        Relationship(type=" ", target="us-ofac:1")
    with pytest.raises(InvalidValueError, match="without surrounding spaces"):
        Relationship(type="Linked To", target=" us-ofac:1")
    with pytest.raises(InvalidValueError, match="True or False"):
        Relationship(type="Linked To", target="us-ofac:1", former="yes")


def test_entity_relationships():
    """Entity.relationships defaults to empty, becomes a tuple, and holds only relationships."""
    tie = Relationship(type="Owned or Controlled By", target="us-ofac:17022", former=True)
    entity = Entity(id="e", kind="organization", names=[Name(text="X")], relationships=[tie])
    assert (Entity(id="e", kind="organization", names=[Name(text="X")]).relationships) == ()
    assert entity.relationships == (tie,)
    with pytest.raises(InvalidValueError, match="expected Relationship"):
        Entity(id="e", kind="organization", names=[Name(text="X")], relationships=["us-ofac:1"])
